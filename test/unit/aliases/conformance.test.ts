import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractAliasParams } from '../../../src/aliases/format-parser.js';
import { isSquallError } from '../../../src/errors/index.js';

const file = path.resolve(process.cwd(), '../shared/conformance/aliases.jsonl');
const exists = fs.existsSync(file);
if (!exists) console.warn(`conformance file ${file} is absent: alias conformance skipped`);

interface Case {
  format: string;
  command: string;
  params?: Record<string, string>;
  error?: string;
}

describe.skipIf(!exists)('alias format conformance (StackStorm answers)', () => {
  it('extracts the same parameters, and refuses the same commands with the same message', () => {
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const failures: string[] = [];
    let pass = 0;
    let errors = 0;
    lines.forEach((line, i) => {
      const c = JSON.parse(line) as Case;
      let got: { params: Record<string, string> } | { error: string };
      try {
        got = { params: extractAliasParams(c.format, c.command) };
      } catch (err) {
        if (!isSquallError(err) || err.code !== 'ALIAS_NO_MATCH') throw err;
        got = { error: `ParseException: ${err.message}` };
      }
      const ok = c.error !== undefined ? 'error' in got && got.error === c.error : 'params' in got && JSON.stringify(sorted(got.params)) === JSON.stringify(sorted(c.params ?? {}));
      if (c.error !== undefined) errors++;
      if (ok) pass++;
      else failures.push(`line ${i + 1}: ${JSON.stringify(c)} → ${JSON.stringify(got)}`);
    });
    console.log(`alias conformance: ${pass}/${lines.length} cases pass (${errors} of them refusals, compared by message)`);
    expect(failures).toEqual([]);
    expect(pass).toBe(lines.length);
  });
});

function sorted(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1));
}
