import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { App } from '../../../../src/app.js';
import type { CliEnv } from '../../../../src/cli/command.js';
import { workflowInspect } from '../../../../src/cli/workflow-inspect.js';
import { SquallError } from '../../../../src/errors/index.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-wf-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(argv: string[], flags: Record<string, string | boolean> = {}, app?: () => Promise<App>): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { out: (t: string) => void (out += `${t}\n`), err: (t: string) => void (out += `ERR ${t}\n`) };
  const env: CliEnv = { cwd: dir, vars: {}, app: app ?? (() => Promise.reject(new Error('the application is not needed here'))) };
  return workflowInspect({ positionals: argv, flags }, io, env).then((code) => ({ code, out }));
}

writeFileSync(path.join(dir, 'good.yaml'), 'version: 1.0\ninput:\n  - who\ntasks:\n  greet:\n    action: core.echo message="<% ctx().who %>"\n');
writeFileSync(
  path.join(dir, 'bad.yaml'),
  ['version: 1.0', 'tasks:', '  task1:', '    action: core.echo message=<% ctx().missing %>', '    next:', '      - when: <% succeeded() %>', '        do: task9', '    bogus: 1', ''].join('\n'),
);

describe('squall workflow inspect', () => {
  it('exits 0 and says ok for a valid definition', async () => {
    const r = await run(['inspect', 'good.yaml']);
    expect(r).toEqual({ code: 0, out: 'good.yaml: ok\n' });
  });

  it('prints every error with spec path, line and type, and exits 1', async () => {
    const r = await run(['bad.yaml']);
    expect(r.code).toBe(1);
    expect(r.out.trim().split('\n')).toEqual([
      'tasks.task1.input (line 4): [context] Variable "missing" is referenced before assignment. in <% ctx().missing %>',
      'tasks.task1.next[0].do (line 7): [semantic] The task "task9" is not defined.',
      "tasks.task1 (line 4): [syntax] Additional properties are not allowed ('bogus' was unexpected)",
      'bad.yaml: 3 errors',
    ]);
  });

  it('prints JSON with --json', async () => {
    const r = await run(['inspect', 'bad.yaml'], { json: true });
    const errors = JSON.parse(r.out) as { type: string; spec_path: string; line: number }[];
    expect(errors.map((e) => [e.type, e.spec_path, e.line])).toEqual([
      ['context', 'tasks.task1.input', 4],
      ['semantic', 'tasks.task1.next[0].do', 7],
      ['syntax', 'tasks.task1', 4],
    ]);
  });

  it('checks actions against the loaded packs with --check-actions', async () => {
    const app = async (): Promise<App> =>
      ({ content: { action: (ref: string) => (ref === 'core.echo' ? { runner_type: 'local-shell-cmd', parameters: { message: { type: 'string', required: true } } } : undefined) } }) as unknown as App;
    writeFileSync(path.join(dir, 'actions.yaml'), 'version: 1.0\ntasks:\n  a:\n    action: core.echo\n    next: [{ do: b }]\n  b:\n    action: nope.nothing\n');
    const r = await run(['actions.yaml'], { 'check-actions': true }, app);
    expect(r.code).toBe(1);
    expect(r.out).toContain('tasks.b.action (line 7): [content] The action "nope.nothing" is not registered in the database.');
    expect(r.out).toContain('tasks.a.input (line 4): [content] Action "core.echo" is missing required input "message".');
  });

  it('reports YAML errors with their line and refuses a missing file or argument', async () => {
    writeFileSync(path.join(dir, 'broken.yaml'), 'version: 1.0\ntasks:\n  a: [1\n');
    const r = await run(['broken.yaml']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^\(workflow\) \(line \d\): \[syntax\] YAML syntax error/);
    await expect(run(['nope.yaml'])).rejects.toThrow(SquallError);
    await expect(run(['inspect'])).rejects.toThrow(/needs a workflow definition file/);
  });
});
