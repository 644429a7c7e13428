/**
 * `jsonpath_query(value, query)`: the subset of jsonpath_rw that StackStorm packs use — `$`,
 * `foo.bar`, `'quoted key'`, `[n]`, `[*]`, `[a:b]`, `*`, `..` and comma-separated fields —
 * with jsonpath_rw's quirks (`[*]` on a dict or scalar wraps it in a list). The answer is the
 * list of matches, or null when nothing matches.
 */
import { PythonError } from '../../python/errors.js';
import { isPlainObject } from '../../python/values.js';

type Step =
  | { kind: 'root' }
  | { kind: 'fields'; names: string[] } // ['*'] for every field
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start: number | null; end: number | null; step: number | null }
  | { kind: 'descend'; path: Step[] };

const CACHE = new Map<string, Step[]>();

export function jsonpathQuery(value: unknown, query: unknown): unknown[] | null {
  if (typeof query !== 'string') throw new PythonError('JsonPathLexerError', 'query must be a string');
  let steps = CACHE.get(query);
  if (!steps) {
    steps = parse(query);
    if (CACHE.size > 500) CACHE.clear();
    CACHE.set(query, steps);
  }
  const matches = run(steps, [value]);
  return matches.length > 0 ? matches : null;
}

function run(steps: readonly Step[], input: unknown[]): unknown[] {
  let current = input;
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}

function apply(step: Step, v: unknown): unknown[] {
  switch (step.kind) {
    case 'root':
      return [v];
    case 'fields':
      if (!isPlainObject(v)) return [];
      if (step.names.length === 1 && step.names[0] === '*') return Object.values(v);
      return step.names.filter((n) => Object.hasOwn(v, n)).map((n) => v[n]);
    case 'index': {
      if (!Array.isArray(v)) return [];
      const i = step.index < 0 ? v.length + step.index : step.index;
      return i >= 0 && i < v.length ? [v[i]] : [];
    }
    case 'slice': {
      if (v === null || v === undefined || v === false || v === 0 || v === '') return [];
      // jsonpath_rw treats a dict or scalar under a slice as a one-element list.
      const list = Array.isArray(v) ? v : [v];
      const n = list.length;
      const norm = (x: number | null, dflt: number): number => (x === null ? dflt : x < 0 ? Math.max(0, n + x) : Math.min(n, x));
      const out: unknown[] = [];
      const stepBy = step.step ?? 1;
      for (let i = norm(step.start, 0); i < norm(step.end, n); i += stepBy) out.push(list[i]);
      return out;
    }
    case 'descend':
      return descend(step.path, v);
  }
}

/** Matches of `path` at `v` and, recursively, at every element or value below it. */
function descend(path: readonly Step[], v: unknown): unknown[] {
  const here = run(path, [v]);
  const children = Array.isArray(v) ? v : isPlainObject(v) ? Object.values(v) : [];
  return [...here, ...children.flatMap((c) => descend(path, c))];
}

/** Parses a query into steps; JsonPathParserError for anything outside the supported subset. */
function parse(query: string): Step[] {
  const src = query.trim();
  let i = 0;
  const fail = (why: string): never => {
    throw new PythonError('JsonPathParserError', `${why} at position ${i} in ${JSON.stringify(query)}`);
  };
  const name = (): string => {
    const quote = src[i];
    if (quote === "'" || quote === '"') {
      const end = src.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated quoted field');
      const n = src.slice(i + 1, end);
      i = end + 1;
      return n;
    }
    const m = /^(\*|[A-Za-z0-9_@$\-]+)/.exec(src.slice(i));
    if (!m?.[1]) return fail('expected a field name');
    i += m[1].length;
    return m[1];
  };
  const fields = (): Step => {
    const names = [name()];
    while (src[i] === ',') {
      i++;
      names.push(name());
    }
    return { kind: 'fields', names };
  };
  const bracket = (): Step => {
    const end = src.indexOf(']', i);
    if (end < 0) fail('unterminated [');
    const inner = src.slice(i + 1, end).trim();
    i = end + 1;
    if (inner === '*') return { kind: 'slice', start: null, end: null, step: null };
    if (/^-?\d+$/.test(inner)) return { kind: 'index', index: Number(inner) };
    const slice = /^(-?\d+)?\s*:\s*(-?\d+)?(?:\s*:\s*(\d+))?$/.exec(inner);
    if (slice) return { kind: 'slice', start: slice[1] ? Number(slice[1]) : null, end: slice[2] ? Number(slice[2]) : null, step: slice[3] ? Number(slice[3]) : null };
    const quoted = inner.split(',').map((s) => s.trim());
    if (quoted.every((s) => /^(['"]).*\1$/.test(s))) return { kind: 'fields', names: quoted.map((s) => s.slice(1, -1)) };
    return fail(`unsupported selector [${inner}]`);
  };

  const steps: Step[] = [];
  if (src.startsWith('$')) {
    steps.push({ kind: 'root' });
    i = 1;
  } else if (src.startsWith('[')) {
    steps.push(bracket());
  } else {
    steps.push(fields());
  }
  while (i < src.length) {
    if (src.startsWith('..', i)) {
      i += 2;
      const rest = src[i] === '[' ? bracket() : fields();
      steps.push({ kind: 'descend', path: [rest] });
    } else if (src[i] === '.') {
      i++;
      steps.push(src[i] === '[' ? bracket() : fields());
    } else if (src[i] === '[') {
      steps.push(bracket());
    } else if (/\s/.test(src[i] ?? '')) {
      i++;
    } else {
      fail(`unexpected ${JSON.stringify(src[i])}`);
    }
  }
  return steps;
}
