import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunners } from '../../../src/actions/runners/index.js';
import type { ActionMeta, ParameterSpec } from '../../../src/model/index.js';
import { RUNNERS } from '../../../src/packs/runner-parameters.js';
import { makeRequest, makeServices, type RecordedTrigger } from './helpers.js';

const CORE = path.resolve(process.cwd(), 'packs/core');
const ACTIONS = path.join(CORE, 'actions');
const STACKSTORM_RUNNERS = ['local-shell-cmd', 'local-shell-script', 'remote-shell-cmd', 'remote-shell-script', 'python-script', 'http-request', 'orquesta', 'orchestra', 'action-chain', 'inquirer', 'noop', 'announcement', 'winrm-cmd', 'winrm-ps-cmd', 'winrm-ps-script'];
/** What an action may change about a runner parameter it redeclares (StackStorm's rule). */
const OVERRIDABLE = new Set(['default', 'description', 'enum', 'immutable', 'required']);

const runners = createRunners({ baseEnv: { PATH: process.env.PATH }, killGraceMs: 300 });

function loadAction(name: string): ActionMeta {
  const file = path.join(ACTIONS, `${name}.yaml`);
  const doc = YAML.parse(readFileSync(file, 'utf8')) as { name: string; runner_type: string; entry_point?: string; enabled?: boolean; parameters?: Record<string, ParameterSpec> };
  return { ref: `core.${doc.name}`, pack: 'core', name: doc.name, runner_type: doc.runner_type, enabled: doc.enabled ?? true, entry_point: doc.entry_point ?? '', parameters: doc.parameters ?? {}, source: { file }, pack_path: CORE };
}

function run(name: string, values: Record<string, unknown>, extra: Parameters<typeof makeRequest>[3] = {}) {
  const action = loadAction(name);
  const runner = runners[action.runner_type]!;
  return runner.run(makeRequest(runner, action, values, extra));
}

const yamlFiles = readdirSync(ACTIONS).filter((f) => f.endsWith('.yaml'));

describe('core pack metadata', () => {
  it('has pack.yaml with ref core and every StackStorm core action', () => {
    const pack = YAML.parse(readFileSync(path.join(CORE, 'pack.yaml'), 'utf8')) as Record<string, unknown>;
    expect(pack).toMatchObject({ ref: 'core', name: 'core' });
    const names = yamlFiles.map((f) => f.replace(/\.yaml$/, '')).sort();
    expect(names).toEqual(['announcement', 'ask', 'echo', 'error', 'http', 'inject_trigger', 'local', 'local_sudo', 'noop', 'pause', 'remote', 'remote_sudo', 'sendmail', 'uuid', 'winrm_cmd', 'winrm_ps_cmd']);
  });

  it.each(yamlFiles)('%s parses, names a known runner and only overrides what StackStorm allows', (file) => {
    const action = loadAction(file.replace(/\.yaml$/, ''));
    expect(`${action.name}.yaml`).toBe(file);
    expect([...STACKSTORM_RUNNERS, 'nodejs']).toContain(action.runner_type);
    const runnerParams = RUNNERS[action.runner_type]?.parameters ?? {};
    for (const [name, spec] of Object.entries(action.parameters)) {
      const base = runnerParams[name];
      if (!base) continue;
      for (const [key, value] of Object.entries(spec)) if (!OVERRIDABLE.has(key)) expect(value, `${file} ${name}.${key}`).toEqual(base[key]);
    }
    if (RUNNERS[action.runner_type]?.entryPoint) {
      expect(statSync(path.join(ACTIONS, action.entry_point)).isFile()).toBe(true);
    }
  });
});

