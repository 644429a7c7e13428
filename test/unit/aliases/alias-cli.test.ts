import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../src/cli/main.js';
import type { App } from '../../../src/app.js';
import { startTestApp, stopTestApps } from '../../helpers/app.js';
import { makeTempDir, removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

afterEach(stopTestApps);
afterAll(removeTempDirs);

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `squall <argv>` in-process; `app` undefined means the command must not ask for one. */
async function squall(argv: string[], app?: App, cwd = makeTempDir('squall-cli-')): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, {
    cwd,
    vars: {},
    app: async () => {
      if (!app) throw new Error('this command must not need the application');
      return app;
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function opsApp(): Promise<App> {
  const packs = tempPacksDir({
    ops: {
      'actions/deploy.yaml': shellCmdAction('deploy', 'echo {{ app }}', { parameters: { app: { type: 'string' }, hosts: { type: 'array' } } }),
      'aliases/deploy.yaml': { name: 'deploy', pack: 'ops', action_ref: 'ops.deploy', description: 'Deploy an app', formats: ['deploy {{app}}', 'deploy {{app}} on {{hosts}}'] },
      'aliases/ship.yaml': { name: 'ship', pack: 'ops', action_ref: 'ops.deploy', formats: ['ship {{app}}'] },
      'aliases/send.yaml': { name: 'send', pack: 'ops', action_ref: 'ops.deploy', formats: ['ship {{thing}}'] },
    },
  });
  const { app } = await startTestApp({ packsDir: packs });
  // The one problem is the tie between ship and send, put there on purpose.
  expect(app.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/^alias ops\.send: "ship sample" is matched by ops\.send/) })]);
  return app;
}

describe('squall alias', () => {
  it('list prints a table of aliases, warnings on stderr, or JSON', async () => {
    const app = await opsApp();
    const text = await squall(['alias', 'list'], app);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(/^ref\s+enabled\s+action\s+formats\s+description$/);
    expect(text.out).toMatch(/ops\.deploy\s+true\s+ops\.deploy\s+deploy \{\{app\}\} \| deploy \{\{app\}\} on \{\{hosts\}\}\s+Deploy an app/);
    expect(text.err).toContain('warning: ops.send');
    expect(text.err).toContain('equally well');
    const listed = JSON.parse((await squall(['alias', 'list', '--json'], app)).out) as { ref: string }[];
    expect(listed.map((a) => a.ref)).toEqual(['ops.deploy', 'ops.send', 'ops.ship']);
  });

  it('match shows the alias and its parameters (array parameters split), as text or JSON', async () => {
    const app = await opsApp();
    const text = await squall(['alias', 'match', 'deploy web on a, b'], app);
    expect(text.code).toBe(0);
    expect(text.out).toContain('alias ops.deploy → action ops.deploy');
    expect(text.out).toContain('format: deploy {{app}} on {{hosts}}');
    const json = JSON.parse((await squall(['alias', 'match', 'deploy web on a, b', '--json'], app)).out);
    expect(json).toEqual({ alias: 'ops.deploy', action_ref: 'ops.deploy', display: 'deploy {{app}} on {{hosts}}', representation: 'deploy {{app}} on {{hosts}}', params: { app: 'web', hosts: ['a', 'b'] } });
  });

  it('match exits 1 with the reason on no match (with suggestions) and on a tie', async () => {
    const app = await opsApp();
    const none = await squall(['alias', 'match', 'deplyo web'], app);
    expect(none.code).toBe(1);
    expect(none.err).toContain("ALIAS_NO_MATCH: Command 'deplyo web' matched no patterns");
    expect(none.err).toContain('did you mean: deploy {{app}}');
    const tie = await squall(['alias', 'match', 'ship it'], app);
    expect(tie.code).toBe(1);
    expect(tie.err).toContain('ALIAS_AMBIGUOUS');
    expect(tie.err).toContain('ops.send, ops.ship');
    const usage = await squall(['alias', 'match', 'ship', 'it'], app);
    expect(usage.code).toBe(1);
    expect(usage.err).toContain('USAGE');
  });

  it('match --format tries one format alone, without the application', async () => {
    const ok = await squall(['alias', 'match', '--format', 'run {{cmd}} on {{hosts}}', 'run uname -a on web1,web2 timeout=120']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ cmd: 'uname -a', hosts: 'web1,web2', timeout: '120' });
    expect(JSON.parse((await squall(['alias', 'match', '--format', 'acl {{a=test}}', 'acl', '--json'])).out)).toEqual({ params: { a: 'test' } });
    const no = await squall(['alias', 'match', '--format', 'run {{cmd}} on {{hosts}}', 'RUN date on localhost']);
    expect(no.code).toBe(1);
    expect(no.err).toBe('ALIAS_NO_MATCH: Command "RUN date on localhost" doesn\'t match format string "run {{cmd}} on {{hosts}}"');
    const bad = await squall(['alias', 'match', '--format', 'run (', 'run']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('ALIAS_FORMAT_INVALID');
  });

  it('match --batch answers one JSON line per input line, without the application; malformed lines exit 1', async () => {
    const dir = makeTempDir('squall-batch-');
    const lines = [
      { format: 'deploy {{app}}', command: 'deploy app1 now' },
      { format: 'lorem ipsum', command: 'lorem ipsum dolor' },
      { format: 'bad (', command: 'x' },
      { format: '', command: null },
    ];
    fs.writeFileSync(path.join(dir, 'cases.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n\n');
    const run = await squall(['alias', 'match', '--batch', 'cases.jsonl'], undefined, dir);
    expect(run.code).toBe(0);
    const answers = run.out.split('\n').map((l) => JSON.parse(l));
    expect(answers).toEqual([
      { params: { app: 'app1 now' } },
      { error: 'Command "lorem ipsum dolor" doesn\'t match format string "lorem ipsum"' },
      { error: expect.stringContaining('format string "bad (" is not a valid pattern') },
      { params: {} },
    ]);
    fs.writeFileSync(path.join(dir, 'broken.jsonl'), '{"format": "x", "command": "x"}\nnot json\n{"command": "x"}\n');
    const broken = await squall(['alias', 'match', '--batch', 'broken.jsonl'], undefined, dir);
    expect(broken.code).toBe(1);
    expect(broken.out.split('\n').map((l) => JSON.parse(l))).toEqual([
      { params: {} },
      { error: expect.stringMatching(/^line 2: not JSON/) },
      { error: 'line 3: expected {"format": string, "command": string}' },
    ]);
  });

  const conformance = path.resolve(process.cwd(), '../shared/conformance/aliases.jsonl');
  it.skipIf(!fs.existsSync(conformance))('match --batch over the conformance file agrees with every StackStorm answer', async () => {
    const cases = fs.readFileSync(conformance, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { format: string; command: string; params?: Record<string, string>; error?: string });
    const run = await squall(['alias', 'match', '--batch', conformance]);
    expect(run.code).toBe(0);
    const answers = run.out.split('\n').map((l) => JSON.parse(l) as { params?: Record<string, string>; error?: string });
    expect(answers).toHaveLength(cases.length);
    answers.forEach((a, i) => {
      const c = cases[i]!;
      if (c.error) expect(`ParseException: ${a.error}`).toBe(c.error);
      else expect(a.params).toEqual(c.params);
    });
  });
});
