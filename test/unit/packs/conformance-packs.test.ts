import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDetail } from '../../../src/errors/index.js';
import { inspectPack } from '../../../src/packs/inspect.js';
import { CONFORMANCE_PACKS } from './pack-fixture.js';

const exists = fs.existsSync(CONFORMANCE_PACKS);
if (!exists) console.warn(`conformance packs not found at ${CONFORMANCE_PACKS}; skipping the real-pack validation tests`);
const packs = exists ? fs.readdirSync(CONFORMANCE_PACKS).filter((n) => fs.existsSync(path.join(CONFORMANCE_PACKS, n, 'pack.yaml'))).sort() : [];

/** Counts of YAML files per folder, to prove nothing was silently dropped. */
function yamlFiles(dir: string): number {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).length : 0;
}

describe.skipIf(!exists)('squall pack validate on the StackStorm Exchange packs', () => {
  it('finds the five packs', () => {
    expect(packs).toEqual(['git', 'github', 'jira', 'pagerduty', 'slack']);
  });

  it.each(packs)('%s validates with no errors and loads every content file', (name) => {
    const dir = path.join(CONFORMANCE_PACKS, name);
    const r = inspectPack(dir);
    expect(r.errors.map(formatDetail)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.pack?.ref).toBe(name);
    expect(r.counts.actions).toBe(yamlFiles(path.join(dir, 'actions')));
    expect(r.counts.rules).toBe(yamlFiles(path.join(dir, 'rules')));
    expect(r.counts.aliases).toBe(yamlFiles(path.join(dir, 'aliases')));
    expect(r.counts.sensors).toBe(yamlFiles(path.join(dir, 'sensors')));
    // Every action on a runner Squall cannot run yet is listed as unavailable, with the runner named.
    for (const a of r.unavailableActions) expect(a.reason).toBe(`runner ${a.runner} not available`);
    console.log(`${name}: ${r.counts.actions} actions (${r.unavailableActions.length} unavailable), ${r.counts.rules} rules, ${r.counts.aliases} aliases, ${r.counts.sensors} sensors, ${r.warnings.length} warnings`);
  });

  it('reads the real-world variety right', () => {
    const git = inspectPack(path.join(CONFORMANCE_PACKS, 'git'));
    // remote-shell-cmd is known but not runnable; the local-shell-cmd action is available
    expect(git.unavailableActions.map((a) => a.runner)).toEqual(Array(6).fill('remote-shell-cmd'));
    expect(git.counts.triggerTypes).toBe(1);
    const github = inspectPack(path.join(CONFORMANCE_PACKS, 'github'));
    // actions/workflows/deployment_event.yaml is an entry point, not an action
    expect(github.counts.actions).toBe(yamlFiles(path.join(CONFORMANCE_PACKS, 'github', 'actions')));
    const pagerduty = inspectPack(path.join(CONFORMANCE_PACKS, 'pagerduty'));
    // the pack's `item:` typo inside a nested schema is a warning, as StackStorm lets it pass
    expect(pagerduty.warnings.some((w) => w.field?.endsWith('teams.item'))).toBe(true);
  });
});
