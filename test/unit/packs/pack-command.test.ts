import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { packCommand } from '../../../src/cli/pack.js';
import type { CliEnv, CliIo } from '../../../src/cli/command.js';
import { isSquallError } from '../../../src/errors/index.js';
import { ContentRegistry } from '../../../src/packs/content-registry.js';
import { CONFORMANCE_PACKS, FIXTURES, manifest, tempDir, writePack } from './pack-fixture.js';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  return { io, out, err, text: () => out.join('\n') };
}

/** validate must not build the application: this env fails the test if it does. */
function fileOnlyEnv(cwd = process.cwd()): CliEnv {
  return { cwd, vars: {}, app: () => Promise.reject(new Error('pack validate must not start the application')) };
}

function envWithContent(content: ContentRegistry): CliEnv {
  // Only `content` is read by list and get.
  return { cwd: process.cwd(), vars: {}, app: async () => ({ content }) as unknown as App };
}

const run = (positionals: string[], env: CliEnv, flags: Record<string, string | boolean> = {}) => {
  const f = fakeIo();
  return packCommand.run({ positionals, flags }, f.io, env).then((code) => ({ code, ...f }));
};

describe('squall pack validate', () => {
  it('prints every error as file:line field: message and exits 1', async () => {
    const { code, text } = await run(['validate', path.join(FIXTURES, 'broken_pack')], fileOnlyEnv());
    expect(code).toBe(1);
    const lines = text().split('\n');
    expect(lines).toContain('actions/missing_entry.yaml:3 entry_point: file actions/nowhere.sh does not exist');
    expect(lines).toContain('actions/schema_errors.yaml:3 enabled: must be boolean');
    expect(lines.some((l) => l.startsWith('actions/bad_yaml.yaml:6: YAML syntax error'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^pack broken_pack: 1 action, .*; \d+ errors$/);
  });

  it('exits 0 for a good pack and lists unavailable actions with their runner', async () => {
    const { code, text } = await run(['validate', 'test/fixtures/packs/good_pack'], fileOnlyEnv());
    expect(code).toBe(0);
    expect(text()).toContain('good_pack.py_thing: unavailable (runner python-script not available)');
    expect(text()).not.toContain('good_pack.flow: unavailable');
    expect(text().split('\n').at(-1)).toBe('pack good_pack: 4 actions, 2 rules, 1 alias, 1 sensor, 2 trigger types, 1 policy, 1 unavailable; 0 warnings; ok');
  });

  it('prints the inspection as JSON with --json', async () => {
    const { code, text } = await run(['validate', path.join(FIXTURES, 'broken_manifest')], fileOnlyEnv(), { json: true });
    expect(code).toBe(1);
    const parsed = JSON.parse(text());
    expect(parsed.ok).toBe(false);
    expect(parsed.errors.map((e: { field: string }) => e.field)).toEqual(['author', 'version', 'colour']);
  });

  it('refuses a missing directory and a missing argument with typed errors', async () => {
    await expect(run(['validate', 'no/such/dir'], fileOnlyEnv())).rejects.toSatisfy((e) => isSquallError(e) && e.code === 'PACK_NOT_FOUND');
    await expect(run(['validate'], fileOnlyEnv())).rejects.toSatisfy((e) => isSquallError(e) && e.code === 'USAGE');
    await expect(run(['frobnicate'], fileOnlyEnv())).rejects.toSatisfy((e) => isSquallError(e) && e.code === 'USAGE');
  });

  it.skipIf(!fs.existsSync(CONFORMANCE_PACKS))('exits 0 for every conformance pack', async () => {
    for (const name of ['git', 'slack', 'github', 'jira', 'pagerduty']) {
      const { code, text } = await run(['validate', path.join(CONFORMANCE_PACKS, name)], fileOnlyEnv());
      expect(code, text()).toBe(0);
      expect(text().split('\n').at(-1)).toMatch(new RegExp(`^pack ${name}: .*; ok$`));
    }
  });
});

describe('squall pack list and get', () => {
  function registry() {
    const root = tempDir();
    writePack(root, 'alpha', {
      'pack.yaml': manifest('alpha'),
      'actions/run.yaml': 'name: run\nrunner_type: noop\n',
      'config.schema.yaml': 'token:\n  type: string\n  secret: true\nregion:\n  type: string\n  default: eu\n',
      'configs/alpha.yaml': 'token: hunter2\n',
    });
    writePack(root, 'broken', { 'pack.yaml': 'name: broken\n' });
    const content = new ContentRegistry();
    content.loadAll([root]);
    return content;
  }

  it('lists loaded packs with their status', async () => {
    const { code, text } = await run(['list'], envWithContent(registry()));
    expect(code).toBe(0);
    const rows = text().split('\n');
    expect(rows[0]).toMatch(/^ref\s+version\s+actions/);
    expect(rows.find((r) => r.startsWith('alpha'))).toMatch(/alpha\s+1\.0\.0\s+1\s+0\s+0\s+0\s+ok/);
    expect(rows.find((r) => r.startsWith('broken'))).toMatch(/failed/);
    const json = await run(['list'], envWithContent(registry()), { json: true });
    expect(JSON.parse(json.text()).map((p: { ref: string; status: string }) => [p.ref, p.status])).toEqual([
      ['alpha', 'ok'],
      ['broken', 'failed'],
    ]);
  });

  it('shows one pack with its config, secrets masked', async () => {
    const { code, text } = await run(['get', 'alpha'], envWithContent(registry()));
    expect(code).toBe(0);
    expect(text()).toMatch(/^ref: alpha$/m);
    expect(text()).toContain('"region": "eu"');
    expect(text()).toContain('"token": "********"');
    expect(text()).not.toContain('hunter2');
    const broken = await run(['get', 'broken'], envWithContent(registry()));
    expect(broken.text()).toMatch(/errors:\n  pack.yaml:1 description: is required/);
    await expect(run(['get', 'nope'], envWithContent(registry()))).rejects.toSatisfy((e) => isSquallError(e) && e.code === 'PACK_NOT_FOUND');
  });
});
