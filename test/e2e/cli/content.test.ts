import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../helpers/app.js';
import { cliProject, type CliProject } from '../../helpers/cli-process.js';
import { removeTempDirs, shellCmdAction, tempPacksDir, writeFiles } from '../../helpers/temp-pack.js';

afterAll(() => removeTempDirs());

describe('squall key', () => {
  let project: CliProject;
  beforeAll(() => {
    project = cliProject();
  });

  it('set --encrypt, get (masked), get --decrypt, list --json, delete', async () => {
    const set = await project.run(['key', 'set', 'api_token', 'pa55-w0rd-xyz', '--encrypt']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^secret: true$/m);
    expect(set.stdout).not.toContain('pa55-w0rd-xyz');

    const get = await project.run(['key', 'get', 'api_token']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^value: \*{8}$/m);
    expect(get.stdout).not.toContain('pa55-w0rd-xyz');

    const decrypted = await project.run(['key', 'get', 'api_token', '--decrypt']);
    expect(decrypted.code).toBe(0);
    expect(decrypted.stdout).toMatch(/^value: pa55-w0rd-xyz$/m);

    expect((await project.run(['key', 'set', 'plain', 'visible'])).code).toBe(0);
    const list = await project.json<{ name: string; value: string; secret?: boolean; scope: string }[]>(['key', 'list']);
    expect(list.map((i) => i.name).sort()).toEqual(['api_token', 'plain']);
    expect(list.find((i) => i.name === 'api_token')).toMatchObject({ value: '********', secret: true, scope: 'system' });
    expect(list.find((i) => i.name === 'plain')).toMatchObject({ value: 'visible' });
    expect(JSON.stringify(list)).not.toContain('pa55-w0rd-xyz');

    const del = await project.run(['key', 'delete', 'api_token']);
    expect(del.code).toBe(0);
    expect(del.stdout).toContain('deleted key "api_token"');
    const gone = await project.run(['key', 'get', 'api_token']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('KV_NOT_FOUND');
    expect((await project.json<unknown[]>(['key', 'list'])).length).toBe(1);
  });
});

describe('squall rule', () => {
  let project: CliProject;
  const RULE = {
    name: 'on_deploy',
    pack: 'ruly',
    enabled: true,
    trigger: { type: 'core.st2.webhook', parameters: { url: 'deploy' } },
    criteria: {
      'trigger.body.env': { type: 'equals', pattern: 'prod' },
      'trigger.body.count': { type: 'gt', pattern: 2 },
    },
    action: { ref: 'ruly.note', parameters: { text: '{{ trigger.body.env }}' } },
  };
  beforeAll(() => {
    const packs = tempPacksDir({
      ruly: {
        'actions/note.yaml': shellCmdAction('note', 'echo noted', { parameters: { text: { type: 'string' } } }),
        'rules/on_deploy.yaml': RULE,
      },
    });
    project = cliProject([packs]);
    writeFiles(project.dir, {
      'rule.yaml': RULE,
      'match.json': JSON.stringify({ body: { env: 'prod', count: 5 } }),
      'nomatch.json': JSON.stringify({ body: { env: 'dev', count: 5 } }),
      'criteria.yaml': { 'trigger.body.env': { type: 'startswith', pattern: 'pr' } },
      'batch.jsonl': [
        JSON.stringify({ criteria: { 'trigger.a': { type: 'eq', pattern: 1 } }, payload: { a: 1 } }),
        '{"criteria": {oops',
        JSON.stringify({ criteria: { 'trigger.a': { type: 'eq', pattern: 1 } }, payload: { a: 2 } }),
      ].join('\n'),
    });
  });

  it('rule list shows the pack rule with its trigger and action', async () => {
    const r = await project.run(['rule', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ruly\.on_deploy\s+true\s+core\.st2\.webhook\s+ruly\.note/m);
  });

  it('rule test <rule.yaml> <payload.json>: a match exits 0 with one ok line per criterion', async () => {
    const r = await project.run(['rule', 'test', 'rule.yaml', 'match.json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MATCH');
    expect(r.stdout).toMatch(/^ {2}ok {3}trigger\.body\.env equals "prod" \(value "prod"\)$/m);
    expect(r.stdout).toMatch(/^ {2}ok {3}trigger\.body\.count gt 2 \(value 5\)$/m);
    expect(r.stdout).toContain('action ruly.note');
    expect(r.stdout).toContain('"text": "prod"');
  });

  it('rule test: no match exits 1 and marks the failing criterion', async () => {
    const r = await project.run(['rule', 'test', 'rule.yaml', 'nomatch.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no match');
    expect(r.stdout).toMatch(/^ {2}FAIL trigger\.body\.env equals "prod" \(value "dev"\)/m);
    expect(r.stdout).not.toContain('MATCH');
  });

  it('rule test --criteria c.yaml p.json --json prints the verdict as JSON', async () => {
    const r = await project.run(['rule', 'test', '--criteria', 'criteria.yaml', 'match.json', '--json']);
    expect(r.code).toBe(0);
    const verdict = JSON.parse(r.stdout) as { match: boolean; criteria: { key: string; match: boolean }[] };
    expect(verdict.match).toBe(true);
    expect(verdict.criteria).toEqual([expect.objectContaining({ key: 'trigger.body.env', match: true })]);
    const no = await project.run(['rule', 'test', '--criteria', 'criteria.yaml', 'nomatch.json', '--json']);
    expect(no.code).toBe(1);
    expect((JSON.parse(no.stdout) as { match: boolean }).match).toBe(false);
  });

  it('rule test --batch prints one verdict a line and reports a malformed line by number', async () => {
    const r = await project.run(['rule', 'test', '--batch', 'batch.jsonl']);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { line: number; match?: boolean; error?: string });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ line: 1, match: true });
    expect(lines[1]!.line).toBe(2);
    expect(lines[1]!.error).toMatch(/^line 2: not valid JSON/);
    expect(lines[1]).not.toHaveProperty('match');
    expect(lines[2]).toMatchObject({ line: 3, match: false });
    expect(r.code).toBe(1);
  });

  it('rule disable and enable change the stored state', async () => {
    const off = await project.run(['rule', 'disable', 'ruly.on_deploy']);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('rule ruly.on_deploy is disabled');
    const rules = await project.json<{ ref: string; enabled: boolean }[]>(['rule', 'list']);
    expect(rules.find((r) => r.ref === 'ruly.on_deploy')?.enabled).toBe(false);
    const on = await project.run(['rule', 'enable', 'ruly.on_deploy']);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain('rule ruly.on_deploy is enabled');
    const missing = await project.run(['rule', 'disable', 'ruly.nosuch']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('RULE_NOT_FOUND');
  });
});

// validate reads files only (no store, no lock), so these may run side by side.
describe.concurrent('squall pack validate', () => {
  const fixtures = path.join(PROJECT_ROOT, 'test', 'fixtures', 'packs');
  let project: CliProject;
  beforeAll(() => {
    project = cliProject();
  });

  it('a good pack exits 0', async ({ expect }) => {
    const r = await project.run(['pack', 'validate', path.join(fixtures, 'good_pack')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pack good_pack: .*; ok$/m);
  });

  it('a broken pack exits 1 and prints file:line field: message for each error', async ({ expect }) => {
    const r = await project.run(['pack', 'validate', path.join(fixtures, 'broken_pack')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^actions\/schema_errors\.yaml:3 enabled: must be boolean$/m);
    expect(r.stdout).toMatch(/^rules\/bad_rule\.yaml:\d+ criteria\.trigger\.x\.type: unknown criteria operator "frobnicate"$/m);
    expect(r.stdout).toMatch(/^actions\/bad_yaml\.yaml:\d+: YAML syntax error/m);
    expect(r.stdout).toMatch(/^pack broken_pack: .*; \d+ errors$/m);
  });

  it('a relative directory resolves against the working directory; a missing one is a clear error', async ({ expect }) => {
    writeFiles(project.dir, { 'mine/pack.yaml': { ref: 'mine', name: 'mine', description: 'd', version: '0.1.0', author: 'a' } });
    const ok = await project.run(['pack', 'validate', 'mine']);
    expect(ok.code).toBe(0);
    const missing = await project.run(['pack', 'validate', 'nowhere']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('PACK_NOT_FOUND');
  });

  const conformance = path.resolve(PROJECT_ROOT, '../shared/conformance/packs');
  const present = existsSync(conformance);
  if (!present) console.warn(`skipping conformance packs: ${conformance} is absent`);
  describe.skipIf(!present)('conformance packs', () => {
    const names = present ? readdirSync(conformance).filter((n) => existsSync(path.join(conformance, n, 'pack.yaml'))) : [];
    it('there are packs to check', ({ expect }) => expect(names.length).toBeGreaterThan(0));
    it.for(names)('%s validates with exit 0', async (name, { expect }) => {
      const r = await project.run(['pack', 'validate', path.join(conformance, name)]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/; ok$/m);
    });
  });
});
