import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SquallError, formatDetail } from '../../../src/errors/index.js';

describe('error codes', () => {
  it('README lists every code with its message', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const [code, { message }] of Object.entries(ERROR_CODES)) {
      expect(readme, code).toContain(`| \`${code}\` | ${message} |`);
    }
  });

  it('codes are upper snake case and unique', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('describe() prints the code, the message and each detail with file, line and field', () => {
    const err = new SquallError('PACK_INVALID', 'pack x is invalid', {
      details: [
        { file: 'actions/a.yaml', line: 4, field: 'parameters.cmd.type', message: 'must be a string' },
        { message: 'no location' },
      ],
    });
    expect(err.expose).toBe(true);
    expect(err.describe()).toBe('PACK_INVALID: pack x is invalid\n  actions/a.yaml:4 parameters.cmd.type: must be a string\n  no location');
    expect(formatDetail({ file: 'a.yaml', message: 'm' })).toBe('a.yaml: m');
    expect(new SquallError('INTERNAL').expose).toBe(false);
  });
});
