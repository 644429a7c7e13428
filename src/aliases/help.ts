/**
 * Help entries for chat (`help`, `help <query>`): one per format of every enabled alias, from its
 * display and the alias's description, grouped by pack. Like StackStorm's alias help, the page
 * counts every entry the query selects (`available`) and returns the slice asked for
 * (`offset`, `limit`), so a chat reply can say "showing 1-10 of 42" and page on.
 */
import type { AliasMeta } from '../model/index.js';

export interface HelpEntry {
  pack: string;
  /** The alias ref. */
  alias: string;
  /** What to type, placeholders included (the format's display, else its first representation). */
  display: string;
  description?: string;
}

export interface HelpGroup {
  pack: string;
  entries: HelpEntry[];
}

export interface HelpQuery {
  /** Words that must all appear (case-insensitive) in the display, description, alias ref or pack. */
  query?: string;
  /** Only this pack. */
  pack?: string;
  /** Entries to skip (default 0). */
  offset?: number;
  /** Entries to return; 0 or absent for all. */
  limit?: number;
}

export interface HelpPage {
  /** How many entries the query selects in all. */
  available: number;
  offset: number;
  /** The limit applied (0: none). */
  limit: number;
  /** This page's entries, grouped by pack in pack order. */
  groups: HelpGroup[];
  /** The offset of the next page, when there is one. */
  nextOffset?: number;
}

/** Every help entry the query selects, sorted by pack, then in alias and format order. */
export function helpEntries(aliases: readonly AliasMeta[], query: Pick<HelpQuery, 'query' | 'pack'> = {}): HelpEntry[] {
  const words = (query.query ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
  const entries: HelpEntry[] = [];
  for (const alias of aliases) {
    if (!alias.enabled || (query.pack && alias.pack !== query.pack)) continue;
    for (const format of alias.formats) {
      const display = format.display ?? format.representation[0];
      if (!display) continue;
      const haystack = [display, alias.description ?? '', alias.ref, alias.pack].join('\n').toLowerCase();
      if (!words.every((w) => haystack.includes(w))) continue;
      entries.push({ pack: alias.pack, alias: alias.ref, display, ...(alias.description ? { description: alias.description } : {}) });
    }
  }
  // A stable sort: within a pack, entries stay in the order the aliases and formats were written.
  return entries.sort((a, b) => (a.pack < b.pack ? -1 : a.pack > b.pack ? 1 : 0));
}

/** One page of help: entries selected by the query, sliced by offset and limit, grouped by pack. */
export function helpPage(aliases: readonly AliasMeta[], query: HelpQuery = {}): HelpPage {
  const all = helpEntries(aliases, query);
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.max(0, Math.floor(query.limit ?? 0));
  const slice = all.slice(offset, limit ? offset + limit : undefined);
  const groups: HelpGroup[] = [];
  for (const entry of slice) {
    const last = groups[groups.length - 1];
    if (last && last.pack === entry.pack) last.entries.push(entry);
    else groups.push({ pack: entry.pack, entries: [entry] });
  }
  const next = offset + slice.length;
  return { available: all.length, offset, limit, groups, ...(limit && next < all.length ? { nextOffset: next } : {}) };
}
