/**
 * Conformance with answers produced by StackStorm's and Orquesta's own evaluators
 * (../shared/conformance/*.jsonl). Orquesta's `ctx()`, `zip()` and `json()` are supplied here
 * as render globals; the workflow engine proper provides them in production.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { JinjaRenderer, tuple } from '../../../src/expressions/jinja.js';

const DIR = path.resolve(process.cwd(), '../shared/conformance');
const exists = fs.existsSync(path.join(DIR, 'st2-functions.jsonl')) && fs.existsSync(path.join(DIR, 'jinja.jsonl'));
if (!exists) console.warn(`conformance cases not found in ${DIR}; skipping the Jinja conformance suite`);

/** The passing count reached for jinja.jsonl; the suite may only go up from here. */
const JINJA_RATCHET = 298;

interface Case {
  expr: string;
  context: Record<string, unknown>;
  result?: unknown;
  error?: string;
}

function orquestaGlobals(context: Record<string, unknown>): Record<string, unknown> {
  return {
    ctx: (name?: string) => {
      if (name === undefined) return context;
      if (!Object.hasOwn(context, name)) throw new Error(`Variable "${name}" is referenced before assignment.`);
      return context[name];
    },
    zip: (...lists: unknown[][]) => {
      const n = Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => tuple(...lists.map((l) => l[i])));
    },
    json: (s: unknown) => (typeof s === 'string' ? (JSON.parse(s) as unknown) : s),
  };
}

interface Outcome {
  passed: number;
  skipped: number;
  failures: string[];
}

function runFile(file: string): Outcome {
  const r = new JinjaRenderer();
  const outcome: Outcome = { passed: 0, skipped: 0, failures: [] };
  for (const line of fs.readFileSync(path.join(DIR, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const c = JSON.parse(line) as Case;
    if (c.expr.includes('<%')) {
      outcome.skipped++;
      continue;
    }
    let got: unknown;
    let error: unknown;
    try {
      got = r.evaluate(c.expr, {}, { globals: orquestaGlobals(c.context) });
    } catch (err) {
      error = err;
    }
    const ok = c.error !== undefined ? error !== undefined : error === undefined && isDeepStrictEqual(JSON.parse(JSON.stringify(got ?? null)), c.result);
    if (ok) outcome.passed++;
    else {
      const actual = error ? `error ${(error as Error).message}` : JSON.stringify(got);
      outcome.failures.push(`${c.expr}\n    expected ${c.error !== undefined ? 'an error' : JSON.stringify(c.result)}, got ${actual}`);
    }
  }
  return outcome;
}

describe.skipIf(!exists)('Jinja conformance', () => {
  it('st2-functions.jsonl: every Jinja case matches StackStorm (YAQL cases skipped)', () => {
    const { passed, skipped, failures } = runFile('st2-functions.jsonl');
    console.log(`st2-functions.jsonl (Jinja): ${passed} passed, ${failures.length} failed, ${skipped} YAQL cases skipped`);
    for (const f of failures) console.log(`  FAIL ${f}`);
    expect(failures).toEqual([]);
    expect(passed).toBeGreaterThan(0);
  });

  it(`jinja.jsonl: at least ${JINJA_RATCHET} cases match Orquesta`, () => {
    const { passed, failures } = runFile('jinja.jsonl');
    console.log(`jinja.jsonl: ${passed} passed, ${failures.length} failed`);
    for (const f of failures) console.log(`  FAIL ${f}`);
    expect(passed).toBeGreaterThanOrEqual(JINJA_RATCHET);
  });
});
