import { describe, expect, it } from 'vitest';
import { compileAliasFormat, extractAliasParams } from '../../../src/aliases/format-parser.js';
import { splitExtraParams } from '../../../src/aliases/extra-params.js';
import { SquallError } from '../../../src/errors/index.js';

function refusal(format: string, command: string): SquallError {
  try {
    extractAliasParams(format, command);
  } catch (err) {
    expect(err).toBeInstanceOf(SquallError);
    return err as SquallError;
  }
  throw new Error(`"${command}" unexpectedly matched "${format}"`);
}

// StackStorm's worked cases (reference §7), format → command → parameters.
const WORKED: [format: string, command: string, params: Record<string, string>][] = [
  ['', '', {}],
  ['', 'a=foobar1', { a: 'foobar1' }],
  ['foo', 'foo a="foobar2 poonies bar"', { a: 'foobar2 poonies bar' }],
  ['foo', "foo a='foobar2 poonies bar'", { a: 'foobar2 poonies bar' }],
  ['foo', 'foo a={"foobar2": "poonies"}', { a: '{"foobar2": "poonies"}' }],
  ['', `a=foobar1 b="boobar2 3 4" c='coobar3 4' d={"a": "b"}`, { a: 'foobar1', b: 'boobar2 3 4', c: 'coobar3 4', d: '{"a": "b"}' }],
  ['{{ captain }} is my captain', 'Malcolm Reynolds is my captain weirdo="River Tam"', { captain: 'Malcolm Reynolds', weirdo: 'River Tam' }],
  ['skip {{a}} more skip {{b}} and skip more.', 'skip "a1 a2" more skip b1 and skip more.', { a: 'a1 a2', b: 'b1' }],
  ['acl {{a}} {{b}} {{c}} {{d=1}}', 'acl "a1 a2" "b1" "c1"', { a: 'a1 a2', b: 'b1', c: 'c1', d: '1' }],
  ['acl {{a=test}}', 'acl', { a: 'test' }],
  ['skip {{ a = value }} more', 'skip one more', { a: 'one' }],
  ['skip {{ a = value }} more', 'skip more', { a: 'value' }],
  ['s {{a}} more {{ b }} more {{ c=99 }} more {{ d = 99 }}', 's one more two more three more', { a: 'one', b: 'two', c: 'three', d: '99' }],
  ['two by two hands of {{ color = {{ colors.default_color }} }}', 'two by two hands of', { color: '{{ colors.default_color }}' }],
  ['skip {{a}} more skip {{b}}.', 'skip {"a": "b", "c": "d"} more skip x.', { a: '{"a": "b", "c": "d"}', b: 'x' }],
  ['testing {{ b=abc }} {{ c=xyz }}', 'testing newvalue d={"1": "2"} e="long value"', { b: 'newvalue', c: 'xyz', d: '{"1": "2"}', e: 'long value' }],
  ['testing {{ a=new }}', 'testing b="another value"', { a: 'new', b: 'another value' }],
  ['skip {{d=test}} more skip {{e=test}}', 'skip ponies more skip', { d: 'ponies', e: 'test' }],
  ['foo bar', 'foo bar pony1=foo pony2=bar', { pony1: 'foo', pony2: 'bar' }],
  [
    "{{ p0='http' }} g {{ p1=p }} a {{ url }} {{ p2={'a':'b'} }} {{ p3={{ e.i }} }}",
    "g a http://google.com {{ execution.id }} p4='testing' p5={'a':'c'}",
    { p0: 'http', p1: 'p', url: 'http://google.com', p2: '{{ execution.id }}', p3: '{{ e.i }}', p4: 'testing', p5: "{'a':'c'}" },
  ],
  ['^\\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)', 'foo ASDF-1234', { issue_key: 'ASDF-1234' }],
  ['run {{cmd}} on {{hosts}}', 'run uname -a on web1,web2 timeout=120', { cmd: 'uname -a', hosts: 'web1,web2', timeout: '120' }],
  ['(run|execute) {{cmd}}( on {{hosts=localhost}})?[!.]?', 'execute date on web1!', { cmd: 'date', hosts: 'web1' }],
  ['(run|execute) {{cmd}}( on {{hosts=localhost}})?[!.]?', 'run date', { cmd: 'date', hosts: 'localhost' }],
  ['deploy {{app}}', 'deploy app1 now', { app: 'app1 now' }],
];

