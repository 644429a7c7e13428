/**
 * Action-alias format strings, parsed the way StackStorm's `ActionAliasFormatParser` does, so that
 * a pack's aliases extract the same parameters here as there:
 *
 * 1. Trailing `key=value` pairs are cut off the command first (extra-params.ts); they override.
 * 2. `{{ name }}` is a required capture; `{{ name = default }}` an optional one whose default may be
 *    quoted, a `{...}` blob or `{{ ... }}` text, kept verbatim (never rendered here).
 * 3. The rest of the format is a Python regular expression, so `(run|execute)`, `?`, `[!.]` and
 *    `(?P<name>...)` work. `^\s*` / `\s*$` are added unless the format has its own anchors
 *    (regex-anchors.ts decides as StackStorm does).
 * 4. A capture takes a quoted string (quotes removed), a `{...}` blob, or lazily any text, so the
 *    last capture swallows the rest of the line. Matching is case-sensitive.
 * 5. Captures that matched nothing take their default; all values are strings.
 *
 * A format is compiled once and cached; matching a command never recompiles it.
 */
import { SquallError, errorMessage } from '../errors/index.js';
import { compilePythonRegex, pyFinditer, translatePythonRegex } from '../python/regex.js';
import { splitExtraParams, type SplitCommand } from './extra-params.js';
import { findAnchors } from './regex-anchors.js';
import { measureSpecificity, type Specificity } from './specificity.js';

/** Parameters extracted from a command: every value a string, as StackStorm gives them. */
export type ExtractedParams = Record<string, string>;

/** One successful match of a format: its parameters and how specific the match was. */
export interface FormatMatch {
  params: ExtractedParams;
  specificity: Specificity;
}

// StackStorm's snippets, in Python syntax (they run through the Python regex translation).
const KEY = String.raw`\s*(\S+?)\s*`;
const EXT_VALUE = String.raw`""|''|"(.+?)"|'(.+?)'|({.+?})|(.+?)`;
const OPTIONAL = String.raw`{{${KEY}\s*=\s*(?:${EXT_VALUE})\s*}}`;
const REQUIRED = String.raw`{{${KEY}}}`;

/** The capture a `{{ name }}` becomes: optional quotes around a quoted text, a `{...}` blob, or lazily anything. */
function paramMatch(space: string, name: string): string {
  return `${space}["\\']?(?P<${name}>(?:(?<=\\').+?(?=\\')|(?<=").+?(?=")|{.+?}|.+?))["\\']?`;
}

/** Characters that end a format's plain-text prefix: regex syntax and placeholders. */
const SYNTAX = new Set([...'\\()[]{}.*+?|^$']);

/**
 * Text every match of the format contains: the format's plain-text start, less a last character
 * made optional by a quantifier and less trailing whitespace (an optional capture may take it).
 * Empty when the format has an alternation, which could bypass it.
 */
function literalPrefix(format: string): string {
  if (format.includes('|')) return '';
  let end = 0;
  while (end < format.length && !SYNTAX.has(format[end]!)) end++;
  const next = format[end];
  if (next === '*' || next === '?' || next === '{') end--;
  return format.slice(0, Math.max(0, end)).trimEnd();
}

const CACHE = new Map<string, CompiledAliasFormat>();
const CACHE_LIMIT = 2000;

/**
 * The compiled form of `format`, from the cache when it was compiled before. Throws
 * ALIAS_FORMAT_INVALID when the format is not a valid pattern (a bad regex, a parameter name
 * that cannot name a group, the same name twice).
 */
export function compileAliasFormat(format: string): CompiledAliasFormat {
  const hit = CACHE.get(format);
  if (hit) return hit;
  const compiled = new CompiledAliasFormat(format);
  if (CACHE.size >= CACHE_LIMIT) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(format, compiled);
  return compiled;
}

/**
 * StackStorm's `extract_parameters(format, command)`: the parameters, or ALIAS_NO_MATCH with
 * StackStorm's message (`Command "<cmd>" doesn't match format string "<fmt>"`).
 */
export function extractAliasParams(format: string, command: string): ExtractedParams {
  return compileAliasFormat(format).extract(command);
}

