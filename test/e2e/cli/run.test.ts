import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands.js';
import { waitFor } from '../../helpers/app.js';
import { cliProject, type CliProject } from '../../helpers/cli-process.js';
import { removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

afterAll(() => removeTempDirs());

describe('squall --help and unknown verbs', () => {
  let project: CliProject;
  beforeAll(() => {
    project = cliProject();
  });

  it('--help lists every verb of the COMMANDS table and exits 0', async () => {
    const r = await project.run(['--help']);
    expect(r.code).toBe(0);
    expect(COMMANDS.length).toBeGreaterThan(5);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c.name}\\s+\\S`, 'm'));
  });

  it('an unknown verb exits 2 naming it and showing the commands', async () => {
    const r = await project.run(['nosuch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "nosuch"');
    expect(r.stderr).toContain('Commands:');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('run --help shows the usage of run', async () => {
    const r = await project.run(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: squall run <pack.action>');
    expect(r.stdout).toContain('--async');
  });
});

describe('squall run and squall execution, without a server', () => {
  let project: CliProject;
  beforeAll(() => {
    const packs = tempPacksDir({
      clitest: {
        'actions/typed.yaml': shellCmdAction('typed', 'true', {
          parameters: { count: { type: 'integer', required: true }, flag: { type: 'boolean' }, mode: { type: 'string', enum: ['a', 'b'] } },
        }),
        'actions/secretive.yaml': shellCmdAction('secretive', 'echo done', { parameters: { token: { type: 'string', secret: true, required: true } } }),
      },
    });
    project = cliProject([packs]);
  });

  it('runs core.local and prints status succeeded and the stdout', async () => {
    const r = await project.run(['run', 'core.local', 'cmd=echo hi']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^status: succeeded/m);
    expect(r.stdout).toMatch(/^ {2}stdout: "hi"$/m);
    expect(r.stdout).toMatch(/^triggered_by: cli by stanley$/m);
    // Nothing keeps the process alive after the command: no stop-grace timer left running.
    expect(r.ms).toBeLessThan(4500);
  });

  it('--json prints the execution as JSON without secret_parameters', async () => {
    const r = await project.run(['run', 'clitest.secretive', 'token=s3cr3t-v4lue', '--json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(e.status).toBe('succeeded');
    expect((e.action as { ref: string }).ref).toBe('clitest.secretive');
    expect(e).not.toHaveProperty('secret_parameters');
    expect(r.stdout).not.toContain('s3cr3t-v4lue');
  });

  it('a failing command exits 1 with status failed', async () => {
    const r = await project.run(['run', 'core.local', 'cmd=echo oops >&2; exit 3', '--json']);
    expect(r.code).toBe(1);
    const e = JSON.parse(r.stdout) as { status: string; result: { return_code: number; stderr: string } };
    expect(e.status).toBe('failed');
    expect(e.result).toMatchObject({ return_code: 3, stderr: 'oops' });
  });

  it('an unknown action exits 1 with ACTION_NOT_FOUND and no stack trace', async () => {
    const r = await project.run(['run', 'core.nosuch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ACTION_NOT_FOUND');
    expect(r.stderr).toContain('core.nosuch');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad parameters name every field', async () => {
    const r = await project.run(['run', 'clitest.typed', 'flag=maybe', 'mode=c']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PARAMETERS_INVALID');
    for (const field of ['count', 'flag', 'mode']) expect(r.stderr).toMatch(new RegExp(`^  ${field}: `, 'm'));
  });

  it('--json errors are JSON with the code and details', async () => {
    const r = await project.run(['run', 'clitest.typed', 'count=x', '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stderr) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe('PARAMETERS_INVALID');
    expect(body.error.details.map((d) => d.field)).toContain('count');
  });

  it('execution list, get and re-run show the executions', async () => {
    const list = await project.json<{ id: string; action: { ref: string }; status: string; parameters: Record<string, unknown> }[]>(['execution', 'list']);
    const hi = list.find((e) => e.action.ref === 'core.local' && e.parameters.cmd === 'echo hi');
    expect(hi, JSON.stringify(list)).toBeDefined();
    expect(hi!.status).toBe('succeeded');
    expect(list.some((e) => e.status === 'failed')).toBe(true);
    expect(list.every((e) => !('secret_parameters' in e))).toBe(true);

    const table = await project.run(['execution', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${hi!.id}\\s+core\\.local\\s+succeeded`, 'm'));

    const get = await project.run(['execution', 'get', hi!.id]);
    expect(get.code).toBe(0);
    expect(get.stdout).toContain(`id: ${hi!.id}`);
    expect(get.stdout).toMatch(/^ {2}stdout: "hi"$/m);

    const missing = await project.run(['execution', 'get', 'nosuchid']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('EXECUTION_NOT_FOUND');

    const rerun = await project.run(['execution', 're-run', hi!.id, 'cmd=echo again', '--json']);
    expect(rerun.code).toBe(0);
    const again = JSON.parse(rerun.stdout) as { id: string; status: string; result: { stdout: string } };
    expect(again.id).not.toBe(hi!.id);
    expect(again.status).toBe('succeeded');
    expect(again.result.stdout).toBe('again');
  });
});

describe('finding a server through data/server.json', () => {
  it('a server.json whose process is gone is ignored: the command runs locally', async () => {
    const project = cliProject();
    writeFileSync(path.join(project.dataDir, 'server.json'), JSON.stringify({ pid: 2 ** 22 + 17, host: '127.0.0.1', port: 9 }));
    const r = await project.run(['execution', 'list', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('a live pid with nothing listening gives SERVER_UNREACHABLE, not a stack trace', async () => {
    const project = cliProject();
    // A port that was free a moment ago: nothing listens on it now.
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    mkdirSync(path.join(project.dataDir, 'keys'), { recursive: true });
    writeFileSync(path.join(project.dataDir, 'keys', 'api_key'), 'k\n');
    writeFileSync(path.join(project.dataDir, 'server.json'), JSON.stringify({ pid: process.pid, host: '127.0.0.1', port }));
    const r = await project.run(['execution', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^SERVER_UNREACHABLE: cannot reach the Squall server \\(pid ${process.pid}\\) at http://127\\.0\\.0\\.1:${port}`, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('two CLI processes on one data directory', () => {
  it('the second gets a clear STORE_LOCKED message, not a crash', async () => {
    const project = cliProject();
    // Long enough that the second CLI, however slow to start on a loaded machine, meets the lock.
    const first = project.run(['run', 'core.local', 'cmd=sleep 12'], { timeoutMs: 40_000 });
    // Wait until the first process holds the lock before starting the second.
    await waitFor(() => existsSync(path.join(project.dataDir, 'squall.lock')), 'the first process to lock the data dir', 10_000);

    const second = await project.run(['execution', 'list']);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^STORE_LOCKED: data directory .* is in use by Squall process \d+/m);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    expect(second.stderr).not.toContain('INTERNAL');

    const done = await first;
    expect(done.code).toBe(0);
    // The lock is released with the first process: a plain command works again.
    const after = await project.run(['execution', 'list', '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toHaveLength(1);
  }, 60_000);
});
