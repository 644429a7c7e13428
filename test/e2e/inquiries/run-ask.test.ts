import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startTestApp, stopTestApps } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';

describe('squall run core.ask', () => {
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('returns at once with the inquiry pending, as st2 run does, and the inquiry can then be answered', async () => {
    const t = await startTestApp({ packsDir: tempPacksDir({}) });
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const env = { cwd: t.dataDir, vars: {}, app: async () => t.app };
    const code = await runCli(['run', 'core.ask', '--json'], io, env);
    expect(code).toBe(0);
    const shown = JSON.parse(out.join('\n')) as { id: string; status: string };
    expect(shown.status).toBe('pending');
    const answered = await runCli(['inquiry', 'respond', shown.id, '-r', '{"continue": true}'], io, env);
    expect(answered).toBe(0);
    expect(t.app.executions.get(shown.id)?.status).toBe('succeeded');
  });
});