describe('alias format parser', () => {
  it.each(WORKED)('%j with %j', (format, command, params) => {
    expect(extractAliasParams(format, command)).toEqual(params);
  });

  it.each([
    ['skip {{d}} more skip {{e}}.', ''],
    ['foo bar ponies', 'foo lulz ponies'],
    ['^\\s*foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)', 'bar foo ASDF-1234'],
    ['foo (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)\\s*$', 'foo ASDF-1234 bar'],
    ['run {{cmd}} on {{hosts}}', 'RUN date on localhost'],
    ['deploy {{app}}', 'please deploy app1'],
    ['lorem ipsum', 'lorem ipsum dolor'],
  ])('refuses %j for %j with StackStorm\'s message', (format, command) => {
    const err = refusal(format, command);
    expect(err.code).toBe('ALIAS_NO_MATCH');
    expect(err.message).toBe(`Command "${command}" doesn't match format string "${format}"`);
  });

  it('an explicit start anchor stops the implicit one, and a format without an end anchor still gets one', () => {
    expect(compileAliasFormat('^\\s*foo (?P<k>\\w+)').pattern).toBe('^\\s*foo (?P<k>\\w+)\\s*$');
    expect(compileAliasFormat('foo$').pattern).toBe('^\\s*foo$');
    expect(compileAliasFormat('(?:\\b|^)dup (?P<k>\\w+)(?:\\b|$)').pattern).toBe('(?:\\b|^)dup (?P<k>\\w+)(?:\\b|$)');
  });

  it('a format with captures and no text of its own refuses an empty command', () => {
    const err = refusal('{{ a = "" }}', '');
    expect(err.message).toBe('No value supplied and no default value found.');
  });

  it('match_multiple: every regex hit gives one parameter set', () => {
    const format = '(?:\\b|^)duplicate of (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\\b|$)';
    const command = 'JKROWLING-4 is a duplicate of JRRTOLKIEN-24 which is a duplicate of DRSEUSS-12';
    expect(compileAliasFormat(format).extractAll(command)).toEqual([{ issue_key: 'JRRTOLKIEN-24' }, { issue_key: 'DRSEUSS-12' }]);
    expect(compileAliasFormat(format).extractAll('nothing here')).toEqual([]);
  });

  it('a named group that took no part is left out rather than set', () => {
    expect(extractAliasParams('deploy(?: to (?P<env>\\w+))?', 'deploy')).toEqual({});
    expect(extractAliasParams('deploy(?: to (?P<env>\\w+))?', 'deploy to prod')).toEqual({ env: 'prod' });
  });

  it('a command without the format\'s literal prefix is refused before the pattern runs; the prefix never refuses a match', () => {
    expect(compileAliasFormat('deploy {{app}}').prefix).toBe('deploy');
    expect(compileAliasFormat('runs? {{x}}').prefix).toBe('run');
    expect(compileAliasFormat('run|go {{x}}').prefix).toBe('');
    expect(compileAliasFormat('(run|execute) {{cmd}}').prefix).toBe('');
    expect(compileAliasFormat('deploy  {{a=1}}').prefix).toBe('deploy');
    expect(extractAliasParams('deploy  {{a=1}}', 'deploy')).toEqual({ a: '1' });
    expect(extractAliasParams('runs? {{x}}', 'run it')).toEqual({ x: 'it' });
  });

  it('compiles each format once', () => {
    expect(compileAliasFormat('cache me {{x}}')).toBe(compileAliasFormat('cache me {{x}}'));
  });

  it('a format that is not a valid pattern is ALIAS_FORMAT_INVALID naming the format', () => {
    for (const format of ['deploy (unclosed {{app}}', 'run {{a.b}}', 'twice {{a}} {{a}}']) {
      let err: unknown;
      try {
        compileAliasFormat(format);
      } catch (e) {
        err = e;
      }
      expect(err, format).toBeInstanceOf(SquallError);
      expect((err as SquallError).code).toBe('ALIAS_FORMAT_INVALID');
      expect((err as SquallError).message).toContain(`"${format}"`);
    }
  });

  it('trailing pairs are cut off the end only, with quotes stripped', () => {
    expect(splitExtraParams('say a=b hello')).toEqual({ stream: ' say a=b hello ', extra: [] });
    expect(splitExtraParams(`say hi to=bob note="x y" empty=""`)).toEqual({ stream: ' say hi ', extra: [['to', 'bob'], ['note', 'x y'], ['empty', '']] });
  });

  it('Python\'s \\s (not JavaScript\'s) separates words: U+FEFF is text, U+0085 is space', () => {
    expect(() => extractAliasParams('a\\s{{x}}', 'a\ufeffb')).toThrow(SquallError);
    expect(extractAliasParams('a\\s{{x}}', 'a\u0085b')).toEqual({ x: 'b' });
  });
});
