/**
 * Does an alias format regex already carry its own start or end anchor? StackStorm answers this by
 * parsing the pattern with Python's `sre_parse` and walking the tokens (`search_regex_tokens`):
 * it looks at the top-level items, descends into groups that are not repeated, and of an
 * alternation it looks only at the SECOND alternative (its walk reads `branch[1][1]`). Lookarounds,
 * conditionals, atomic groups and repeated items are never searched. This file reproduces that
 * walk on a small structural parse, so that `(?:\b|^)x(?:\b|$)` counts as anchored while `(^x)?`
 * does not, exactly as StackStorm decides.
 */

/** What the anchor search needs to know about one item of a sequence. */
type Item = { kind: 'anchor'; which: AnchorKind } | { kind: 'group'; alternatives: Item[][] } | { kind: 'other' };

type AnchorKind = 'start' | 'end' | 'other';

/** Whether the pattern has a start anchor (`^`, `\A`) and an end anchor (`$`, `\Z`) where StackStorm looks. */
export interface PatternAnchors {
  start: boolean;
  end: boolean;
}

/** Finds the anchors of a Python pattern as StackStorm's alias parser does (see the file comment). */
export function findAnchors(pattern: string): PatternAnchors {
  const top = new AnchorScanner(pattern).parse();
  return { start: searchAlternatives(top, 'start'), end: searchAlternatives(top, 'end') };
}

function searchAlternatives(alternatives: Item[][], needle: AnchorKind): boolean {
  // One alternative is a plain sequence; several make a BRANCH, of which only the second is read.
  const sequence = alternatives.length === 1 ? alternatives[0] : alternatives[1];
  return searchSequence(sequence ?? [], needle);
}

function searchSequence(items: readonly Item[], needle: AnchorKind): boolean {
  for (const item of items) {
    if (item.kind === 'group' && searchAlternatives(item.alternatives, needle)) return true;
    if (item.kind === 'anchor' && item.which === needle) return true;
  }
  return false;
}

const GLOBAL_OR_SCOPED_FLAGS = /^([aiLmsux]*)(?:-([imsx]+))?([:)])/;

/**
 * A structural parser for Python patterns: groups, alternation, classes, escapes, quantifiers and
 * verbose mode, enough to place anchors. It never rejects a pattern: compiling the translated
 * pattern reports syntax errors with Python's messages.
 */
class AnchorScanner {
  readonly #s: string;
  #i = 0;
  #verbose = false;

  constructor(pattern: string) {
    this.#s = pattern;
  }

