/**
 * The load-time overlap check: can two aliases match the same command? For each representation
 * an example command is made from its display and from the representation itself (placeholders
 * filled with a sample word; optional ones also left out), kept only if its own format matches
 * it, and tried against every format of every other alias. A hit is reported as:
 *
 * - `ambiguous` when both match it equally well: that command would be refused at run time;
 * - `overlap` when one wins on specificity: it works, but the author may not expect the loser
 *   to be unreachable for such commands.
 *
 * Warnings only: nothing here stops an alias from loading.
 */
import type { AliasEntry, AliasWarning } from './alias-matcher.js';
import { splitExtraParams } from './extra-params.js';
import { compareSpecificity } from './specificity.js';

const SAMPLE = 'sample';
const PLACEHOLDER = /\{\{\s*(\S+?)\s*(=(?:[^{}]|\{[^{}]*\}|\{\{[^{}]*\}\})*?)?\s*\}\}/gsu;

/** Example commands for one entry: placeholders filled, and optional ones also dropped. */
export function exampleCommands(entry: AliasEntry): string[] {
  const sources = [entry.display, entry.representation];
  const examples = new Set<string>();
  for (const source of sources) {
    examples.add(source.replace(PLACEHOLDER, SAMPLE).trim());
    examples.add(source.replace(PLACEHOLDER, (_all: string, _name: string, optional: string | undefined) => (optional ? '' : SAMPLE)).replace(/\s+/g, ' ').trim());
  }
  // An example its own format does not match says nothing about overlaps (displays often hold hints).
  return [...examples].filter((e) => entry.compiled.match(e) !== undefined);
}

/** Warnings about pairs of aliases that can match the same command; one per pair of aliases and kind. */
export function findOverlaps(entries: readonly AliasEntry[]): AliasWarning[] {
  const warnings: AliasWarning[] = [];
  const reported = new Set<string>();
  const single = entries.filter((e) => !e.matchMultiple);
  for (const entry of single) {
    for (const example of exampleCommands(entry)) {
      const split = splitExtraParams(example);
      const own = entry.compiled.match(example, split)!;
      for (const other of single) {
        if (other.alias.ref === entry.alias.ref) continue;
        // Quadratic in the number of formats, kept cheap by the formats' literal-prefix check.
        const theirs = other.compiled.match(example, split);
        if (!theirs) continue;
        const order = compareSpecificity(own.specificity, theirs.specificity);
        const kind = order === 0 ? 'ambiguous' : 'overlap';
        const pair = [entry.alias.ref, other.alias.ref].sort().join(' ');
        if (reported.has(`${kind} ${pair}`)) continue;
        reported.add(`${kind} ${pair}`);
        const winner = order < 0 ? entry : other;
        const outcome = order === 0 ? 'equally well: such commands are refused as ambiguous' : `; ${winner.alias.ref} ("${winner.representation}") wins as the more specific`;
        warnings.push({
          alias: entry.alias.ref,
          kind,
          file: entry.alias.source.file,
          field: entry.field,
          message: `"${example}" is matched by ${entry.alias.ref} ("${entry.representation}") and by ${other.alias.ref} ("${other.representation}")${order === 0 ? ' ' : ''}${outcome}`,
        });
      }
    }
  }
  return warnings;
}
