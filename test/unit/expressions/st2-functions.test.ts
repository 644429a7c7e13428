import { describe, expect, it } from 'vitest';
import { callTemplateFunction, JinjaRenderer, ST2_FUNCTIONS } from '../../../src/expressions/jinja.js';

const r = new JinjaRenderer();
const render = (tpl: string, ctx: Record<string, unknown> = {}): string => r.render(tpl, ctx);
const value = (tpl: string, ctx: Record<string, unknown> = {}): unknown => r.evaluate(tpl, ctx);

describe('data filters', () => {
  const obj = { foo: { bar: 'foobar' } };

  it('from_json_string / json_parse', () => {
    expect(value('{{ s | from_json_string }}', { s: '{"foo": {"bar": "foobar"}}' })).toEqual(obj);
    expect(value('{{ s | json_parse }}', { s: '[1, null]' })).toEqual([1, null]);
    expect(() => render('{{ "nope" | from_json_string }}')).toThrow(/JSONDecodeError/);
  });

  it('from_yaml_string / yaml_parse with PyYAML rules', () => {
    expect(value('{{ s | from_yaml_string }}', { s: 'foo:\n  bar: foobar\n' })).toEqual(obj);
    expect(value('{{ s | yaml_parse }}', { s: 'a: yes\nb: y\nc: 2001-12-14\nd: [1, x]' })).toEqual({ a: true, b: 'y', c: '2001-12-14', d: [1, 'x'] });
  });

  it('to_json_string / json_dump: json.dumps with separators (",", ": ") by default', () => {
    expect(render('{{ o | to_json_string }}', { o: obj })).toBe('{"foo": {"bar": "foobar"}}');
    expect(render('{{ o | to_json_string }}', { o: { a: 1, b: [1, 2] } })).toBe('{"a": 1,"b": [1,2]}');
    expect(render('{{ o | to_json_string(indent=2, sort_keys=true) }}', { o: { b: 1, a: [1] } })).toBe('{\n  "a": [\n    1\n  ],\n  "b": 1\n}');
    expect(render('{{ o | json_dump(separators=[",", ":"]) }}', { o: { a: 'é' } })).toBe('{"a":"\\u00e9"}');
  });

  it('to_yaml_string / yaml_dump: block style, sorted keys, lists under their key', () => {
    expect(render('{{ o | to_yaml_string }}', { o: obj })).toBe('foo:\n  bar: foobar\n');
    // The template's own trailing newline is dropped; the value's is not.
    expect(r.render('{{ o | to_yaml_string }}\n', { o: [{ b: 2, a: 1 }] })).toBe('- a: 1\n  b: 2\n');
    expect(value('{{ o | yaml_dump }}', { o: { c: { d: 'x' }, a: 1, b: [1, 2], e: 'yes', f: '' } })).toBe("a: 1\nb:\n- 1\n- 2\nc:\n  d: x\ne: 'yes'\nf: ''\n");
    expect(value('{{ "abc" | to_yaml_string }}')).toBe('abc\n...\n');
  });

  it('to_complex and json_escape', () => {
    expect(value('{{ o | to_complex }}', { o: { a: [1, true, null] } })).toBe('{"a": [1, true, null]}');
    expect(render('{{ s | json_escape }}', { s: 'foo """ bar' })).toBe('foo \\"\\"\\" bar');
    expect(render('{{ s | json_escape }}', { s: 'foo \\ bar' })).toBe('foo \\\\ bar');
    expect(render('{{ s | json_escape }}', { s: 'a\b\f\n\r\tb' })).toBe('a\\b\\f\\n\\r\\tb');
  });

  it('jsonpath_query', () => {
    const people = { people: [{ first: 'James', last: 'd' }, { first: 'Jacob', last: 'e' }, { first: 'Jayden', last: 'f' }, { missing: 'different' }], foo: { bar: 'baz' } };
    expect(value('{{ o | jsonpath_query("people[*].first") }}', { o: people })).toEqual(['James', 'Jacob', 'Jayden']);
    expect(value('{{ o | jsonpath_query(q) }}', { o: people, q: 'people[*].last' })).toEqual(['d', 'e', 'f']);
    expect(value('{{ o | jsonpath_query("query_returns_no_results") }}', { o: people })).toBeNull();
    expect(value('{{ o | jsonpath_query("$.foo.bar") }}', { o: { foo: { bar: 'foobar' } } })).toEqual(['foobar']);
    expect(value("{{ o | jsonpath_query('$..bar') }}", { o: { foo: { bar: 1 }, x: [{ bar: 2 }] } })).toEqual([1, 2]);
    expect(value("{{ o | jsonpath_query('people[1:3].first') }}", { o: people })).toEqual(['Jacob', 'Jayden']);
    expect(value("{{ o | jsonpath_query('people[-1].missing') }}", { o: people })).toEqual(['different']);
    expect(value("{{ o | jsonpath_query(\"foo.*\") }}", { o: people })).toEqual(['baz']);
    expect(value("{{ o | jsonpath_query(\"foo['bar']\") }}", { o: people })).toEqual(['baz']);
    expect(value("{{ o | jsonpath_query('[*].ip') }}", { o: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }] })).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(() => render("{{ o | jsonpath_query('people[?(@.x)]') }}", { o: people })).toThrow(/JsonPathParserError/);
  });
});