describe('core actions on the local runners', () => {
  it('core.echo prints a hostile message verbatim and runs none of it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-echo-'));
    const marker = path.join(dir, 'pwned');
    const message = `"; touch ${marker}; echo "$(touch ${marker})\`touch ${marker}\` $HOME '\\n' -n`;
    const out = await run('echo', { message });
    expect(out).toMatchObject({ status: 'succeeded', result: { stdout: message, stderr: '', return_code: 0 } });
    expect(existsSync(marker)).toBe(false);
    expect((await run('echo', { message: '-n' })).result).toMatchObject({ stdout: '-n' });
  });

  it('core.error writes the message to stderr (and, like st2, exits 0)', async () => {
    const out = await run('error', { message: 'bad $(thing)' });
    expect(out).toMatchObject({ status: 'succeeded', result: { stdout: '', stderr: 'bad $(thing)' } });
  });

  it('core.local runs its command and core.noop does nothing', async () => {
    expect((await run('local', { cmd: 'echo $((6 * 7))' })).result).toMatchObject({ stdout: 42 });
    expect(await run('noop', {})).toEqual({ status: 'succeeded', result: { failed: false, succeeded: true, return_code: 0 } });
  });

  it('core.sendmail hands a well-formed message to sendmail, header injection defused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-mail-'));
    const fake = path.join(dir, 'sendmail');
    writeFileSync(fake, `#!/bin/bash\necho "$@" > ${dir}/args\ncat > ${dir}/message\n`);
    chmodSync(fake, 0o755);
    const attachment = path.join(dir, 'report.txt');
    writeFileSync(attachment, 'attached data');
    const out = await run('sendmail', {
      sendmail_binary: fake,
      from: 'bot@example.com',
      to: 'ops@example.com',
      subject: 'Deploy done\nBcc: victim@example.com',
      body: 'All good.\n.\nStill here.',
      content_type: 'text/plain',
      attachments: attachment,
    });
    expect(out).toMatchObject({ status: 'succeeded', result: { stdout: 'Successfully sent mail to ops@example.com' } });
    expect(readFileSync(path.join(dir, 'args'), 'utf8').trim()).toBe('-t -oi');
    const message = readFileSync(path.join(dir, 'message'), 'utf8');
    expect(message).toContain('To: ops@example.com\nFrom: bot@example.com\nSubject: Deploy done Bcc: victim@example.com\n');
    expect(message).not.toMatch(/^Bcc:/m);
    expect(message).toContain('All good.\n.\nStill here.');
    expect(message).toContain('filename="report.txt"');
    expect(message).toContain(Buffer.from('attached data').toString('base64'));
  });

  it('core.sendmail fails clearly when no sendmail binary exists', async () => {
    const out = await run('sendmail', { sendmail_binary: '/nonexistent/sendmail', to: 'a@b.c', subject: 's', body: 'b' });
    expect(out.status).toBe('failed');
    expect((out.result as { stderr: string }).stderr).toContain('Unable to find the sendmail binary');
  });
});

describe('core actions on the nodejs runner', () => {
  it('core.uuid makes version 4 and version 1 UUIDs', async () => {
    const v4 = await run('uuid', {});
    expect(v4.status).toBe('succeeded');
    expect(v4.result).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const v1 = await run('uuid', { uuid_type: 'uuid1' });
    expect(v1.result).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('core.inject_trigger dispatches the trigger, trigger_name winning over trigger', async () => {
    const triggers: RecordedTrigger[] = [];
    const out = await run('inject_trigger', { trigger_name: 'mypack.event', trigger: 'old.name', payload: { a: 1 }, trace_tag: 't-1' }, { services: makeServices(triggers) });
    expect(out).toEqual({ status: 'succeeded', result: { trigger: 'mypack.event', payload: { a: 1 } } });
    expect(triggers).toEqual([{ trigger: 'mypack.event', payload: { a: 1 }, traceTag: 't-1' }]);
    const missing = await run('inject_trigger', { payload: {} });
    expect(missing.status).toBe('failed');
  });

  it('core.pause waits and stops early on cancel', async () => {
    expect(await run('pause', { max_pause: 0 })).toEqual({ status: 'succeeded', result: null });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const out = await run('pause', { max_pause: 100 }, { signal: controller.signal });
    expect(out.status).toBe('canceled');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('core.http', () => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url }));
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server.close());

  it('requests with the action\'s method and query params', async () => {
    const out = await run('http', { url: `${base}/x`, method: 'DELETE', params: { id: '7' } });
    expect(out).toMatchObject({ status: 'succeeded', result: { status_code: 200, parsed: true, body: { method: 'DELETE', url: '/x?id=7' } } });
  });
});
