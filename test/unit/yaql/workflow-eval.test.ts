import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliEnv, CliIo, ParsedArgs } from '../../../src/cli/command.js';
import { WORKFLOW_EVAL_USAGE, workflowEval } from '../../../src/cli/workflow-eval.js';
import { SquallError } from '../../../src/errors/index.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'squall-workflow-eval-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

const env: CliEnv = {
  cwd: dir,
  vars: {},
  app: () => Promise.reject(new Error('workflow eval must not build the application')),
};

async function run(positionals: string[], flags: ParsedArgs['flags'] = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await workflowEval({ positionals, flags }, io, env);
  return { code, out, err };
}

describe('squall workflow eval', () => {
  const context = file('context.json', JSON.stringify({ hosts: ['web-01', 'db-01'], count: 3 }));

  it('prints text as it is and other values as JSON', async () => {
    expect(await run(['eval', 'host <% ctx().hosts[0] %> of <% ctx().count %>'], { context })).toEqual({ code: 0, out: ['host web-01 of 3'], err: [] });
    const typed = await run(['<% ctx().hosts.select($.toUpper()) %>'], { context });
    expect(typed.code).toBe(0);
    expect(JSON.parse(typed.out[0] ?? '')).toEqual(['WEB-01', 'DB-01']);
  });

  it('wraps the value in {"result"} with --json and reads YAML contexts', async () => {
    const yaml = file('context.yaml', 'name: squall\nports: [80, 443]\n');
    expect((await run(['{{ ctx().ports | sum }}'], { context: yaml, json: true })).out).toEqual(['{"result":523}']);
    expect((await run(['<% ctx(name) %>'], { context: yaml, json: true })).out).toEqual(['{"result":"squall"}']);
  });

  it("prints Orquesta's message and exits 1 when the expression fails", async () => {
    const failed = await run(['<% ctx().missing %>'], { context });
    expect(failed.code).toBe(1);
    expect(failed.out).toEqual([]);
    expect(failed.err).toEqual(["YaqlEvaluationException: Unable to resolve key 'missing' in expression '<% ctx().missing %>' from context."]);
    const json = await run(['<% 1 + %>'], { json: true });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out[0] ?? '').error).toContain('YaqlGrammarException: Parse error: unexpected end of statement');
  });

  it('answers a batch file line by line', async () => {
    const batch = file('batch.jsonl', [
      JSON.stringify({ expr: '<% ctx().a + 1 %>', context: { a: 1 } }),
      '',
      JSON.stringify({ expr: '<% ctx().nope %>', context: {} }),
      'not json',
      JSON.stringify({ expr: { k: '{{ ctx().a }}' }, context: { a: [1] } }),
      JSON.stringify({ context: {} }),
    ].join('\n'));
    const result = await run(['eval'], { batch });
    expect(result.code).toBe(0);
    const lines = result.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ result: 2 });
    expect(lines[1]?.error).toMatch(/Unable to resolve key 'nope'/);
    expect(lines[2]?.error).toMatch(/^line 4: not JSON/);
    expect(lines[3]).toEqual({ result: { k: [1] } });
    expect(lines[4]?.error).toMatch(/^line 6: expected an object with "expr"/);
    expect(lines).toHaveLength(5);
  });

  it('rejects bad usage with SquallErrors the CLI prints', async () => {
    await expect(run([])).rejects.toThrow(SquallError);
    await expect(run(['a', 'b'])).rejects.toThrow(/one expression text/);
    await expect(run(['<% 1 %>'], { batch: 'x.jsonl' })).rejects.toThrow(/not both/);
    await expect(run(['<% 1 %>'], { context: 'missing.json' })).rejects.toThrow(/cannot read missing.json/);
    await expect(run(['<% 1 %>'], { context: file('list.json', '[1, 2]') })).rejects.toThrow(/must be a mapping/);
    await expect(run(['<% 1 %>'], { context: file('bad.yaml', 'a: [1') })).rejects.toMatchObject({ code: 'YAML_INVALID' });
    expect(WORKFLOW_EVAL_USAGE).toContain('squall workflow eval');
  });
});
