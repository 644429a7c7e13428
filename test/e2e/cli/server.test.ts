import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProject, startServerProcess, type CliProject, type ServerProcess } from '../../helpers/cli-process.js';
import { removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

interface ExecutionJson {
  id: string;
  status: string;
  action: { ref: string };
  parameters: Record<string, unknown>;
  context: { rule?: { ref: string }; trigger_instance?: { id: string } };
  result?: { stdout?: string };
}

interface TriggerInstanceJson {
  id: string;
  trigger: string;
  status: string;
  payload: { headers?: Record<string, string>; headers_lower?: Record<string, string>; body?: Record<string, unknown> };
}

const PACK = {
  'actions/record.yaml': shellCmdAction('record', 'echo "got $1"', { parameters: { x: { type: 'string', position: 0 } } }),
  'rules/on_sample.yaml': {
    name: 'on_sample',
    pack: 'hooks',
    enabled: true,
    trigger: { type: 'core.st2.webhook', parameters: { url: 'sample/hook' } },
    criteria: { 'trigger.body.x': { type: 'startswith', pattern: 'go' } },
    action: { ref: 'hooks.record', parameters: { x: '{{ trigger.body.x }}' } },
  },
  'triggers/event.yaml': {
    name: 'event',
    description: 'A typed event',
    payload_schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] },
  },
  'rules/on_event.yaml': {
    name: 'on_event',
    pack: 'hooks',
    enabled: true,
    trigger: { type: 'hooks.event' },
    criteria: { 'trigger.n': { type: 'gt', pattern: 1 } },
    action: { ref: 'hooks.record', parameters: { x: 'event {{ trigger.n }}' } },
  },
};

afterAll(() => removeTempDirs());