describe('regex filters (Python re semantics)', () => {
  it('regex_match anchors at the start', () => {
    expect(render('{{ k | regex_match("x") }} {{ k | regex_match("y") }}', { k: 'xyz' })).toBe('True False');
    expect(render('{{ k | regex_match("^v(\\\\d+\\\\.)?(\\\\d+\\\\.)?(\\\\*|\\\\d+)$") }}', { k: 'v0.10.1' })).toBe('True');
    expect(render('{{ k | regex_match("X", ignorecase=true) }}', { k: 'xyz' })).toBe('True');
  });

  it('regex_search looks anywhere', () => {
    expect(render('{{ k | regex_search("x") }} {{ k | regex_search("y") }} {{ k | regex_search("q") }}', { k: 'xyz' })).toBe('True True False');
  });

  it('regex_replace with Python replacement syntax', () => {
    expect(render('{{ k | regex_replace("x", "wx") }}', { k: 'xyz' })).toBe('wxyz');
    expect(render('{{ k | regex_replace("(blue|white|red)", "color") }}', { k: 'blue socks and red shoes' })).toBe('color socks and color shoes');
    expect(render("{{ k | regex_replace('(?P<w>\\\\w+)@(\\\\w+)', '\\\\2 at \\\\g<w>') }}", { k: 'me@host' })).toBe('host at me');
    expect(render("{{ k | regex_replace('x*', '-') }}", { k: 'abc' })).toBe('-a-b-c-');
    expect(render("{{ k | regex_replace('\\\\d', '$') }}", { k: 'a1' })).toBe('a$');
  });

  it('regex_substring indexes re.findall', () => {
    expect(render('{{ k | regex_substring("(127.0.0.1)") }}', { k: 'hello this is 127.0.0.1, your home' })).toBe('127.0.0.1');
    expect(render('{{ k | regex_substring("([0-9]{3} \\\\w+ (?:Dr|Ave))") }}', { k: 'I live at 668 Infinite Dr' })).toBe('668 Infinite Dr');
    expect(render('{{ k | regex_substring("\\\\d+", 1) }}', { k: 'a1b22c333' })).toBe('22');
    expect(value('{{ k | regex_substring("(\\\\w)(\\\\d)", -1) }}', { k: 'a1 b2' })).toEqual(['b', '2']);
    expect(() => render('{{ k | regex_substring("(127.0.0.1)") }}', { k: 'hello this is 127.0.0.2' })).toThrow(/IndexError: list index out of range/);
  });
});

describe('time, path and use_none', () => {
  it('to_human_time_from_seconds', () => {
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 12345 })).toBe('3h25m45s');
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 0 })).toBe('0s');
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 59 })).toBe('59s');
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 90061 })).toBe('1d1h1m1s');
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 0.5 })).toBe('0.5\u03BCs');
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 56.6 })).toBe('57s');
    expect(render('{{ k | to_human_time_from_seconds }}', { k: 400 * 86400 + 5 })).toBe('1y4d0h0m5s');
    expect(() => render('{{ k | to_human_time_from_seconds }}', { k: 'stuff' })).toThrow(/AssertionError/);
  });

  it('basename and dirname (posixpath)', () => {
    expect(render('{{ p | basename }}|{{ p | dirname }}', { p: '/path/to/some/file.txt' })).toBe('file.txt|/path/to/some');
    expect(render("{{ '/a/b/' | basename }}|{{ '/a/b/' | dirname }}|{{ 'plain' | dirname }}|{{ '/x' | dirname }}", {})).toBe('|/a/b||/');
  });

  it('use_none turns None into the marker StackStorm casts back to null', () => {
    expect(render('{{ n | use_none }}|{{ "x" | use_none }}', { n: null })).toBe('%*****__%NONE%__*****%|x');
  });
});

