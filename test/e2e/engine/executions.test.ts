import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { isProcessAlive } from '../../../src/util/process-tree.js';
import { startTestApp, statusLog, stopTestApps, waitFor, waitForStatus, type TestApp } from '../../helpers/app.js';
import { makeTempDir, removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

const SECRET = 'hunter2-Clear-Text-7731';
const sha = (s: string) => `sha:${createHash('sha256').update(s).digest('hex')}`;

const PACK = {
  'actions/ok.yaml': shellCmdAction('ok', 'echo fine'),
  'actions/fail.yaml': shellCmdAction('fail', 'echo oops >&2; exit 3'),
  // Writes the pids of its whole tree (shell, subshell, background child, a child in its own session) to $1.
  'actions/hang.yaml': shellCmdAction(
    'hang',
    'echo $$ >> "$1"; ( echo $BASHPID >> "$1"; sleep 30 & echo $! >> "$1"; setsid sleep 31 & echo $! >> "$1"; sleep 30; ); echo after',
    { parameters: { pidfile: { type: 'string', required: true, position: 0 }, timeout: { default: 1 } } },
  ),
  'actions/wait.yaml': shellCmdAction('wait', 'echo $$ >> "$1"; sleep 30 & echo $! >> "$1"; wait', {
    parameters: { pidfile: { type: 'string', required: true, position: 0 } },
  }),
  'actions/secretive.yaml': shellCmdAction('secretive', `printf 'sha:%s' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"`, {
    parameters: { token: { type: 'string', required: true, secret: true, position: 0 }, label: { type: 'string', position: 1 } },
  }),
  // The secret is a member of an object parameter: masked in the record, kept encrypted for re-runs all the same.
  'actions/nested.yaml': shellCmdAction('nested', `printf 'sha:%s' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"`, {
    parameters: { creds: { type: 'object', required: true, position: 0, properties: { user: { type: 'string' }, password: { type: 'string', secret: true } } } },
  }),
  'actions/typed.yaml': shellCmdAction('typed', 'true', {
    parameters: { message: { type: 'string', required: true }, count: { type: 'integer' }, flag: { type: 'boolean' } },
  }),
};

function pidsIn(file: string): number[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number);
}

/** Every byte the store has on disk: the snapshot, the journal, anything else in the data dir except the key. */
function storeBytes(dataDir: string): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) {
        if (name !== 'keys') walk(file);
      } else out.push(readFileSync(file, 'latin1'));
    }
  };
  walk(dataDir);
  return out.join('\n');
}

