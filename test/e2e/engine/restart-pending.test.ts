import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { silentLogger } from '../../../src/util/logger.js';
import type { TriggerInstance } from '../../../src/model/index.js';
import { startTestApp, stopTestApps, waitFor } from '../../helpers/app.js';
import { makeTempDir, removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

const PACK = {
  'actions/mark.yaml': shellCmdAction('mark', 'echo marked'),
  'rules/on_webhook.yaml': {
    name: 'on_webhook',
    pack: 'rp',
    enabled: true,
    trigger: { type: 'core.st2.webhook', parameters: { url: 'left/over' } },
    criteria: { 'trigger.body.go': { type: 'equals', pattern: true } },
    action: { ref: 'rp.mark' },
  },
};

describe('restart: what the previous process left behind', () => {
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('processes trigger instances stored but never handled, exactly once', async () => {
    const packsDir = tempPacksDir({ rp: PACK });
    const dataDir = path.join(makeTempDir('squall-pending-'), 'data');
    // What a process killed between storing an instance and handling it leaves on disk.
    const store = await LowdbStore.open({ file: path.join(dataDir, 'squall.json'), coalesceMs: 10, logger: silentLogger });
    const left: TriggerInstance = {
      id: '000000000001000000000001',
      trigger: 'core.st2.webhook',
      trigger_parameters: { url: 'left/over' },
      payload: { headers: {}, headers_lower: {}, body: { go: true } },
      occurrence_time: '2026-01-01T00:00:00.000Z',
      status: 'pending',
    };
    store.collection<TriggerInstance>('trigger_instances').put(left);
    store.collection<TriggerInstance>('trigger_instances').put({ ...left, id: '000000000002000000000002', status: 'processed' });
    await store.close();

    const t = await startTestApp({ packsDir, dataDir });
    const execution = await waitFor(() => t.app.executions.list({ action: 'rp.mark' })[0], 'the left-over instance to fire its rule');
    await t.app.idle();
    expect(t.app.executions.list({ action: 'rp.mark' })).toHaveLength(1);
    expect(execution.context.trigger_instance?.id).toBe(left.id);
    expect(t.app.triggers.get(left.id)?.status).toBe('processed');

    // Handled once means not handled again on the next start.
    await t.restart();
    await t.app.idle();
    expect(t.app.executions.list({ action: 'rp.mark' })).toHaveLength(1);
  });

  it('refuses a second app on a data dir this process already has open', async () => {
    const packsDir = tempPacksDir({ rp: PACK });
    const t = await startTestApp({ packsDir });
    await expect(startTestApp({ packsDir, dataDir: t.dataDir })).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await t.stop();
    const again = await startTestApp({ packsDir, dataDir: t.dataDir });
    expect(again.app.executions.list()).toEqual([]);
  });
});
