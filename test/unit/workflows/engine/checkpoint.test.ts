import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatastoreCrypto } from '../../../../src/datastore/crypto.js';
import { silentLogger } from '../../../../src/util/logger.js';
import { childLinks, openCheckpoint, sealCheckpoint, taskViews, type WorkflowCheckpoint } from '../../../../src/workflows/engine-records.js';
import { makeTempDir, removeTempDirs } from '../../../helpers/temp-pack.js';

afterAll(() => removeTempDirs());

const DOC: WorkflowCheckpoint = {
  id: 'wf1',
  conductor: JSON.stringify({ input: { token: 'hunter2' } }),
  tasks: [
    { task_id: 'a', route: 0, status: 'succeeded', start_timestamp: '2026-01-01T00:00:00.000Z', end_timestamp: '2026-01-01T00:00:01.500Z', children: ['c1'] },
    { task_id: 'b', route: 1, status: 'running', start_timestamp: '2026-01-01T00:00:02.000Z', children: [], items: ['c2', null, 'c3'] },
    { task_id: 'c', route: 0, status: 'running', start_timestamp: '2026-01-01T00:00:02.000Z', children: [], delayed: [{ until: 5, actions: [{ action: 'core.local', input: { cmd: 'echo hunter2' } }] }] },
  ],
  active: { c3: 'running', c2: 'pending' },
  updated_at: '2026-01-01T00:00:02.000Z',
};

describe('workflow checkpoints', () => {
  it('encrypts the conductor and the delayed actions of a secret workflow, and opens them again', () => {
    const crypto = DatastoreCrypto.fromKeyFile(path.join(makeTempDir('squall-ckpt-'), 'key.json'), silentLogger);
    const sealed = sealCheckpoint(DOC, crypto);
    expect(JSON.stringify(sealed)).not.toContain('hunter2');
    expect(sealed.encrypted).toBe(true);
    expect(sealed.tasks.map((t) => t.task_id)).toEqual(['a', 'b', 'c']);
    expect(openCheckpoint(sealed, crypto)).toEqual({ conductor: DOC.conductor, tasks: DOC.tasks });
    // Without secrets the document is stored as it is.
    expect(sealCheckpoint(DOC, undefined)).toBe(DOC);
    expect(openCheckpoint(DOC, crypto)).toEqual({ conductor: DOC.conductor, tasks: DOC.tasks });
  });

  it('links the still active children back to their task runs and items', () => {
    const links = childLinks(DOC.tasks, DOC.active);
    expect([...links.keys()].sort()).toEqual(['c2', 'c3']);
    expect(links.get('c3')).toMatchObject({ itemId: 2, fed: 'running', record: { task_id: 'b' } });
    expect(links.get('c2')).toMatchObject({ itemId: 0, fed: 'pending' });
  });

  it('shows task runs with their executions, timing and items', () => {
    const [a, b] = taskViews(DOC.tasks);
    expect(a).toMatchObject({ task_id: 'a', executions: ['c1'], elapsed_ms: 1500 });
    expect(b).toMatchObject({ task_id: 'b', route: 1, executions: ['c2', 'c3'], items: { count: 3, started: 2 } });
    expect(b!.elapsed_ms).toBeUndefined();
  });
});