describe('executions through the whole engine', () => {
  let t: TestApp;
  let tmp: string;

  beforeAll(async () => {
    t = await startTestApp({ packsDir: tempPacksDir({ ex: PACK }) });
    tmp = makeTempDir('squall-pids-');
  });
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('goes requested → scheduled → running → succeeded, with timestamps in order', async () => {
    const e = await t.app.executor.wait(t.app.executor.request({ ref: 'ex.ok' }).id);
    expect(statusLog(e)).toEqual(['requested', 'scheduled', 'running', 'succeeded']);
    const times = e.log.map((l) => Date.parse(l.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(e.result).toMatchObject({ succeeded: true, return_code: 0, stdout: 'fine' });
    expect(Date.parse(e.end_timestamp!)).toBeGreaterThanOrEqual(Date.parse(e.start_timestamp));
    expect(t.app.executions.get(e.id)?.status).toBe('succeeded');
  });

  it('marks a non-zero exit code failed', async () => {
    const e = await t.app.executor.wait(t.app.executor.request({ ref: 'ex.fail' }).id);
    expect(e.status).toBe('failed');
    expect(statusLog(e)).toEqual(['requested', 'scheduled', 'running', 'failed']);
    expect(e.result).toMatchObject({ failed: true, return_code: 3, stderr: 'oops' });
  });

  it('times out and leaves no process of the tree alive', async () => {
    const pidfile = path.join(tmp, 'timeout.pids');
    const started = Date.now();
    const e = await t.app.executor.wait(t.app.executor.request({ ref: 'ex.hang', parameters: { pidfile } }).id);
    expect(e.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(e.result).toMatchObject({ return_code: -9, error: 'Action failed to complete in 1 seconds' });
    expect((e.result as { stdout: string }).stdout).not.toContain('after');
    const pids = pidsIn(pidfile);
    expect(pids).toHaveLength(4);
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });

  it('cancels a running execution and kills its processes', async () => {
    const pidfile = path.join(tmp, 'cancel.pids');
    const requested = t.app.executor.request({ ref: 'ex.wait', parameters: { pidfile } });
    await waitForStatus(t.app, requested.id, 'running');
    await waitFor(() => pidsIn(pidfile).length === 2, 'the action to record its pids');
    expect(pidsIn(pidfile).filter(isProcessAlive)).toHaveLength(2);

    expect(t.app.executor.cancel(requested.id).status).toBe('canceling');
    const e = await t.app.executor.wait(requested.id);
    expect(e.status).toBe('canceled');
    expect(statusLog(e)).toEqual(['requested', 'scheduled', 'running', 'canceling', 'canceled']);
    expect(e.status_reason).toBe('canceled by request');
    expect(pidsIn(pidfile).filter(isProcessAlive)).toEqual([]);
  });

  it('keeps secret parameters masked and off the disk, yet re-runs with the clear value', async () => {
    const first = await t.app.executor.wait(t.app.executor.request({ ref: 'ex.secretive', parameters: { token: SECRET, label: 'first' } }).id);
    expect(first.status).toBe('succeeded');
    expect(first.parameters).toEqual(expect.objectContaining({ token: '********', label: 'first' }));
    expect((first.result as { stdout: string }).stdout).toBe(sha(SECRET));
    expect(first.secret_parameters).toBeTypeOf('string');
    expect(first.secret_parameters).not.toContain(SECRET);
    // Before any snapshot: every write so far is in the journal.
    expect(storeBytes(t.dataDir)).toContain(first.id);
    expect(storeBytes(t.dataDir)).not.toContain(SECRET);

    const again = await t.app.executor.wait(t.app.executor.reRun(first.id, { label: 'again' }).id);
    expect(again.status).toBe('succeeded');
    expect(again.parameters).toEqual(expect.objectContaining({ token: '********', label: 'again' }));
    expect(again.context.re_run).toEqual({ ref: first.id });
    expect((again.result as { stdout: string }).stdout).toBe(sha(SECRET));

    await t.app.store.flush();
    expect(storeBytes(t.dataDir)).toContain(first.id);
    expect(storeBytes(t.dataDir)).not.toContain(SECRET);

    // After a restart the key file decrypts the stored secret again.
    await t.restart();
    const third = await t.app.executor.wait(t.app.executor.reRun(first.id).id);
    expect((third.result as { stdout: string }).stdout).toBe(sha(SECRET));
    expect(third.parameters.label).toBe('first');
    await t.app.store.flush();
    expect(storeBytes(t.dataDir)).not.toContain(SECRET);
  });

  it('re-runs with the clear value of a secret member of an object parameter', async () => {
    const creds = { user: 'bob', password: SECRET };
    const first = await t.app.executor.wait(t.app.executor.request({ ref: 'ex.nested', parameters: { creds } }).id);
    expect((first.result as { stdout: string }).stdout).toBe(sha(JSON.stringify(creds)));
    expect(first.parameters.creds).toEqual({ user: 'bob', password: '********' });
    expect(storeBytes(t.dataDir)).not.toContain(SECRET);

    const again = await t.app.executor.wait(t.app.executor.reRun(first.id).id);
    expect(again.status).toBe('succeeded');
    expect(again.parameters.creds).toEqual({ user: 'bob', password: '********' });
    expect((again.result as { stdout: string }).stdout).toBe(sha(JSON.stringify(creds)));
    expect(storeBytes(t.dataDir)).not.toContain(SECRET);
  });

  it('refuses bad parameters naming every field, and stores nothing', async () => {
    const before = t.app.store.collection('executions').size();
    let caught: unknown;
    try {
      t.app.executor.request({ ref: 'ex.typed', parameters: { bogus: 1, count: 'many', flag: 'perhaps' } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SquallError);
    const err = caught as SquallError;
    expect(err.code).toBe('PARAMETERS_INVALID');
    expect(err.details.map((d) => d.field).sort()).toEqual(['bogus', 'count', 'flag', 'message']);
    expect(t.app.store.collection('executions').size()).toBe(before);
    expect(() => t.app.executor.request({ ref: 'ex.nope' })).toThrow(expect.objectContaining({ code: 'ACTION_NOT_FOUND' }));
    const notData = { message: 'x', count: 1, callback: () => 1 } as unknown as Record<string, unknown>;
    expect(() => t.app.executor.request({ ref: 'ex.typed', parameters: notData })).toThrow(expect.objectContaining({ code: 'PARAMETERS_INVALID', details: [expect.objectContaining({ field: 'parameters' })] }));
    expect(t.app.store.collection('executions').size()).toBe(before);
  });
});

describe('execution retention', () => {
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('keeps only the newest executions, across a restart too', async () => {
    const t = await startTestApp({ packsDir: tempPacksDir({ ex: PACK }), overrides: { retention: { executions: 5 } } });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const e = await t.app.executor.wait(t.app.executor.request({ ref: 'ex.ok' }).id);
      expect(e.status).toBe('succeeded');
      ids.push(e.id);
    }
    const newest = ids.slice(3).reverse();
    expect(t.app.executions.list().map((e) => e.id)).toEqual(newest);
    expect(t.app.executions.get(ids[0]!)).toBeUndefined();
    await t.restart();
    expect(t.app.executions.list().map((e) => e.id)).toEqual(newest);
  });

  it('never trims an execution that is still running', async () => {
    const t = await startTestApp({ packsDir: tempPacksDir({ ex: { 'actions/ok.yaml': PACK['actions/ok.yaml'], 'actions/slow.yaml': shellCmdAction('slow', 'sleep 0.5') } }), overrides: { retention: { executions: 3 } } });
    const slow = t.app.executor.request({ ref: 'ex.slow' });
    const quick: string[] = [];
    for (let i = 0; i < 5; i++) quick.push((await t.app.executor.wait(t.app.executor.request({ ref: 'ex.ok' }).id)).id);
    expect(t.app.executions.get(slow.id)?.status).toBe('running');
    expect(t.app.executions.list().map((e) => e.id)).toEqual([quick[4], quick[3], slow.id]);
    expect((await t.app.executor.wait(slow.id)).status).toBe('succeeded');
    // Once completed it is the oldest, and the next execution trims it.
    const next = (await t.app.executor.wait(t.app.executor.request({ ref: 'ex.ok' }).id)).id;
    expect(t.app.executions.list().map((e) => e.id)).toEqual([next, quick[4], quick[3]]);
  });
});