describe('squall start: the CLI forwards to it, webhooks, SIGTERM', () => {
  let project: CliProject;
  let server: ServerProcess;

  beforeAll(async () => {
    project = cliProject([tempPacksDir({ hooks: PACK })]);
    server = await startServerProcess(project);
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop();
  });

  const post = (url: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const withKey = () => ({ 'St2-Api-Key': server.apiKey });

  /** Polls `squall execution list --json` (forwarded to the server) until `pick` finds something. */
  async function pollExecutions(pick: (list: ExecutionJson[]) => ExecutionJson | undefined, what: string): Promise<ExecutionJson> {
    const deadline = Date.now() + 15_000;
    let last: ExecutionJson[] = [];
    while (Date.now() < deadline) {
      last = await project.json<ExecutionJson[]>(['execution', 'list']);
      const found = pick(last);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}; executions: ${JSON.stringify(last.map((e) => [e.action.ref, e.status, e.parameters]))}`);
  }

  it('listens on 127.0.0.1 on the port the system picked, recorded in data/server.json', async () => {
    expect(server.info.host).toBe('127.0.0.1');
    expect(server.info.port).toBeGreaterThan(0);
    expect(server.info.pid).toBeGreaterThan(0);
    expect(server.output().stdout).toContain(`API on http://127.0.0.1:${server.info.port}`);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect(server.info.port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    expect(connected).toBe(true);
  });

  it('a second squall start is refused without touching the running server', async () => {
    const r = await project.run(['start'], { env: { SQUALL_HTTP_PORT: '0' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already running/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(project.dataDir, 'server.json'))).toBe(true);
  });

  it('run --async returns at once with an id while the server runs it; cancel cancels it', async () => {
    const r = await project.run(['run', 'core.local', 'cmd=sleep 8', '--async', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(3500);
    const { id } = JSON.parse(r.stdout) as { id: string };
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    const running = await project.json<ExecutionJson>(['execution', 'get', id]);
    expect(running.status).toBe('running');

    const cancel = await project.run(['execution', 'cancel', id]);
    expect(cancel.code).toBe(0);
    expect(cancel.stdout).toContain(`execution ${id} is canceled`);

    const get = await project.run(['execution', 'get', id]);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^status: canceled/m);
  });

  it('actions run by the server see its API URL with the real port', async () => {
    const r = await project.run(['run', 'core.local', 'cmd=echo "$ST2_ACTION_API_URL"', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ExecutionJson).result?.stdout).toBe(`http://127.0.0.1:${server.info.port}/api/v1`);
  });

  it('a webhook with the API key answers 202 with the body and runs the rule action', async () => {
    const res = await post('/api/v1/webhooks/sample/hook', JSON.stringify({ x: 'go-1' }), withKey());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ x: 'go-1' });
    const e = await pollExecutions((list) => list.find((x) => x.action.ref === 'hooks.record' && x.parameters.x === 'go-1' && x.status === 'succeeded'), 'the webhook rule execution');
    expect(e.context.rule?.ref).toBe('hooks.on_sample');
    expect(e.result?.stdout).toBe('got go-1');
  });

  it('the key may come as the st2-api-key query parameter; a body the criteria reject runs nothing', async () => {
    const res = await post(`/api/v1/webhooks/sample/hook?st2-api-key=${encodeURIComponent(server.apiKey)}`, JSON.stringify({ x: 'stop-2' }));
    expect(res.status).toBe(202);
    // Once the rules engine has processed the instance, no execution may have come of it.
    const deadline = Date.now() + 10_000;
    let instance: TriggerInstanceJson | undefined;
    while (Date.now() < deadline) {
      instance = (await project.json<TriggerInstanceJson[]>(['trigger', 'instances'])).find((t) => t.payload.body?.x === 'stop-2');
      if (instance?.status === 'processed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(instance?.status).toBe('processed');
    const list = await project.json<ExecutionJson[]>(['execution', 'list']);
    expect(list.some((x) => x.parameters.x === 'stop-2')).toBe(false);
  });

  it('refuses a missing or wrong key (401) and an unknown url (404)', async () => {
    const none = await post('/api/v1/webhooks/sample/hook', '{"x":"go-no-key"}');
    expect(none.status).toBe(401);
    expect(((await none.json()) as { faultstring: string }).faultstring).toMatch(/API key/);
    const wrong = await post('/api/v1/webhooks/sample/hook', '{"x":"go-wrong-key"}', { 'St2-Api-Key': `${server.apiKey}x` });
    expect(wrong.status).toBe(401);
    const unknown = await post('/api/v1/webhooks/no/such/hook', '{"x":"go"}', withKey());
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { faultstring: string }).faultstring).toContain('no/such/hook');
    const cli = await post('/api/v1/cli', JSON.stringify({ argv: ['execution', 'list'] }));
    expect(cli.status).toBe(401);
  });

  it('a url with broken percent-encoding is a 400, not a server failure', async () => {
    const res = await post('/api/v1/webhooks/sample%E0%A4%A', '{}', withKey());
    expect(res.status).toBe(400);
    expect(((await res.json()) as { faultstring: string }).faultstring).toContain('percent-encoding');
  });

  it('malformed JSON is a 400 and the server goes on serving', async () => {
    const bad = await post('/api/v1/webhooks/sample/hook', '{"x": "go', withKey());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { faultstring: string }).faultstring).toMatch(/not valid JSON/);
    const good = await post('/api/v1/webhooks/sample/hook', JSON.stringify({ x: 'go-after-bad' }), withKey());
    expect(good.status).toBe(202);
    await pollExecutions((list) => list.find((x) => x.parameters.x === 'go-after-bad' && x.status === 'succeeded'), 'the execution after a malformed request');
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const big = JSON.stringify({ x: 'go', pad: 'a'.repeat(1024 * 1024 + 10) });
    const res = await post('/api/v1/webhooks/sample/hook', big, withKey());
    expect(res.status).toBe(413);
    const after = await post('/api/v1/webhooks/sample/hook', JSON.stringify({ x: 'stop-after-big' }), withKey());
    expect(after.status).toBe(202);
  });

  it('POST /api/v1/webhooks/st2 fires any trigger type; a bad payload is a 400 naming the field', async () => {
    const ok = await post('/api/v1/webhooks/st2', JSON.stringify({ trigger: 'hooks.event', payload: { n: 7 } }), withKey());
    expect(ok.status).toBe(202);
    const body = (await ok.json()) as { trigger: string; payload: unknown; trigger_instance_id: string };
    expect(body).toMatchObject({ trigger: 'hooks.event', payload: { n: 7 } });
    expect(body.trigger_instance_id).toMatch(/^[0-9a-f]{24}$/);
    const e = await pollExecutions((list) => list.find((x) => x.parameters.x === 'event 7' && x.status === 'succeeded'), 'the hooks.event rule execution');
    expect(e.context.trigger_instance?.id).toBe(body.trigger_instance_id);

    const bad = await post('/api/v1/webhooks/st2', JSON.stringify({ trigger: 'hooks.event', payload: { n: 'seven' } }), withKey());
    expect(bad.status).toBe(400);
    const fault = (await bad.json()) as { code: string; details: { field?: string; message: string }[] };
    expect(fault.code).toBe('TRIGGER_PAYLOAD_INVALID');
    expect(fault.details.map((d) => d.field)).toContainEqual(expect.stringMatching(/(^|\.)n$/));

    const noTrigger = await post('/api/v1/webhooks/st2', JSON.stringify({ payload: { n: 1 } }), withKey());
    expect(noTrigger.status).toBe(400);
    expect(((await noTrigger.json()) as { faultstring: string }).faultstring).toContain('"trigger"');
  });

  it('credentials in headers do not reach the trigger payload', async () => {
    const res = await post('/api/v1/webhooks/sample/hook', JSON.stringify({ x: 'stop-headers' }), {
      ...withKey(),
      Cookie: 'session=abc123',
      Authorization: 'Bearer tok-456',
      'X-Auth-Token': 'tok-789',
      'X-Custom': 'kept',
    });
    expect(res.status).toBe(202);
    const instances = await project.json<TriggerInstanceJson[]>(['trigger', 'instances']);
    const instance = instances.find((t) => t.payload.body?.x === 'stop-headers');
    expect(instance?.trigger).toBe('core.st2.webhook');
    const lower = Object.keys(instance!.payload.headers ?? {}).map((h) => h.toLowerCase());
    expect(lower).toContain('x-custom');
    expect(instance!.payload.headers_lower?.['x-custom']).toBe('kept');
    for (const h of ['st2-api-key', 'cookie', 'authorization', 'x-auth-token']) {
      expect(lower).not.toContain(h);
      expect(instance!.payload.headers_lower ?? {}).not.toHaveProperty(h);
    }
    const text = JSON.stringify(instance);
    for (const secret of [server.apiKey, 'abc123', 'tok-456', 'tok-789']) expect(text).not.toContain(secret);
  });

  it('SIGTERM stops it cleanly: exit 0, server.json removed, the data dir free for a plain command', async () => {
    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(project.dataDir, 'server.json'))).toBe(false);
    expect(existsSync(path.join(project.dataDir, 'squall.lock'))).toBe(false);
    // The server process itself (not only the launcher) is gone.
    expect(() => process.kill(server.info.pid, 0)).toThrow();
    const list = await project.json<ExecutionJson[]>(['execution', 'list']);
    expect(list.some((e) => e.parameters.x === 'go-1' && e.status === 'succeeded')).toBe(true);
  });
});

describe('squall start on a port in use', () => {
  it('exits 1 with a clear message and leaves the data directory unlocked', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)));
    try {
      const project = cliProject();
      const r = await project.run(['start'], { env: { SQUALL_HTTP_PORT: String(port) } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(path.join(project.dataDir, 'squall.lock'))).toBe(false);
      expect(existsSync(path.join(project.dataDir, 'server.json'))).toBe(false);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});
