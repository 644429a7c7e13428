import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunners } from '../../../src/actions/runners/index.js';
import { withSudo } from '../../../src/actions/runners/shell-process.js';
import { isSquallError } from '../../../src/errors/index.js';
import { makeAction, makeRequest, makeServices, tempPack } from './helpers.js';

const runners = createRunners({ baseEnv: { PATH: process.env.PATH }, killGraceMs: 300 });
const runner = runners['local-shell-cmd']!;

describe('local-shell-cmd', () => {
  let pack: string;
  beforeEach(() => {
    pack = tempPack('shellpack');
    process.env.SQUALL_TEST_SECRET = 'top-secret';
  });
  afterEach(() => {
    delete process.env.SQUALL_TEST_SECRET;
  });

  it('runs cmd with bash and returns StackStorm\'s result shape', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const out = await runner.run(makeRequest(runner, action, { cmd: 'echo hello; echo oops >&2' }));
    expect(out).toEqual({ status: 'succeeded', result: { failed: false, succeeded: true, return_code: 0, stdout: 'hello', stderr: 'oops' } });
  });

  it('fails on a non-zero exit and keeps the code', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const out = await runner.run(makeRequest(runner, action, { cmd: 'exit 4' }));
    expect(out.status).toBe('failed');
    expect(out.result).toMatchObject({ failed: true, succeeded: false, return_code: 4 });
  });

  it('decodes JSON printed on stdout, as st2 does', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const out = await runner.run(makeRequest(runner, action, { cmd: `echo '{"a": [1, 2]}'` }));
    expect((out.result as { stdout: unknown }).stdout).toEqual({ a: [1, 2] });
  });

  it('runs in the pack directory unless cwd says otherwise', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const here = await runner.run(makeRequest(runner, action, { cmd: 'pwd -P' }));
    expect((here.result as { stdout: string }).stdout).toBe(realpathSync(pack));
    mkdirSync(path.join(pack, 'sub'));
    const sub = await runner.run(makeRequest(runner, action, { cmd: 'pwd -P', cwd: 'sub' }));
    expect((sub.result as { stdout: string }).stdout).toBe(realpathSync(path.join(pack, 'sub')));
  });

  it('rejects a missing cwd and a missing cmd with PARAMETERS_INVALID', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    await expect(runner.run(makeRequest(runner, action, { cmd: 'true', cwd: '/does/not/exist' }))).rejects.toMatchObject({ code: 'PARAMETERS_INVALID' });
    const err = await runner.run(makeRequest(runner, action, {})).catch((e: unknown) => e);
    expect(isSquallError(err) && err.code).toBe('PARAMETERS_INVALID');
  });

  it('does not leak Squall\'s environment, and exports ST2_ACTION_* plus env', async () => {
    // As the composition root does it: Squall's real environment, holding a secret.
    const live = createRunners({ baseEnv: process.env })['local-shell-cmd']!;
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const req = makeRequest(live, action, { cmd: 'env | sort', env: { EXTRA: 'from-param', NUM: 5 } }, { env: { FROM_REQUEST: 'yes' }, services: makeServices([], 'http://127.0.0.1:9101/api/v1') });
    const out = await live.run(req);
    const lines = String((out.result as { stdout: unknown }).stdout).split('\n');
    const env = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(env.SQUALL_TEST_SECRET).toBeUndefined();
    expect(Object.keys(env).filter((k) => !k.startsWith('ST2_ACTION_') && !['EXTRA', 'NUM', 'FROM_REQUEST', 'PWD', 'SHLVL', '_'].includes(k)).sort()).toEqual(
      ['HOME', 'LANG', 'PATH', 'USER'].filter((k) => process.env[k] !== undefined || k === 'PATH'),
    );
    expect(env).toMatchObject({
      PATH: process.env.PATH,
      EXTRA: 'from-param',
      NUM: '5',
      FROM_REQUEST: 'yes',
      ST2_ACTION_PACK_NAME: 'shellpack',
      ST2_ACTION_EXECUTION_ID: 'exec-0001',
      ST2_ACTION_API_URL: 'http://127.0.0.1:9101/api/v1',
      ST2_ACTION_DEBUG: 'False',
      ST2_ACTION_AUTH_TOKEN: '',
    });
  });

  it('hands other action parameters to bash as "$@" without running them as code', async () => {
    const action = makeAction({
      pack_path: pack,
      runner_type: 'local-shell-cmd',
      name: 'show',
      parameters: { message: { type: 'string', position: 0 }, flag: { type: 'boolean' }, cmd: { type: 'string', default: 'printf "%s|" "$0" "$@"' } },
    });
    const evil = '"; touch pwned; echo "$(id)`id`';
    const out = await runner.run(makeRequest(runner, action, { message: evil, flag: true }));
    expect((out.result as { stdout: unknown }).stdout).toBe(`shellpack.show|--flag|${evil}|`);
    expect(existsSync(path.join(pack, 'pwned'))).toBe(false);
  });

  it('times out, kills the tree and reports st2\'s timeout result', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const started = Date.now();
    const out = await runner.run(makeRequest(runner, action, { cmd: 'echo started; sleep 100 & wait', timeout: 1 }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(out.status).toBe('timeout');
    expect(out.result).toMatchObject({ failed: true, succeeded: false, return_code: -9, stdout: 'started', error: 'Action failed to complete in 1 seconds' });
  });

  it('is canceled through the request signal', async () => {
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const out = await runner.run(makeRequest(runner, action, { cmd: 'sleep 100' }, { signal: controller.signal }));
    expect(out.status).toBe('canceled');
    expect(out.result).toMatchObject({ failed: true, error: 'Action was canceled' });
  });

  it('bounds stdout', async () => {
    const small = createRunners({ baseEnv: { PATH: process.env.PATH }, maxOutputBytes: 100 })['local-shell-cmd']!;
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const out = await small.run(makeRequest(small, action, { cmd: 'seq 1 100000' }));
    const stdout = (out.result as { stdout: string }).stdout;
    expect(stdout).toMatch(/\n\.\.\.\[truncated \d+ bytes\]$/);
    expect(stdout.length).toBeLessThan(200);
  });

  it('runs sudo actions directly as root and wraps them in sudo -E otherwise', async () => {
    const inv = { file: '/bin/bash', args: ['-c', 'id -u'] };
    expect(withSudo(inv, { sudo: true, uid: 0 })).toEqual(inv);
    expect(withSudo(inv, { sudo: false, uid: 1000 })).toEqual(inv);
    expect(withSudo(inv, { sudo: true, uid: 1000 })).toEqual({ file: 'sudo', args: ['-E', '--', '/bin/bash', '-c', 'id -u'] });
    expect(withSudo(inv, { sudo: true, uid: 1000, password: 'pw' })).toEqual({ file: 'sudo', args: ['-E', '-S', '--', '/bin/bash', '-c', 'id -u'], input: 'pw\n' });
    const asRoot = createRunners({ baseEnv: { PATH: process.env.PATH }, uid: 0 })['local-shell-cmd']!;
    const action = makeAction({ pack_path: pack, runner_type: 'local-shell-cmd' });
    const out = await asRoot.run(makeRequest(asRoot, action, { cmd: 'echo ran', sudo: true }));
    expect(out).toMatchObject({ status: 'succeeded', result: { stdout: 'ran' } });
  });
});
