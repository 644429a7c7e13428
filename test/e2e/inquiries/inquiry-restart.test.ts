import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/command.js';
import { ManualClock } from '../../../src/util/clock.js';
import { startTestApp, stopTestApps, waitFor } from '../../helpers/app.js';
import { removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

const MINUTE = 60_000;

/** A pack whose rule announces every new inquiry, the usual chat pattern (reference §13). */
const PACK = {
  'actions/announce.yaml': shellCmdAction('announce', `printf 'inquiry %s on %s' "$1" "$2"`, {
    parameters: { id: { type: 'string', position: 0 }, route: { type: 'string', position: 1 } },
  }),
  'rules/on_inquiry.yaml': {
    name: 'on_inquiry',
    pack: 'asks',
    enabled: true,
    trigger: { type: 'core.st2.generic.inquiry' },
    action: { ref: 'asks.announce', parameters: { id: '{{ trigger.id }}', route: '{{ trigger.route }}' } },
  },
};

describe('inquiries in the running engine', () => {
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('core.ask waits pending outside the queue, survives a restart, and is answered after it', async () => {
    const t = await startTestApp({ packsDir: tempPacksDir({ asks: PACK }) });
    const schema = { type: 'object', properties: { continue: { type: 'boolean', required: true }, secret_word: { type: 'string', secret: true } } };
    const ask = t.app.executor.request({ ref: 'core.ask', parameters: { route: 'ops', users: ['alice'], schema }, context: { source: 'test' } });
    // idle() resolving proves the pending inquiry holds no running slot of the queue.
    await t.app.idle();
    expect(t.app.executions.get(ask.id)!.status).toBe('pending');
    const announced = await waitFor(() => t.app.executions.list({ action: 'asks.announce' }).find((e) => e.status === 'succeeded'), 'the inquiry rule to run');
    expect((announced.result as { stdout: string }).stdout).toBe(`inquiry ${ask.id} on ops`);
    expect(t.app.triggers.list().find((i) => i.trigger === 'core.st2.generic.inquiry')?.payload).toEqual({ id: ask.id, route: 'ops' });

    const app = await t.restart();
    expect(app.executions.get(ask.id)!.status).toBe('pending');
    expect(app.inquiries.list().map((q) => q.id)).toEqual([ask.id]);
    expect(() => app.inquiries.respond(ask.id, { continue: true }, { user: 'bob' })).toThrow(expect.objectContaining({ code: 'INQUIRY_FORBIDDEN' }));

    const out: string[] = [];
    const io: CliIo = { out: (s) => out.push(s), err: (s) => out.push(s) };
    const code = await runCli(['inquiry', 'respond', ask.id, '-r', '{"continue": true, "secret_word": "swordfish"}', '--user', 'alice', '--json'], io, { cwd: t.dataDir, vars: {}, app: async () => app });
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toMatchObject({ id: ask.id, status: 'succeeded', response: { continue: true, secret_word: '********' } });
    expect(app.executions.get(ask.id)!.result).toMatchObject({ route: 'ops', users: ['alice'], response: { continue: true, secret_word: '********' } });

    // After another restart the workflow side can still read the clear response; nothing stores it in clear.
    const again = await t.restart();
    expect(again.executions.get(ask.id)!.status).toBe('succeeded');
    expect(again.inquiries.clearResponse(ask.id)).toEqual({ continue: true, secret_word: 'swordfish' });
    await again.store.flush();
    const files = readdirSync(t.dataDir).filter((n) => n.startsWith('squall.json'));
    expect(files).toContain('squall.json');
    const atRest = files.map((f) => readFileSync(path.join(t.dataDir, f), 'utf8')).join('\n');
    expect(atRest).toContain(ask.id);
    expect(atRest).not.toContain('swordfish');
  });

  it('an inquiry whose ttl passed while Squall was stopped times out at start; a live one on the timer', async () => {
    const clock = new ManualClock();
    const packsDir = tempPacksDir({ asks: PACK });
    const t = await startTestApp({ packsDir, clock });
    const short = t.app.executor.request({ ref: 'core.ask', parameters: { ttl: 1 } });
    const long = t.app.executor.request({ ref: 'core.ask', parameters: { ttl: 10 } });
    await t.app.idle();
    expect(t.app.inquiries.list()).toHaveLength(2);
    await t.stop();

    clock.advance(2 * MINUTE);
    const next = await startTestApp({ packsDir, clock, dataDir: t.dataDir });
    expect(next.app.executions.get(short.id)!.status).toBe('timeout');
    expect(next.app.executions.get(long.id)!.status).toBe('pending');
    expect(() => next.app.inquiries.respond(short.id, { continue: true }, { user: 'stanley' })).toThrow(expect.objectContaining({ code: 'INQUIRY_EXPIRED' }));

    clock.advance(8 * MINUTE);
    expect(next.app.executions.get(long.id)!.status).toBe('timeout');
    expect(next.app.inquiries.list()).toEqual([]);
  });
});
