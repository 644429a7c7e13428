import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CriterionSpec } from '../../../src/model/index.js';
import { compileCriteria, evaluateCriteria, type CriteriaEnv } from '../../../src/rules/criteria.js';
import { ManualClock } from '../../../src/util/clock.js';
import { makeRenderer } from './renderer-under-test.js';

const file = path.resolve(process.cwd(), '../shared/conformance/criteria.jsonl');
const exists = fs.existsSync(file);
if (!exists) console.warn(`conformance file ${file} is absent: criteria conformance skipped`);

interface Case {
  criteria: Record<string, CriterionSpec>;
  payload: Record<string, unknown>;
  match: boolean;
  operator_error?: string;
}

describe.skipIf(!exists)('criteria conformance (StackStorm answers)', () => {
  it('agrees with StackStorm on every case', () => {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    // The cases were answered between 2000 and 2099 timestamps; any "now" in between gives the same answers.
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const renderer = makeRenderer();
    const env: CriteriaEnv = { renderer, nowMs: () => clock.now(), kv: () => renderer.kvContext() };
    const failures: string[] = [];
    let pass = 0;
    let sameMessage = 0;
    lines.forEach((line, i) => {
      const c = JSON.parse(line) as Case;
      const v = evaluateCriteria(compileCriteria(c.criteria, renderer), c.payload, env);
      const ok = v.match === c.match && (c.operator_error === undefined || v.error !== undefined);
      if (ok) pass++;
      else failures.push(`line ${i + 1}: expected match=${c.match}${c.operator_error ? ` (${c.operator_error})` : ''}, got ${JSON.stringify(v)}`);
      if (c.operator_error !== undefined && v.error?.endsWith(c.operator_error)) sameMessage++;
    });
    const errors = lines.filter((l) => 'operator_error' in JSON.parse(l)).length;
    console.log(`criteria conformance: ${pass}/${lines.length} cases pass; ${sameMessage}/${errors} operator errors carry Python's exact message`);
    expect(failures).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(250);
  });
});
