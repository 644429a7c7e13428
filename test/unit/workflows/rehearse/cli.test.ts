import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { workflowRehearse } from '../../../../src/cli/workflow-rehearse.js';
import type { CliEnv, ParsedArgs } from '../../../../src/cli/command.js';
import { isSquallError } from '../../../../src/errors/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'squall-rehearse-cli-'));
  const pack = path.join(dir, 'mypack');
  mkdirSync(path.join(pack, 'actions', 'workflows'), { recursive: true });
  mkdirSync(path.join(pack, 'tests'));
  mkdirSync(path.join(pack, 'failing'));
  writeFileSync(
    path.join(pack, 'actions', 'workflows', 'hello.yaml'),
    'version: 1.0\ntasks:\n  greet:\n    action: core.echo message="hi"\n    next:\n      - when: <% failed() %>\n        do: fix\n  fix:\n    action: core.noop\n',
  );
  writeFileSync(path.join(pack, 'tests', 'hello__ok.yaml'), 'workflow: actions/workflows/hello.yaml\nexpected_task_sequence: [greet]\n');
  writeFileSync(
    path.join(pack, 'tests', 'hello__fail.yaml'),
    'workflow: actions/workflows/hello.yaml\nexpected_task_sequence: [greet, fix]\nexpected_errors:\n  - type: error\n    message: Execution failed. See result for details.\n    task_id: greet\n    result: nope\nmock_action_executions:\n  - task_id: greet\n    status: failed\n    result: nope\n',
  );
  writeFileSync(path.join(pack, 'failing', 'hello__wrong.yaml'), 'workflow: actions/workflows/hello.yaml\nexpected_task_sequence: [fix]\nexpected_workflow_status: failed\n');
  writeFileSync(path.join(pack, 'failing', 'not-a-spec.yaml'), 'workflow: [1]\n');
});

function args(words: Record<string, string | boolean>): ParsedArgs {
  return { positionals: [], flags: words };
}

async function run(flags: Record<string, string | boolean>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const env: CliEnv = { cwd: dir, vars: {}, app: () => Promise.reject(new Error('no app needed')) };
  const code = await workflowRehearse(args(flags), { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) }, env);
  return { code, out, err };
}

describe('squall workflow rehearse', () => {
  it('runs every spec of a directory relative to the base path and exits 0 when all pass', async () => {
    const { code, out } = await run({ p: 'mypack', d: 'tests' });
    expect(out).toContain('PASS  tests/hello__fail.yaml');
    expect(out).toContain('PASS  tests/hello__ok.yaml');
    expect(out).toContain('2 passed, 0 failed, 2 total');
    expect(code).toBe(0);
  });

  it('exits 1 with a diff on a mismatch, and reports a spec it cannot read', async () => {
    const { code, out } = await run({ 'base-path': 'mypack', 'test-spec-dir': 'failing' });
    expect(code).toBe(1);
    expect(out).toContain('FAIL  failing/hello__wrong.yaml');
    expect(out).toContain('-   "fix"');
    expect(out).toContain('+   "greet"');
    expect(out).toContain('ERROR failing/not-a-spec.yaml');
    expect(out).toContain('WORKFLOW_REHEARSAL_INVALID');
    expect(out).toContain('0 passed, 2 failed, 2 total');
  });

  it('prints the actual outcome per spec with --json', async () => {
    const { code, out } = await run({ p: 'mypack', f: 'tests/hello__fail.yaml', json: true });
    expect(code).toBe(0);
    const [report] = JSON.parse(out) as Record<string, unknown>[];
    expect(report).toMatchObject({
      file: 'tests/hello__fail.yaml',
      passed: true,
      task_sequence: ['greet', 'fix'],
      routes: [[]],
      term_tasks: ['fix'],
      workflow_status: 'succeeded',
      errors: [{ type: 'error', message: 'Execution failed. See result for details.', task_id: 'greet', result: 'nope' }],
      output: null,
      mismatches: [],
    });
  });

  it('rejects incomplete or contradictory arguments', async () => {
    const cases: Record<string, string>[] = [{ d: 'tests' }, { p: 'mypack' }, { p: 'mypack', f: 'x', d: 'y' }, { p: 'nowhere', d: 'tests' }, { p: 'mypack', f: 'tests/none.yaml' }];
    for (const flags of cases) {
      let error: unknown;
      try {
        await run(flags);
      } catch (e) {
        error = e;
      }
      expect(isSquallError(error) && error.code, JSON.stringify(flags)).toBe('USAGE');
    }
  });
});
