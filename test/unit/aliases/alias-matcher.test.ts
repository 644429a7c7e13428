import { describe, expect, it } from 'vitest';
import { AliasMatcher } from '../../../src/aliases/alias-matcher.js';
import { AliasMatchError } from '../../../src/aliases/match-error.js';
import { findOverlaps, exampleCommands } from '../../../src/aliases/overlap.js';
import { SquallError } from '../../../src/errors/index.js';
import { alias } from './alias-fixture.js';

function thrown(fn: () => unknown): SquallError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SquallError);
    return err as SquallError;
  }
  throw new Error('expected an error');
}

describe('AliasMatcher', () => {
  it('finds the one alias a command is for, with its parameters', () => {
    const m = new AliasMatcher([alias('ops.deploy', ['deploy {{app}} to {{env=staging}}']), alias('ops.restart', ['restart {{service}}'])]);
    const [hit, ...rest] = m.match('deploy web to prod');
    expect(rest).toEqual([]);
    expect(hit!.alias.ref).toBe('ops.deploy');
    expect(hit!.representation).toBe('deploy {{app}} to {{env=staging}}');
    expect(hit!.params).toEqual({ app: 'web', env: 'prod' });
  });

  it('no match: StackStorm\'s message, and the closest displays as suggestions (case and typos forgiven)', () => {
    const m = new AliasMatcher([alias('ops.run', ['run {{cmd}} on {{hosts}}']), alias('ops.deploy', ['deploy {{app}}']), alias('ops.status', ['status'])]);
    const err = thrown(() => m.match('RUN date on localhost'));
    expect(err).toBeInstanceOf(AliasMatchError);
    expect(err.code).toBe('ALIAS_NO_MATCH');
    expect(err.message).toBe("Command 'RUN date on localhost' matched no patterns");
    expect((err as AliasMatchError).suggestions).toEqual(['run {{cmd}} on {{hosts}}']);
    expect(err.describe()).toContain('did you mean: run {{cmd}} on {{hosts}}');
    expect((thrown(() => m.match('deplyo app1')) as AliasMatchError).suggestions).toEqual(['deploy {{app}}']);
    expect((thrown(() => m.match('make coffee')) as AliasMatchError).suggestions).toEqual([]);
  });

  it('the most specific format wins: more literal text beats a capture that swallowed it', () => {
    const m = new AliasMatcher([alias('a.loose', ['deploy {{app}}']), alias('b.strict', ['deploy {{app}} to {{env}}'])]);
    expect(m.match('deploy web to prod')[0]!.alias.ref).toBe('b.strict');
    expect(m.match('deploy web')[0]!.alias.ref).toBe('a.loose');
    const ranked = m.rank('deploy web to prod');
    expect(ranked.map((c) => c.entry.alias.ref)).toEqual(['b.strict', 'a.loose']);
    expect(ranked.map((c) => c.hits[0]!.specificity)).toEqual([
      { whole: true, literal: 8, captures: 2 },
      { whole: true, literal: 6, captures: 1 },
    ]);
  });

  it('with equal literal text, fewer captures win', () => {
    const m = new AliasMatcher([alias('a.two', ['show {{a}} {{b}}']), alias('b.one', ['show {{a}}'])]);
    expect(m.match('show x y')[0]!.alias.ref).toBe('b.one');
  });

  it('a format matching the whole command beats one matching only part of it', () => {
    const m = new AliasMatcher([alias('a.part', ['(?:\\b|^)ticket (?P<id>[0-9]+)(?:\\b|$)']), alias('b.whole', ['close ticket {{id}}'])]);
    expect(m.match('close ticket 42')[0]!.alias.ref).toBe('b.whole');
    expect(m.match('please see ticket 42 now')[0]!.alias.ref).toBe('a.part');
  });

  it('a true tie between aliases is refused, naming them', () => {
    const m = new AliasMatcher([alias('a.one', ['show {{x}}']), alias('b.two', ['show {{y}}'])]);
    const err = thrown(() => m.match('show me'));
    expect(err).toBeInstanceOf(AliasMatchError);
    expect(err.code).toBe('ALIAS_AMBIGUOUS');
    expect(err.message).toBe("Command 'show me' matched more than 1 pattern equally well: a.one, b.two");
    expect((err as AliasMatchError).tied).toEqual([
      { alias: 'a.one', representation: 'show {{x}}' },
      { alias: 'b.two', representation: 'show {{y}}' },
    ]);
  });

  it('tied formats of one alias are settled by their order in it', () => {
    const m = new AliasMatcher([alias('a.deploy', [{ display: 'deploy', representation: ['deploy {{app}}', 'deploy {{app}} {{env=prod}}'] }])]);
    expect(m.match('deploy web')[0]!.representation).toBe('deploy {{app}}');
  });

  it('disabled aliases never match and are never suggested', () => {
    const m = new AliasMatcher([alias('a.off', ['ping'], { enabled: false })]);
    const err = thrown(() => m.match('ping')) as AliasMatchError;
    expect(err.code).toBe('ALIAS_NO_MATCH');
    expect(err.suggestions).toEqual([]);
  });

  it('match_multiple formats apply only when nothing else matched, one match per hit', () => {
    const dup = { display: 'X duplicate of Y', representation: ['(?:\\b|^)duplicate of (?P<issue_key>[A-Z][A-Z0-9]+-[0-9]+)(?:\\b|$)'], match_multiple: true };
    const m = new AliasMatcher([alias('jira.dup', [dup]), alias('jira.show', ['show {{issue}}'])]);
    const hits = m.match('JKROWLING-4 is a duplicate of JRRTOLKIEN-24 which is a duplicate of DRSEUSS-12');
    expect(hits.map((h) => h.params)).toEqual([{ issue_key: 'JRRTOLKIEN-24' }, { issue_key: 'DRSEUSS-12' }]);
    expect(hits.every((h) => h.matchMultiple && h.alias.ref === 'jira.dup')).toBe(true);
    // "show duplicate of A-1" matches the plain format, so the match_multiple one is not tried.
    expect(m.match('show duplicate of AB-1').map((h) => h.alias.ref)).toEqual(['jira.show']);
  });

  it('array parameters of the action are split on commas and trimmed; others stay strings', () => {
    const specs = { 'p.act': { param1: { type: 'string' as const }, param3: { type: 'array' as const } } };
    const m = new AliasMatcher([alias('p.lorem', ['Lorem ipsum {{param1}} dolor sit {{param3}} amet.'])], { parameters: (ref) => specs[ref as 'p.act'] });
    expect(m.match('Lorem ipsum value1 dolor sit "value2, value3" amet.')[0]!.params).toEqual({ param1: 'value1', param3: ['value2', 'value3'] });
    expect(m.match('Lorem ipsum value1 dolor sit value2 amet.')[0]!.params).toEqual({ param1: 'value1', param3: ['value2'] });
  });

  it('immutable parameters are carried as authored; a command supplying one is refused', () => {
    const m = new AliasMatcher([alias('p.lorem', ['lorem ipsum'], { immutable_parameters: { param1: 'value1', env: '{{ "dev" + "1" }}' } })]);
    const [hit] = m.match('lorem ipsum');
    expect(hit!.params).toEqual({});
    expect(hit!.immutable).toEqual({ param1: 'value1', env: '{{ "dev" + "1" }}' });
    const err = thrown(() => m.match('lorem ipsum env=prod'));
    expect(err.code).toBe('PARAMETER_IMMUTABLE');
    expect(err.message).toBe('Immutable arguments cannot be overridden: env');
  });

  it('a representation that does not compile is a warning, and the alias\'s other formats still work', () => {
    const m = new AliasMatcher([alias('p.bad', [{ display: 'x', representation: ['broken (', 'fine {{x}}'] }])]);
    expect(m.warnings).toHaveLength(1);
    expect(m.warnings[0]).toMatchObject({ alias: 'p.bad', kind: 'format_invalid', field: 'formats[0].representation[0]', file: '/packs/p/aliases/bad.yaml' });
    expect(m.warnings[0]!.message).toContain('"broken ("');
    expect(m.match('fine 1')[0]!.params).toEqual({ x: '1' });
  });
});

