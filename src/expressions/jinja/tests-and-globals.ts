/**
 * Jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, `v is number`) and globals
 * (`range`, `dict`, `cycler`, `joiner`). Type tests look at the raw value, so they answer for
 * an Undefined instead of failing on it, as in Jinja2.
 */
import { pyCompare, pyContains, pyEquals } from '../../python/compare.js';
import { PythonError, typeError } from '../../python/errors.js';
import { PY_GETATTR, type PyAttributes } from '../../python/protocol.js';
import { asNumber, isPlainObject, pyTypeName, setOwn } from '../../python/values.js';
import { isTemplateFunction, templateFunction as fn, type TemplateFunction } from './callables.js';
import type { FilterEnv } from './filter-env.js';
import { Macro } from './scope.js';
import { JinjaUndefined, isUndefined } from './undefined.js';

/** The largest `range()` a template may build (Jinja2's sandbox limit). */
export const MAX_RANGE = 100_000;

const raw = { raw: true };
const cmp = (name: string, check: (c: number) => boolean): TemplateFunction => fn(name, ['value', 'other'], (a: unknown, b: unknown) => check(pyCompare(a, b, name)));
const textCase = (v: unknown, lower: boolean): boolean => typeof v === 'string' && (lower ? /\p{Ll}/u.test(v) && !/\p{Lu}/u.test(v) : /\p{Lu}/u.test(v) && !/\p{Ll}/u.test(v));

export function builtinTests(env: FilterEnv): Record<string, TemplateFunction> {
  const integer = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  const eq = fn('eq', ['value', 'other'], (a: unknown, b: unknown) => pyEquals(a, b));
  const ne = fn('ne', ['value', 'other'], (a: unknown, b: unknown) => !pyEquals(a, b));
  const lt = cmp('<', (c) => c < 0);
  const le = cmp('<=', (c) => c <= 0);
  const gt = cmp('>', (c) => c > 0);
  const ge = cmp('>=', (c) => c >= 0);
  return {
    defined: fn('defined', ['value'], (v: unknown) => !isUndefined(v), raw),
    undefined: fn('undefined', ['value'], (v: unknown) => isUndefined(v), raw),
    none: fn('none', ['value'], (v: unknown) => v === null, raw),
    boolean: fn('boolean', ['value'], (v: unknown) => typeof v === 'boolean', raw),
    true: fn('true', ['value'], (v: unknown) => v === true, raw),
    false: fn('false', ['value'], (v: unknown) => v === false, raw),
    // Python's bool is an int, so `True is number` holds.
    number: fn('number', ['value'], (v: unknown) => typeof v === 'number' || typeof v === 'boolean', raw),
    integer: fn('integer', ['value'], (v: unknown) => integer(v), raw),
    float: fn('float', ['value'], (v: unknown) => typeof v === 'number' && !Number.isInteger(v), raw),
    string: fn('string', ['value'], (v: unknown) => typeof v === 'string', raw),
    mapping: fn('mapping', ['value'], (v: unknown) => isPlainObject(v), raw),
    sequence: fn('sequence', ['value'], (v: unknown) => typeof v === 'string' || Array.isArray(v) || isPlainObject(v), raw),
    iterable: fn('iterable', ['value'], (v: unknown) => typeof v === 'string' || Array.isArray(v) || isPlainObject(v), raw),
    callable: fn('callable', ['value'], (v: unknown) => v instanceof Macro || isTemplateFunction(v) || typeof v === 'function', raw),
    sameas: fn('sameas', ['value', 'other'], (a: unknown, b: unknown) => a === b, raw),
    escaped: fn('escaped', ['value'], () => false, raw),
    odd: fn('odd', ['value'], (v: unknown) => Math.abs(intOf(v, 'odd') % 2) === 1),
    even: fn('even', ['value'], (v: unknown) => intOf(v, 'even') % 2 === 0),
    divisibleby: fn('divisibleby', ['value', 'num'], (v: unknown, n: unknown) => {
      const d = asNumber(n);
      const x = asNumber(v);
      if (d === undefined || x === undefined) throw typeError(`unsupported operand type(s) for %: '${pyTypeName(v)}' and '${pyTypeName(n)}'`);
      if (d === 0) throw new PythonError('ZeroDivisionError', 'integer division or modulo by zero');
      return x % d === 0;
    }),
    lower: fn('lower', ['value'], (v: unknown) => textCase(v, true)),
    upper: fn('upper', ['value'], (v: unknown) => textCase(v, false)),
    in: fn('in', ['value', 'seq'], (v: unknown, seq: unknown) => pyContains(seq, v)),
    filter: fn('filter', ['value'], (v: unknown) => typeof v === 'string' && env.hasFilter(v)),
    test: fn('test', ['value'], (v: unknown) => typeof v === 'string' && env.hasTest(v)),
    eq, equalto: eq, '==': eq,
    ne, '!=': ne,
    lt, lessthan: lt, '<': lt,
    le, '<=': le,
    gt, greaterthan: gt, '>': gt,
    ge, '>=': ge,
  };
}

function intOf(v: unknown, test: string): number {
  const n = asNumber(v);
  if (n === undefined) throw typeError(`${test} test needs a number, got '${pyTypeName(v)}'`);
  return n;
}

/** `cycler('a', 'b')`: `next()` walks the items round-robin, `current` is the upcoming one. */
class Cycler implements PyAttributes {
  readonly #items: readonly unknown[];
  #pos = 0;

  constructor(items: readonly unknown[]) {
    if (items.length === 0) throw typeError('at least one item has to be provided');
    this.#items = items;
  }

  [PY_GETATTR](name: string | number): unknown {
    switch (name) {
      case 'current':
        return this.#items[this.#pos];
      case 'next':
        return fn('next', [], () => {
          const item = this.#items[this.#pos];
          this.#pos = (this.#pos + 1) % this.#items.length;
          return item;
        });
      case 'reset':
        return fn('reset', [], () => {
          this.#pos = 0;
          return null;
        });
      default:
        return new JinjaUndefined(`'Cycler object' has no attribute '${String(name)}'`);
    }
  }
}

export function builtinGlobals(): Record<string, unknown> {
  return {
    range: fn('range', ['start', 'stop', 'step'], (a: unknown, b?: unknown, c?: unknown) => {
      const [start, stop, step] = (b === undefined ? [0, a, 1] : [a, b, c ?? 1]).map((x) => {
        if (typeof x !== 'number' || !Number.isInteger(x)) throw typeError(`'${pyTypeName(x)}' object cannot be interpreted as an integer`);
        return x;
      }) as [number, number, number];
      if (step === 0) throw new PythonError('ValueError', 'range() arg 3 must not be zero');
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > MAX_RANGE) throw new PythonError('OverflowError', `Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
      return Array.from({ length: count }, (_, i) => start + i * step);
    }),
    dict: fn('dict', [], (_args: unknown[], kwargs: Record<string, unknown>) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(kwargs)) setOwn(out, k, v);
      return out;
    }, { rest: true }),
    cycler: fn('cycler', [], (items: unknown[]) => new Cycler(items), { rest: true }),
    joiner: fn('joiner', ['sep'], (sep: unknown = ', ') => {
      let used = false;
      return fn('joiner', [], () => {
        if (used) return sep;
        used = true;
        return '';
      });
    }),
  };
}
