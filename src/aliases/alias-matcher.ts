/**
 * Which alias a command is for, across every representation of every enabled alias.
 *
 * - No format matches → ALIAS_NO_MATCH (StackStorm's "Command '...' matched no patterns") with
 *   the closest displays as suggestions.
 * - Several match → the most specific match wins (specificity.ts: whole command covered, then
 *   more literal characters, then fewer captures). Formats of ONE alias that tie are settled by
 *   their order in the alias (its author wrote them in that order); formats of different aliases
 *   that tie are refused with ALIAS_AMBIGUOUS naming them, never guessed.
 * - `match_multiple` formats are tried only when nothing else matched; each regex hit of the
 *   winning one is one match (one execution).
 *
 * Values are then cast as StackStorm casts alias parameters: a string for an `array` parameter of
 * the action is split on `,` and trimmed. Other types are cast later by the parameter pipeline.
 * A value for one of the alias's `immutable_parameters` is refused (PARAMETER_IMMUTABLE).
 */
import { SquallError, errorMessage, type ErrorDetail } from '../errors/index.js';
import type { AliasMeta, ParameterSpec, Params } from '../model/index.js';
import { splitExtraParams } from './extra-params.js';
import { compileAliasFormat, type CompiledAliasFormat, type FormatMatch } from './format-parser.js';
import { AliasMatchError } from './match-error.js';
import { compareSpecificity, type Specificity } from './specificity.js';
import { suggestDisplays } from './suggestions.js';

/** Alias parameter values: strings, or lists of strings for the action's array parameters. */
export type AliasParams = Record<string, string | string[]>;

/** The parameter specs of an action by ref (undefined when unknown): used to split array values. */
export type ParameterLookup = (actionRef: string) => Readonly<Record<string, ParameterSpec>> | undefined;

/** One execution to start for a command. */
export interface AliasMatch {
  alias: AliasMeta;
  /** The matched format's display (its representation when it has none). */
  display: string;
  /** The format string that matched. */
  representation: string;
  matchMultiple: boolean;
  /** Extracted values, cast for array parameters. Data from chat: never render them. */
  params: AliasParams;
  /** The alias's `immutable_parameters` as authored: templates, to be rendered by the parameter pipeline. */
  immutable: Params;
  specificity: Specificity;
}

/** One representation of one enabled alias, compiled. */
export interface AliasEntry {
  alias: AliasMeta;
  display: string;
  representation: string;
  matchMultiple: boolean;
  compiled: CompiledAliasFormat;
  /** Where it is written: `formats[i].representation[j]`. */
  field: string;
  /** Position in load order; the earlier of two tied formats of one alias wins. */
  order: number;
}

/** Something wrong or worth knowing about the loaded aliases. Never fatal. */
export interface AliasWarning extends ErrorDetail {
  /** The alias ref. */
  alias: string;
  /** `format_invalid`: a representation that does not compile (it is skipped); the others come from the overlap check. */
  kind: 'format_invalid' | 'ambiguous' | 'overlap';
}

/** A format that matched, with all its hits (exactly one unless `match_multiple`). */
export interface Candidate {
  entry: AliasEntry;
  hits: FormatMatch[];
}

export interface AliasMatcherOptions {
  parameters?: ParameterLookup;
  /** How many suggestions a no-match error carries (default 3). */
  suggestions?: number;
}

/** Matches commands against a fixed set of aliases; build a new one when the aliases change. */
export class AliasMatcher {
  readonly entries: readonly AliasEntry[];
  /** Representations that do not compile; they never match. */
  readonly warnings: readonly AliasWarning[];
  readonly #options: AliasMatcherOptions;
  readonly #displays: string[];