describe('overlap check', () => {
  it('examples come from displays and representations, and only those their own format matches', () => {
    const m = new AliasMatcher([alias('g.user', [{ display: 'github get user [type (enterprise¦online)] {{user}}', representation: ['github get user( type {{github_type}})? {{user}}'] }])]);
    expect(exampleCommands(m.entries[0]!)).toEqual(['github get user [type (enterprise¦online)] sample']);
    const d = new AliasMatcher([alias('d.dep', ['deploy {{app}} {{env=prod}}'])]);
    expect(exampleCommands(d.entries[0]!)).toEqual(['deploy sample sample', 'deploy sample']);
  });

  it('warns about aliases that tie on a command, and notes which wins where one is more specific', () => {
    const m = new AliasMatcher([alias('a.one', ['show {{x}}']), alias('b.two', ['show {{y}}']), alias('c.deploy', ['deploy {{app}}']), alias('d.deploy', ['deploy {{app}} now'])]);
    const warnings = findOverlaps(m.entries);
    expect(warnings.map((w) => [w.kind, w.alias])).toEqual([
      ['ambiguous', 'a.one'],
      ['overlap', 'd.deploy'],
    ]);
    expect(warnings[0]!.message).toBe('"show sample" is matched by a.one ("show {{x}}") and by b.two ("show {{y}}") equally well: such commands are refused as ambiguous');
    expect(warnings[1]!.message).toContain('d.deploy ("deploy {{app}} now") wins as the more specific');
  });

  it('aliases that share no command raise no warning', () => {
    const m = new AliasMatcher([alias('a.deploy', ['deploy {{app}}']), alias('b.restart', ['restart {{svc}}']), alias('c.status', ['status'])]);
    expect(findOverlaps(m.entries)).toEqual([]);
  });
});
