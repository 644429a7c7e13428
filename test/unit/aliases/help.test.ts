import { describe, expect, it } from 'vitest';
import { helpEntries, helpPage } from '../../../src/aliases/help.js';
import { alias } from './alias-fixture.js';

const ALIASES = [
  alias('ops.deploy', ['deploy {{app}}', { display: 'deploy {{app}} to {{env}}', representation: ['deploy {{app}} to {{env}}'] }], { description: 'Ship an app' }),
  alias('git.pull', [{ representation: ['pull {{repo}}'] }], { description: 'Pull a repository' }),
  alias('ops.hidden', ['hidden'], { enabled: false }),
  alias('ops.nothing', [{ representation: [] }]),
  alias('ops.status', ['status']),
];

describe('alias help', () => {
  it('one entry per format of each enabled alias, display else first representation, grouped by pack in name order', () => {
    const page = helpPage(ALIASES);
    expect(page.available).toBe(4);
    expect(page.groups.map((g) => [g.pack, g.entries.map((e) => e.display)])).toEqual([
      ['git', ['pull {{repo}}']],
      ['ops', ['deploy {{app}}', 'deploy {{app}} to {{env}}', 'status']],
    ]);
    expect(page.groups[0]!.entries[0]).toEqual({ pack: 'git', alias: 'git.pull', display: 'pull {{repo}}', description: 'Pull a repository' });
    expect(page.nextOffset).toBeUndefined();
  });

  it('a query keeps entries holding every word, in display, description, ref or pack, ignoring case', () => {
    expect(helpEntries(ALIASES, { query: 'SHIP' }).map((e) => e.display)).toEqual(['deploy {{app}}', 'deploy {{app}} to {{env}}']);
    expect(helpEntries(ALIASES, { query: 'deploy env' }).map((e) => e.display)).toEqual(['deploy {{app}} to {{env}}']);
    expect(helpEntries(ALIASES, { query: 'git' }).map((e) => e.alias)).toEqual(['git.pull']);
    expect(helpEntries(ALIASES, { query: 'hidden' })).toEqual([]);
    expect(helpEntries(ALIASES, { pack: 'git' }).map((e) => e.alias)).toEqual(['git.pull']);
  });

  it('pages: offset and limit slice the entries, available counts them all, nextOffset points on', () => {
    const first = helpPage(ALIASES, { limit: 2 });
    expect(first).toMatchObject({ available: 4, offset: 0, limit: 2, nextOffset: 2 });
    expect(first.groups.flatMap((g) => g.entries.map((e) => e.display))).toEqual(['pull {{repo}}', 'deploy {{app}}']);
    const second = helpPage(ALIASES, { offset: 2, limit: 2 });
    expect(second.nextOffset).toBeUndefined();
    expect(second.groups).toEqual([{ pack: 'ops', entries: [expect.objectContaining({ display: 'deploy {{app}} to {{env}}' }), expect.objectContaining({ display: 'status' })] }]);
    expect(helpPage(ALIASES, { offset: 10 }).groups).toEqual([]);
  });
});
