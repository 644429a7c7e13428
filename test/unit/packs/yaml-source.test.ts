import { describe, expect, it } from 'vitest';
import { YamlSource } from '../../../src/packs/yaml-source.js';

function ok(text: string) {
  const r = YamlSource.parse(text, 'x.yaml');
  if (!r.ok) throw new Error(`expected a parse: ${JSON.stringify(r.errors)}`);
  return r;
}

describe('YamlSource', () => {
  it('reads YAML the way PyYAML safe_load does (1.1 booleans, no y/n, dates as strings, merges)', () => {
    const { data } = ok('a: yes\nb: Off\nc: y\nd: n\ne: 2001-12-14\nf: 0777\nbase: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n');
    expect(data).toEqual({ a: true, b: false, c: 'y', d: 'n', e: '2001-12-14', f: 511, base: { x: 1 }, m: { x: 1, y: 2 } });
  });

  it('maps a path to the 1-based line of its value or key, even in a document indented at top level', () => {
    const { source } = ok('---\n  name: x\n  parameters:\n    cmd:\n      type: string\n  list:\n    - a\n    - b\n');
    expect(source.lineOf(['parameters', 'cmd', 'type'])).toBe(5);
    expect(source.lineOf(['parameters', 'cmd'], 'key')).toBe(4);
    expect(source.lineOf(['list', 1])).toBe(8);
    expect(source.lineOfPointer('/parameters/cmd/type')).toBe(5);
    // a path that runs past the document points at the deepest node that exists
    expect(source.lineOf(['parameters', 'missing', 'type'])).toBe(4);
  });

  it('reports syntax errors with their line', () => {
    const r = YamlSource.parse('name: a\nparams:\n  x: [1, 2\n  y: 3\n', 'bad.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: 'bad.yaml', line: expect.any(Number) });
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(r.errors[0]!.message).toMatch(/YAML syntax error/);
  });

  it('refuses empty files, several documents and non-mappings with a clear message', () => {
    for (const [text, message] of [
      ['', /empty/],
      ['# only a comment\n', /empty/],
      ['---\n', /empty/],
      ['a: 1\n---\nb: 2\n', /2 YAML documents/],
      ['- a\n- b\n', /mapping.*found a list/],
      ['just text\n', /mapping.*single value/],
    ] as const) {
      const r = YamlSource.parse(text, 'f.yaml');
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.errors[0]!.message).toMatch(message);
    }
    const multi = YamlSource.parse('a: 1\n---\nb: 2\n', 'f.yaml');
    if (!multi.ok) expect(multi.errors[0]!.line).toBe(2);
  });

  it('warns on duplicate keys and keeps the last value, as StackStorm does', () => {
    const r = ok('name: a\ndescription: x\nname: b\n');
    expect(r.data.name).toBe('b');
    expect(r.warnings).toEqual([expect.objectContaining({ line: 3, field: 'name', message: expect.stringMatching(/duplicate key/) })]);
    expect(r.source.lineOf(['name'])).toBe(3);
  });

  it('keeps the written text of scalars', () => {
    expect(ok('version: 1.0\n').source.scalarText(['version'])).toBe('1.0');
  });
});
