import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JinjaRenderer } from '../../../../src/expressions/jinja.js';
import { createWorkflowExpressions } from '../../../../src/expressions/workflow-expressions.js';
import { describeMismatches } from '../../../../src/workflows/rehearse-compare.js';
import { rehearseFile } from '../../../../src/workflows/rehearse.js';

const BASE = path.resolve(process.cwd(), '../shared/conformance/orquesta');
const TESTS = path.join(BASE, 'tests');
const exists = existsSync(TESTS);
if (!exists) console.warn(`Orquesta rehearsal conformance skipped: ${TESTS} is absent`);

describe.skipIf(!exists)('Orquesta rehearsal conformance (../shared/conformance/orquesta/tests)', () => {
  it('passes every rehearsal spec', () => {
    const deps = { expressions: createWorkflowExpressions({ jinja: new JinjaRenderer({}) }) };
    const files = readdirSync(TESTS).filter((f) => f.endsWith('.yaml')).sort();
    const failures: string[] = [];
    for (const file of files) {
      try {
        const result = rehearseFile(path.join(TESTS, file), BASE, deps);
        if (!result.passed) failures.push(`${file}\n${describeMismatches(result.mismatches)}`);
      } catch (err) {
        failures.push(`${file}: ${(err as Error).message}`);
      }
    }
    console.log(`Orquesta rehearsals: ${files.length - failures.length}/${files.length} passed`);
    expect(files.length).toBeGreaterThanOrEqual(207);
    expect(failures).toEqual([]);
  });
});