  constructor(aliases: readonly AliasMeta[], options: AliasMatcherOptions = {}) {
    this.#options = options;
    const entries: AliasEntry[] = [];
    const warnings: AliasWarning[] = [];
    const displays: string[] = [];
    for (const alias of aliases) {
      if (!alias.enabled) continue;
      alias.formats.forEach((format, i) => {
        const display = format.display ?? format.representation[0];
        if (display !== undefined) displays.push(display);
        format.representation.forEach((representation, j) => {
          const field = `formats[${i}].representation[${j}]`;
          try {
            const compiled = compileAliasFormat(representation);
            entries.push({ alias, display: display ?? representation, representation, matchMultiple: format.match_multiple === true, compiled, field, order: entries.length });
          } catch (err) {
            warnings.push({ alias: alias.ref, kind: 'format_invalid', file: alias.source.file, field, message: `${errorMessage(err)}; this format can never match` });
          }
        });
      });
    }
    this.entries = entries;
    this.warnings = warnings;
    this.#displays = displays;
  }

  /**
   * The executions `text` asks for: one, or one per hit of a `match_multiple` format. Throws
   * AliasMatchError (ALIAS_NO_MATCH with suggestions, ALIAS_AMBIGUOUS naming the tied aliases) or
   * PARAMETER_IMMUTABLE when the command supplies an immutable parameter.
   */
  match(text: string): AliasMatch[] {
    const ranked = this.rank(text);
    const best = ranked[0];
    if (!best) throw AliasMatchError.noMatch(text, suggestDisplays(text, this.#displays, this.#options.suggestions ?? 3));
    const rivals = ranked.filter((c) => c.entry.alias.ref !== best.entry.alias.ref && compareSpecificity(c.hits[0]!.specificity, best.hits[0]!.specificity) === 0);
    if (rivals.length) {
      throw AliasMatchError.ambiguous(text, [best, ...rivals].map((c) => ({ alias: c.entry.alias.ref, representation: c.entry.representation })));
    }
    return best.hits.map((hit) => this.#toMatch(best.entry, hit));
  }

  /**
   * Every format that matches `text`, most specific first (load order among equals). Formats
   * marked `match_multiple` appear only when no other format matches.
   */
  rank(text: string): Candidate[] {
    let found = this.#candidates(text, false);
    if (found.length === 0) found = this.#candidates(text, true);
    return found.sort((a, b) => compareSpecificity(a.hits[0]!.specificity, b.hits[0]!.specificity) || a.entry.order - b.entry.order);
  }

  /** Closest displays to `text`, best first (what a no-match error suggests). */
  suggest(text: string, limit = this.#options.suggestions ?? 3): string[] {
    return suggestDisplays(text, this.#displays, limit);
  }

  #candidates(text: string, multiple: boolean): Candidate[] {
    const found: Candidate[] = [];
    // The trailing pairs do not depend on the format: cut them once for all formats.
    const split = splitExtraParams(text);
    for (const entry of this.entries) {
      if (entry.matchMultiple !== multiple) continue;
      const hits = multiple ? entry.compiled.matchAll(text, split) : [entry.compiled.match(text, split)].filter((h) => h !== undefined);
      if (hits.length) found.push({ entry, hits });
    }
    return found;
  }

  #toMatch(entry: AliasEntry, hit: FormatMatch): AliasMatch {
    const { alias } = entry;
    const specs = this.#options.parameters?.(alias.action_ref);
    const params: AliasParams = {};
    for (const [name, value] of Object.entries(hit.params)) {
      params[name] = specs?.[name]?.type === 'array' ? value.split(',').map((v) => v.trim()) : value;
    }
    const immutable = alias.immutable_parameters ?? {};
    const overridden = Object.keys(immutable).filter((k) => Object.hasOwn(params, k));
    if (overridden.length) {
      throw new SquallError('PARAMETER_IMMUTABLE', `Immutable arguments cannot be overridden: ${overridden.join(', ')}`, {
        details: overridden.map((k) => ({ field: k, message: `is fixed by alias ${alias.ref}` })),
      });
    }
    return { alias, display: entry.display, representation: entry.representation, matchMultiple: entry.matchMultiple, params, immutable, specificity: hit.specificity };
  }
}