  parse(): Item[][] {
    const alternatives = this.#alternatives(false);
    // A stray `)` at the top is a syntax error the compiler reports; read on past it regardless.
    while (this.#i < this.#s.length) {
      this.#i++;
      alternatives.push(...this.#alternatives(false));
    }
    return alternatives;
  }

  #alternatives(scopedVerbose: boolean): Item[][] {
    const alternatives: Item[][] = [[]];
    const s = this.#s;
    while (this.#i < s.length) {
      const c = s[this.#i]!;
      if (c === ')') break;
      if (c === '|') {
        this.#i++;
        alternatives.push([]);
        continue;
      }
      if (this.#skipVerbose(scopedVerbose)) continue;
      let item = this.#atom(scopedVerbose);
      if (item === undefined) continue;
      if (this.#quantifier(scopedVerbose)) item = { kind: 'other' };
      alternatives[alternatives.length - 1]!.push(item);
    }
    return alternatives;
  }

  /** In verbose mode whitespace and `#` comments are not part of the pattern. */
  #skipVerbose(scopedVerbose: boolean): boolean {
    if (!this.#verbose && !scopedVerbose) return false;
    const c = this.#s[this.#i]!;
    if (/\s/.test(c)) {
      this.#i++;
      return true;
    }
    if (c === '#') {
      while (this.#i < this.#s.length && this.#s[this.#i] !== '\n') this.#i++;
      return true;
    }
    return false;
  }

  /** One atom, or undefined for what adds no item (comments, global flags). */
  #atom(scopedVerbose: boolean): Item | undefined {
    const s = this.#s;
    const c = s[this.#i++]!;
    switch (c) {
      case '^':
        return { kind: 'anchor', which: 'start' };
      case '$':
        return { kind: 'anchor', which: 'end' };
      case '\\': {
        const e = s[this.#i++] ?? '';
        if (e === 'A') return { kind: 'anchor', which: 'start' };
        if (e === 'Z') return { kind: 'anchor', which: 'end' };
        if (e === 'b' || e === 'B') return { kind: 'anchor', which: 'other' };
        return { kind: 'other' };
      }
      case '[':
        this.#skipClass();
        return { kind: 'other' };
      case '(':
        return this.#group(scopedVerbose);
      default:
        return { kind: 'other' };
    }
  }

  #skipClass(): void {
    const s = this.#s;
    if (s[this.#i] === '^') this.#i++;
    // A `]` first in the class is a member, not its end.
    if (s[this.#i] === ']') this.#i++;
    while (this.#i < s.length && s[this.#i] !== ']') this.#i += s[this.#i] === '\\' ? 2 : 1;
    this.#i++;
  }

  #group(scopedVerbose: boolean): Item | undefined {
    const s = this.#s;
    if (s[this.#i] !== '?') return { kind: 'group', alternatives: this.#body(scopedVerbose) };
    this.#i++;
    const rest = s.slice(this.#i, this.#i + 80);
    let m: RegExpExecArray | null;
    if (rest.startsWith(':')) {
      this.#i++;
      return { kind: 'group', alternatives: this.#body(scopedVerbose) };
    }
    if ((m = /^P?<(?![=!])[^>]*>/.exec(rest))) {
      this.#i += m[0].length;
      return { kind: 'group', alternatives: this.#body(scopedVerbose) };
    }
    if (rest.startsWith('#') || rest.startsWith('P=')) {
      while (this.#i < s.length && s[this.#i] !== ')') this.#i++;
      this.#i++;
      return rest.startsWith('#') ? undefined : { kind: 'other' };
    }
    if ((m = GLOBAL_OR_SCOPED_FLAGS.exec(rest)) && (m[1] || m[2])) {
      this.#i += m[0].length;
      const verbose = (m[1] ?? '').includes('x') || (scopedVerbose && !(m[2] ?? '').includes('x'));
      if (m[3] === ')') {
        if ((m[1] ?? '').includes('x')) this.#verbose = true;
        return undefined;
      }
      // Scoped flags `(?x:...)` are a plain group to the anchor search.
      return { kind: 'group', alternatives: this.#body(verbose) };
    }
    // Lookarounds, conditionals, atomic groups: parsed past, never searched.
    m = /^(?:<=|<!|=|!|>|\([^)]*\))/.exec(rest);
    this.#i += m ? m[0].length : 0;
    this.#body(scopedVerbose);
    return { kind: 'other' };
  }

  /** The alternatives up to the closing `)`, which is consumed. */
  #body(scopedVerbose: boolean): Item[][] {
    const alternatives = this.#alternatives(scopedVerbose);
    if (this.#s[this.#i] === ')') this.#i++;
    return alternatives;
  }

  /** Consumes a quantifier after an atom (`*`, `+`, `?`, `{m,n}`, lazy or possessive); true when there was one. */
  #quantifier(scopedVerbose: boolean): boolean {
    while (this.#i < this.#s.length && this.#skipVerbose(scopedVerbose)) {
      // whitespace and comments between an atom and its quantifier are ignored in verbose mode
    }
    const s = this.#s;
    const c = s[this.#i];
    if (c === '*' || c === '+' || c === '?') {
      this.#i++;
    } else if (c === '{') {
      // Python reads `{` as a repeat only when `{m}`, `{m,}`, `{,n}`, `{m,n}` (or `{,}`) follows.
      const m = /^\{(\d*)(?:,\d*)?\}/.exec(s.slice(this.#i, this.#i + 40));
      if (!m || m[0] === '{}') return false;
      this.#i += m[0].length;
    } else {
      return false;
    }
    if (s[this.#i] === '?' || s[this.#i] === '+') this.#i++;
    return true;
  }
}
