import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKvFile, readKvFile } from '../../../src/datastore/kv-file.js';
import { SquallError } from '../../../src/errors/index.js';

function errorOf(fn: () => unknown): SquallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SquallError) return err;
    throw err;
  }
  throw new Error('expected an error');
}

describe('parseKvFile', () => {
  it('reads a JSON list with every field, mapping secret and encrypted to set options', () => {
    const text = JSON.stringify([
      { name: 'a', value: '1' },
      { name: 'b', value: 'pw', secret: true, ttl: 30, description: 'd' },
      { name: 'c', value: 'ABCDEF', secret: true, encrypted: true, scope: 'user', user: 'alice' },
      { name: 'd', value: 'x', scope: 'st2kv.system', id: 'ignored', uid: 'ignored' },
    ]);
    expect(parseKvFile(text, 'keys.json')).toEqual([
      { name: 'a', value: '1', options: { scope: 'system' }, line: 1 },
      { name: 'b', value: 'pw', options: { scope: 'system', encrypt: true, ttl: 30, description: 'd' }, line: 1 },
      { name: 'c', value: 'ABCDEF', options: { scope: 'user', user: 'alice', preEncrypted: true }, line: 1 },
      { name: 'd', value: 'x', options: { scope: 'system' }, line: 1 },
    ]);
  });

  it('reads a single YAML item and fills in the default user for scope user', () => {
    expect(parseKvFile('name: token\nvalue: abc\nscope: user\n', 'k.yaml', { defaultUser: 'stanley' })).toEqual([
      { name: 'token', value: 'abc', options: { scope: 'user', user: 'stanley' }, line: 1 },
    ]);
  });

  it('rejects non-string values unless convert, which stores them as JSON', () => {
    const text = '- name: n\n  value: 42\n- name: o\n  value: {a: [1, true]}\n- name: f\n  value: false\n';
    const err = errorOf(() => parseKvFile(text, 'k.yaml'));
    expect(err.code).toBe('KV_INVALID');
    expect(err.details.map((d) => [d.field, d.line])).toEqual([
      ['[0].value', 2],
      ['[1].value', 4],
      ['[2].value', 6],
    ]);
    expect(err.details[0]?.message).toMatch(/--convert/);
    expect(parseKvFile(text, 'k.yaml', { convert: true }).map((i) => i.value)).toEqual(['42', '{"a":[1,true]}', 'false']);
  });

  it('reports every bad item with index, field and line, and returns nothing', () => {
    const text = [
      '- name: ok', //  1
      '  value: fine',
      '- value: no name', // 3
      '- name: "has space"', // 4
      '  value: v',
      '- name: s', // 6
      '  value: v',
      '  scope: galaxy', // 8
      '  ttl: -1', // 9
      '  secret: "yes"', // 10
      '- just a string', // 11
      '- name: u', // 12
      '  value: v',
      '  scope: user',
    ].join('\n');
    const err = errorOf(() => parseKvFile(text, 'bad.yaml'));
    expect(err.code).toBe('KV_INVALID');
    expect(err.message).toContain('nothing was loaded');
    expect(err.details.map((d) => `${d.line} ${d.field}`)).toEqual([
      '3 [1].name',
      '4 [2].name',
      '10 [3].secret',
      '8 [3].scope',
      '9 [3].ttl',
      '11 [4]',
      '12 [5].user',
    ]);
    expect(err.details.every((d) => d.file === 'bad.yaml')).toBe(true);
  });

  it('reports YAML syntax errors with a line, and an empty file as having no items', () => {
    const err = errorOf(() => parseKvFile('- name: a\n  value: [unclosed\n', 'k.yaml'));
    expect(err.code).toBe('YAML_INVALID');
    expect(err.details[0]?.line).toBeGreaterThan(0);
    expect(errorOf(() => parseKvFile('', 'k.yaml')).code).toBe('KV_INVALID');
    expect(errorOf(() => parseKvFile('[]', 'k.json')).message).toContain('no items');
  });

  it('reads from disk and names a missing file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-kvfile-'));
    try {
      const file = path.join(dir, 'k.json');
      writeFileSync(file, '{"name": "a", "value": "b"}');
      expect(readKvFile(file)).toHaveLength(1);
      const err = errorOf(() => readKvFile(path.join(dir, 'missing.json')));
      expect(err.code).toBe('KV_INVALID');
      expect(err.message).toContain('missing.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