/** A format string turned into one RegExp plus the defaults of its optional parameters. */
export class CompiledAliasFormat {
  readonly format: string;
  /** The Python pattern StackStorm would compile (anchors added), for display and debugging. */
  readonly pattern: string;
  /** Optional parameters and their defaults, in format order. */
  readonly defaults: readonly (readonly [name: string, value: string])[];
  /** Text every match contains: a command without it is refused without running the pattern. */
  readonly prefix: string;
  readonly #regex: RegExp;
  readonly #global: RegExp;

  constructor(format: string) {
    this.format = format;
    const optional = compilePythonRegex(OPTIONAL, { dotAll: true, global: true });
    this.defaults = [...pyFinditer(optional, format)].map((m) => [m[1] ?? '', (m[2] ?? '') + (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? '')] as const);
    let reg = format.replace(compilePythonRegex(`(\\s*)${OPTIONAL}`, { dotAll: true, global: true }), (_all, space: string, name: string) => `(?:${paramMatch(space, name)})?`);
    reg = reg.replace(compilePythonRegex(`(\\s*)${REQUIRED}`, { dotAll: true, global: true }), (_all, space: string, name: string) => paramMatch(space, name));
    const anchors = findAnchors(reg);
    if (!anchors.start) reg = String.raw`^\s*` + reg;
    if (!anchors.end) reg = reg + String.raw`\s*$`;
    this.pattern = reg;
    this.prefix = literalPrefix(format);
    try {
      const { source, flags } = translatePythonRegex(reg, { dotAll: true });
      // `d`: capture positions, to measure how much of a command the format's own text matched.
      this.#regex = new RegExp(source, `${flags}d`);
      this.#global = new RegExp(source, `${flags}dg`);
    } catch (err) {
      const reason = errorMessage(err).replace(/^(?:error: |Invalid regular expression: )/, '');
      throw new SquallError('ALIAS_FORMAT_INVALID', `format string "${format}" is not a valid pattern: ${reason}`, { cause: err });
    }
  }

  /** The parameters of the first match of `command`; ALIAS_NO_MATCH with StackStorm's message otherwise. */
  extract(command: string): ExtractedParams {
    const outcome = this.#first(command);
    if (typeof outcome === 'string') throw new SquallError('ALIAS_NO_MATCH', outcome);
    return outcome.params;
  }

  /** Every match of `command` (`match_multiple`): one parameter set per regex hit, possibly none. */
  extractAll(command: string): ExtractedParams[] {
    return this.matchAll(command).map((m) => m.params);
  }

  /**
   * The first match of `command`, or undefined when the format does not match it. `split` is the
   * command already split (splitExtraParams), for a caller trying many formats on one command.
   */
  match(command: string, split: SplitCommand = splitExtraParams(command)): FormatMatch | undefined {
    const outcome = this.#first(command, split);
    return typeof outcome === 'string' ? undefined : outcome;
  }

  /** Every non-overlapping match (Python's finditer), for `match_multiple` formats. */
  matchAll(command: string, split: SplitCommand = splitExtraParams(command)): FormatMatch[] {
    const { stream, extra } = split;
    const found: FormatMatch[] = [];
    if (!stream.includes(this.prefix)) return found;
    for (const m of pyFinditer(this.#global, stream)) {
      const outcome = this.#result(m, stream, extra);
      if (typeof outcome !== 'string') found.push(outcome);
    }
    return found;
  }

  #first(command: string, split: SplitCommand = splitExtraParams(command)): FormatMatch | string {
    const { stream, extra } = split;
    const m = stream.includes(this.prefix) ? this.#regex.exec(stream) : null;
    if (!m) return `Command "${command}" doesn't match format string "${this.format}"`;
    return this.#result(m, stream, extra);
  }

  /** StackStorm's `match_params_in_stream`: groups, then defaults, then the trailing pairs. */
  #result(m: RegExpExecArray, stream: string, extra: readonly [string, string][]): FormatMatch | string {
    const params: ExtractedParams = {};
    // A named group that took no part is None in StackStorm; here it is simply not supplied.
    for (const [name, value] of Object.entries(m.groups ?? {})) if (value !== undefined) params[name] = value;
    // `value or default`: an empty capture takes the default too.
    for (const [name, value] of this.defaults) params[name] = params[name] || value;
    for (const [key, value] of extra) params[key] = value;
    const supplied = stream.trim() !== '' || Object.values(params).some((v) => v !== '');
    if (this.format && !supplied) return 'No value supplied and no default value found.';
    return { params, specificity: measureSpecificity(m, stream) };
  }
}