describe('version filters (semver)', () => {
  it('compare, more/less/equal', () => {
    expect(render('{{ "0.9.0" | version_compare("0.10.0") }} {{ "0.10.1" | version_compare("0.10.0") }} {{ "0.10.0" | version_compare("0.10.0") }}')).toBe('-1 1 0');
    expect(render('{{ "0.9.0" | version_more_than("0.10.0") }} {{ "0.10.1" | version_more_than("0.10.0") }}')).toBe('False True');
    expect(render('{{ "0.9.0" | version_less_than("0.10.0") }} {{ "0.10.0" | version_less_than("0.9.0") }}')).toBe('True False');
    expect(render('{{ "0.10.0" | version_equal("0.10.0") }} {{ "0.10.1" | version_equal("0.10.0") }}')).toBe('True False');
    expect(render('{{ "1.10.3" | version_more_than("1.10.3-rc.1") }} {{ "1.0.0-alpha.2" | version_compare("1.0.0-alpha.10") }}')).toBe('True -1');
    expect(() => render('{{ "1.0" | version_compare("1.0.0") }}')).toThrow(/not valid SemVer/);
  });

  it('version_match', () => {
    expect(render('{{ "0.10.1" | version_match(">0.10.0") }} {{ "0.1.1" | version_match(">0.10.0") }}')).toBe('True False');
    expect(render('{{ "0.1.0" | version_match("<0.10.0") }} {{ "1.1.0" | version_match("<0.10.0") }}')).toBe('True False');
    expect(render('{{ "0.10.0" | version_match("==0.10.0") }} {{ "0.10.1" | version_match(">=0.10.0") }} {{ "0.10.1" | version_match("!=0.10.1") }}')).toBe('True True False');
    expect(() => render('{{ "0.10.0" | version_match("~0.10.0") }}')).toThrow(/match_expr parameter should be in format/);
  });

  it('bumps and strip_patch', () => {
    expect(render('{{ v | version_bump_major }} {{ v | version_bump_minor }} {{ v | version_bump_patch }} {{ v | version_strip_patch }}', { v: '0.10.1' })).toBe('1.0.0 0.11.0 0.10.2 0.10');
    expect(render('{{ "1.10.3-rc.1" | version_bump_patch }} {{ "1.10.3-rc.1" | version_strip_patch }}')).toBe('1.10.4 1.10');
  });
});

describe('ST2_FUNCTIONS table', () => {
  it('serves every StackStorm name and the Orquesta aliases, callable outside templates with named arguments', () => {
    expect(Object.keys(ST2_FUNCTIONS).sort()).toEqual([
      'basename', 'dirname', 'from_json_string', 'from_yaml_string', 'json_dump', 'json_escape', 'json_parse', 'jsonpath_query',
      'regex_match', 'regex_replace', 'regex_search', 'regex_substring', 'to_complex', 'to_human_time_from_seconds', 'to_json_string',
      'to_yaml_string', 'use_none', 'version_bump_major', 'version_bump_minor', 'version_bump_patch', 'version_compare', 'version_equal',
      'version_less_than', 'version_match', 'version_more_than', 'version_strip_patch', 'yaml_dump', 'yaml_parse',
    ]);
    expect(callTemplateFunction(ST2_FUNCTIONS.regex_match, ['XYZ', 'x'], new Map([['ignorecase', true]]))).toBe(true);
    expect(callTemplateFunction(ST2_FUNCTIONS.to_json_string, [{ b: 1, a: 2 }], new Map([['sort_keys', true]]))).toBe('{"a": 2,"b": 1}');
    expect(() => callTemplateFunction(ST2_FUNCTIONS.basename, ['/a'], new Map([['nope', 1]]))).toThrow(/unexpected keyword argument 'nope'/);
  });

  it('are callable as template functions when passed as globals, as Orquesta offers them', () => {
    expect(r.evaluate("{{ regex_match('xyz', 'x') and basename('/a/b') == 'b' }}", {}, { globals: ST2_FUNCTIONS })).toBe(true);
    expect(() => r.render("{{ regex_match('xyz', 'x') }}", {})).toThrow(/'regex_match' is undefined/);
  });
});
