import { pyCompare, pyContains, pyEquals } from '../python/compare.js';
import { parsePythonDate } from '../python/date.js';
import { PythonError } from '../python/errors.js';
import { compileGlob, fnmatch } from '../python/fnmatch.js';
import { pyFloat } from '../python/numbers.js';
import { compilePythonRegex } from '../python/regex.js';
import { pyAffix, pyLower } from '../python/strings.js';
import { pyIter, pyTypeName } from '../python/values.js';

/**
 * StackStorm's criteria operators (`st2common/operators.py`), one literal table, with Python's
 * semantics: no coercion between types, and where Python raises on the given types the operator
 * throws a {@link PythonError} with Python's message (the rule then does not apply).
 * `value` is the payload field (null when missing), `pattern` the rule's (rendered) pattern.
 */

/** What an operator is called with besides the value and the pattern. */
export interface OperatorCall {
  /** The pattern compiled ahead (regex, glob) or compiled now; throws what compiling throws. */
  prepared(): unknown;
  /** Current time, milliseconds since the epoch (for timediff). */
  nowMs(): number;
  /** `search` only: the condition and a test of one list item against every child criterion. */
  search?: { condition: unknown; checkItem(item: unknown, childPattern: unknown): boolean[] };
}

export interface OperatorDef {
  /** Canonical (long) name. */
  readonly name: string;
  /** Every name the operator answers to, lower case, the canonical one first. */
  readonly names: readonly string[];
  /** Pattern-only work that can be done once per rule; errors surface when the operator runs. */
  readonly prepare?: (pattern: unknown) => unknown;
  readonly test: (value: unknown, pattern: unknown, call: OperatorCall) => boolean;
}

export const SEARCH_CONDITIONS = ['any', 'all', 'all2any', 'any2any'] as const;
export type SearchCondition = (typeof SEARCH_CONDITIONS)[number];

function search(value: unknown, pattern: unknown, call: OperatorCall): boolean {
  if (!call.search) throw new PythonError('TypeError', "search() missing 2 required positional arguments: 'criteria_condition' and 'check_function'");
  const { condition, checkItem } = call.search;
  if (!(SEARCH_CONDITIONS as readonly unknown[]).includes(condition)) {
    throw new PythonError('UnrecognizedConditionError', `The '${String(condition)}' condition is not recognized, only 'any', 'all', 'all2any' and 'any2any' are allowed`);
  }
  // A single object is searched as a list of one.
  const items = typeof value === 'object' && value !== null && !Array.isArray(value) ? [value] : pyIter(value);
  const perItem = items.map((item) => checkItem(item, pattern));
  switch (condition as SearchCondition) {
    case 'any':
      return perItem.some((r) => r.every(Boolean));
    case 'all':
      return perItem.every((r) => r.every(Boolean));
    case 'all2any':
      return perItem.every((r) => r.some(Boolean));
    case 'any2any':
      return perItem.some((r) => r.some(Boolean));
  }
}

function timediff(value: unknown, pattern: unknown, call: OperatorCall, op: '<' | '>'): boolean {
  if (pattern === null || pattern === undefined) return false;
  // st2 parses the date before converting the period, so a bad date wins over a bad period.
  const target = parsePythonDate(value);
  const period = pyFloat(pattern);
  const elapsed = call.nowMs() / 1000 - target;
  return op === '<' ? elapsed < period : elapsed > period;
}

const isNone = (v: unknown): boolean => v === null || v === undefined;

/** `pattern.lower() in value.lower()`: Python evaluates the pattern side first, so its error wins. */
function icontains(value: unknown, pattern: unknown): boolean {
  const needle = pyLower(pattern);
  return pyContains(pyLower(value), needle);
}

const regexOp = (name: string, flags: { ignoreCase?: boolean; dotAll?: boolean }, mode: 'search' | 'match'): OperatorDef => ({
  name,
  names: [name],
  prepare: (pattern) => compilePythonRegex(pattern, flags, mode),
  test: (value, pattern, call) => {
    if (isNone(pattern)) return false;
    // re compiles the pattern before it looks at the value.
    const re = call.prepared() as RegExp;
    if (typeof value !== 'string') throw new PythonError('TypeError', `expected string or bytes-like object, got '${pyTypeName(value)}'`);
    return re.test(value);
  },
});

