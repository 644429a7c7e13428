import { describe, expect, it } from 'vitest';
import { createRunners } from '../../../src/actions/runners/index.js';
import { scriptInvocation } from '../../../src/actions/runners/local-shell-script.js';
import { makeAction, makeRequest, tempPack, writeAction } from './helpers.js';

const runner = createRunners({ baseEnv: { PATH: process.env.PATH }, killGraceMs: 300 })['local-shell-script']!;

/** Prints each argument on its own line between brackets, so empty and spaced arguments show. */
const PRINT_ARGS = '#!/bin/bash\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\n';

describe('local-shell-script', () => {
  it('passes named then positional arguments, each value one argv entry', async () => {
    const pack = tempPack();
    writeAction(pack, 'args.sh', PRINT_ARGS, 0o755);
    const action = makeAction({
      pack_path: pack,
      runner_type: 'local-shell-script',
      entry_point: 'args.sh',
      parameters: {
        target: { type: 'string', position: 0 },
        enabled: { type: 'boolean', position: 1 },
        items: { type: 'array', position: 2 },
        missing: { type: 'string', position: 3 },
        verbose: { type: 'boolean' },
        quiet: { type: 'boolean' },
        name: { type: 'string' },
      },
    });
    const out = await runner.run(makeRequest(runner, action, { target: 'a b; $(id)', enabled: false, items: ['x', 'y'], verbose: true, quiet: false, name: 'n m' }));
    expect(out.status).toBe('succeeded');
    expect((out.result as { stdout: string }).stdout).toBe(['[--verbose]', '[--name=n m]', '[a b; $(id)]', '[0]', '[x,y]', '[]'].join('\n'));
  });

  it('uses kwarg_op for named arguments and resolves entry points in subdirectories', async () => {
    const pack = tempPack();
    writeAction(pack, 'tools/args.sh', PRINT_ARGS, 0o755);
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'tools/args.sh', parameters: { level: { type: 'integer' } } });
    const out = await runner.run(makeRequest(runner, action, { level: 3, kwarg_op: '-' }));
    expect((out.result as { stdout: string }).stdout).toBe('[-level=3]');
  });

  it('runs a non-executable script through its #! interpreter, or bash without one', async () => {
    const pack = tempPack();
    const withShebang = writeAction(pack, 'node.js', '#!/usr/bin/env node\nconsole.log(JSON.stringify(process.argv.slice(2)));\n', 0o644);
    const plain = writeAction(pack, 'plain.sh', 'echo "plain:$1"\n', 0o644);
    expect(scriptInvocation(withShebang, ['a'], '/bin/bash')).toEqual({ file: '/usr/bin/env', args: ['node', withShebang, 'a'] });
    expect(scriptInvocation(plain, ['a'], '/bin/bash')).toEqual({ file: '/bin/bash', args: [plain, 'a'] });
    const nodeAction = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'node.js', parameters: { v: { type: 'string', position: 0 } } });
    const out = await runner.run(makeRequest(runner, nodeAction, { v: 'x y' }));
    expect((out.result as { stdout: unknown }).stdout).toEqual(['x y']);
    const plainAction = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'plain.sh', parameters: { v: { type: 'string', position: 0 } } });
    const plainOut = await runner.run(makeRequest(runner, plainAction, { v: 'ok' }));
    expect((plainOut.result as { stdout: unknown }).stdout).toBe('plain:ok');
  });

  it('sets ST2_ACTION_DEBUG from the debug parameter', async () => {
    const pack = tempPack();
    writeAction(pack, 'dbg.sh', 'echo "$ST2_ACTION_DEBUG"', 0o644);
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'dbg.sh' });
    const out = await runner.run(makeRequest(runner, action, { debug: true }));
    expect((out.result as { stdout: unknown }).stdout).toBe('True');
  });

  it('refuses entry points that are missing or outside the pack', async () => {
    const pack = tempPack();
    const missing = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'nope.sh' });
    await expect(runner.run(makeRequest(runner, missing))).rejects.toMatchObject({ code: 'ENTRY_POINT_INVALID' });
    const escaping = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: '../../../../etc/passwd' });
    await expect(runner.run(makeRequest(runner, escaping))).rejects.toMatchObject({ code: 'ENTRY_POINT_INVALID' });
    const none = makeAction({ pack_path: pack, runner_type: 'local-shell-script' });
    await expect(runner.run(makeRequest(runner, none))).rejects.toMatchObject({ code: 'ENTRY_POINT_INVALID' });
  });

  it('rejects content_version, which needs git worktrees Squall does not make', async () => {
    const pack = tempPack();
    writeAction(pack, 'x.sh', 'true', 0o755);
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'x.sh' });
    await expect(runner.run(makeRequest(runner, action, { content_version: 'v1.0' }))).rejects.toMatchObject({ code: 'PARAMETERS_INVALID' });
  });

  it('times out like the command runner', async () => {
    const pack = tempPack();
    writeAction(pack, 'slow.sh', '#!/bin/bash\nsleep 100 &\nwait\n', 0o755);
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-script', entry_point: 'slow.sh' });
    const out = await runner.run(makeRequest(runner, action, { timeout: 1 }));
    expect(out.status).toBe('timeout');
    expect(out.result).toMatchObject({ return_code: -9, error: 'Action failed to complete in 1 seconds' });
  });
});