/** Every operator. A null pattern makes most of them false before anything else is looked at, as in st2. */
export const OPERATORS: readonly OperatorDef[] = [
  { name: 'equals', names: ['equals', 'eq'], test: (v, p) => !isNone(p) && pyEquals(v, p) },
  { name: 'nequals', names: ['nequals', 'neq'], test: (v, p) => !pyEquals(v, p) },
  { name: 'iequals', names: ['iequals', 'ieq'], test: (v, p) => !isNone(p) && pyLower(v) === pyLower(p) },
  { name: 'contains', names: ['contains'], test: (v, p) => !isNone(p) && pyContains(v, p) },
  { name: 'icontains', names: ['icontains'], test: (v, p) => !isNone(p) && icontains(v, p) },
  { name: 'ncontains', names: ['ncontains'], test: (v, p) => !isNone(p) && !pyContains(v, p) },
  { name: 'incontains', names: ['incontains'], test: (v, p) => !isNone(p) && !icontains(v, p) },
  { name: 'startswith', names: ['startswith'], test: (v, p) => !isNone(p) && pyAffix(v, p, 'startswith') },
  { name: 'istartswith', names: ['istartswith'], test: (v, p) => !isNone(p) && pyAffix(pyLower(v), pyLower(p), 'startswith') },
  { name: 'endswith', names: ['endswith'], test: (v, p) => !isNone(p) && pyAffix(v, p, 'endswith') },
  { name: 'iendswith', names: ['iendswith'], test: (v, p) => !isNone(p) && pyAffix(pyLower(v), pyLower(p), 'endswith') },
  { name: 'lessthan', names: ['lessthan', 'lt'], test: (v, p) => !isNone(p) && pyCompare(v, p, '<') < 0 },
  { name: 'greaterthan', names: ['greaterthan', 'gt'], test: (v, p) => !isNone(p) && pyCompare(v, p, '>') > 0 },
  {
    name: 'matchwildcard',
    names: ['matchwildcard'],
    prepare: compileGlob,
    test: (v, p, call) => !isNone(p) && fnmatch(v, p, () => call.prepared() as RegExp),
  },
  regexOp('matchregex', { dotAll: true }, 'match'),
  regexOp('regex', {}, 'search'),
  regexOp('iregex', { ignoreCase: true }, 'search'),
  { name: 'timediff_lt', names: ['timediff_lt', 'td_lt'], test: (v, p, call) => timediff(v, p, call, '<') },
  { name: 'timediff_gt', names: ['timediff_gt', 'td_gt'], test: (v, p, call) => timediff(v, p, call, '>') },
  { name: 'exists', names: ['exists'], test: (v) => !isNone(v) },
  { name: 'nexists', names: ['nexists'], test: (v) => isNone(v) },
  { name: 'inside', names: ['inside', 'in'], test: (v, p) => !isNone(p) && pyContains(p, v) },
  { name: 'ninside', names: ['ninside', 'nin'], test: (v, p) => !isNone(p) && !pyContains(p, v) },
  { name: 'search', names: ['search'], test: search },
];

const BY_NAME: ReadonlyMap<string, OperatorDef> = new Map(OPERATORS.flatMap((op) => op.names.map((n) => [n, op] as const)));

/** Every accepted operator name, aliases included. */
export const OPERATOR_NAMES: readonly string[] = [...BY_NAME.keys()];

/** The operator for a name, case-insensitively; undefined when there is none. */
export function findOperator(name: unknown): OperatorDef | undefined {
  return typeof name === 'string' ? BY_NAME.get(name.toLowerCase()) : undefined;
}

/**
 * Runs an operator on its own (the criteria evaluator does this with precompiled patterns).
 * `search` needs `call.search`; without `prepared` the pattern is compiled on the spot.
 */
export function applyOperator(op: OperatorDef, value: unknown, pattern: unknown, call: Partial<OperatorCall> & Pick<OperatorCall, 'nowMs'>): boolean {
  const prepare = op.prepare;
  return op.test(value, pattern, {
    prepared: call.prepared ?? (() => (prepare ? prepare(pattern) : pattern)),
    nowMs: call.nowMs,
    ...(call.search ? { search: call.search } : {}),
  });
}
