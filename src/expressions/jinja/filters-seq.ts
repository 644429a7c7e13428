/**
 * Jinja2's built-in filters for sequences and mappings. Sorting and `unique`/`min`/`max`
 * compare strings case-insensitively unless told otherwise, as Jinja2 does; `attribute=`
 * arguments take dotted paths (`'owner.name'`, `'0'`).
 */
import { pyAdd } from '../../python/arithmetic.js';
import { pyCompare, pyHashKey } from '../../python/compare.js';
import { PythonError, typeError } from '../../python/errors.js';
import { pythonStr } from '../../python/repr.js';
import { isPlainObject, pyIter, pyLen, pyTypeName, tuple } from '../../python/values.js';
import { templateFunction as fn, type TemplateFunction } from './callables.js';
import { emptySequence, type FilterEnv } from './filter-env.js';
import { isUndefined } from './undefined.js';

const lowerIfText = (caseSensitive: boolean) => (v: unknown): unknown => (!caseSensitive && typeof v === 'string' ? v.toLowerCase() : v);

/** Sequence and mapping filters. */
export function sequenceFilters(env: FilterEnv): Record<string, TemplateFunction> {
  const keyOf = (attribute: unknown, caseSensitive: boolean) => {
    const fold = lowerIfText(caseSensitive);
    return (item: unknown): unknown => fold(attribute === null || attribute === undefined ? item : env.attribute(item, attribute));
  };
  const sorted = (items: unknown[], key: (v: unknown) => unknown, reverse: boolean): unknown[] => {
    const keyed = items.map((item) => ({ item, key: key(item) }));
    keyed.sort((a, b) => (reverse ? -1 : 1) * pyCompare(a.key, b.key));
    return keyed.map((k) => k.item);
  };
  const aggregate = (which: 'min' | 'max') => fn(which, ['value', 'case_sensitive', 'attribute'], (v: unknown, cs = false, attr: unknown = null) => {
    const items = pyIter(v);
    if (items.length === 0) return emptySequence('aggregated');
    const key = keyOf(attr, cs);
    return items.reduce((best, x) => {
      const c = pyCompare(key(x), key(best));
      return (which === 'min' ? c < 0 : c > 0) ? x : best;
    });
  });
  const testArgs = (args: unknown[]): [string | undefined, unknown[]] => [args[0] === undefined ? undefined : String(args[0]), args.slice(1)];
  const selectOrReject = (name: string, keep: boolean, byAttribute: boolean) => fn(name, ['value'], (v: unknown, args: unknown[]) => {
    const [attr, rest] = byAttribute ? [args[0], args.slice(1)] : [undefined, args];
    const [test, testRest] = testArgs(rest);
    return pyIter(v).filter((item) => {
      const subject = byAttribute ? env.attribute(item, attr) : item;
      return (test === undefined ? env.truthy(subject) : env.callTest(test, subject, testRest)) === keep;
    });
  }, { rest: true });
  const length = fn('length', ['obj'], (v: unknown) => pyLen(v));

  return {
    attr: fn('attr', ['obj', 'name'], (obj: unknown, name: unknown) => env.attribute(obj, String(name))),
    batch: fn('batch', ['value', 'linecount', 'fill_with'], (v: unknown, size: number, fill: unknown = null) => {
      if (!Number.isInteger(size) || size < 1) throw new PythonError('ValueError', 'batch size must be a positive integer');
      const items = pyIter(v);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      const last = out[out.length - 1];
      if (last && fill !== null) while (last.length < size) last.push(fill);
      return out;
    }),
    count: length,
    length,
    dictsort: fn('dictsort', ['value', 'case_sensitive', 'by', 'reverse'], (v: unknown, cs = false, by = 'key', reverse = false) => {
      if (!isPlainObject(v)) throw typeError(`dictsort expects a dict, got '${pyTypeName(v)}'`);
      if (by !== 'key' && by !== 'value') throw new PythonError('FilterArgumentError', "You can only sort by either 'key' or 'value'");
      const fold = lowerIfText(cs);
      return sorted(Object.entries(v).map(([k, x]) => tuple(k, x)), (p) => fold((p as unknown[])[by === 'key' ? 0 : 1]), reverse);
    }),
    first: fn('first', ['seq'], (v: unknown) => {
      const items = pyIter(v);
      return items.length ? items[0] : emptySequence('first');
    }),
    last: fn('last', ['seq'], (v: unknown) => {
      const items = pyIter(v);
      return items.length ? items[items.length - 1] : emptySequence('last');
    }),
    groupby: fn('groupby', ['value', 'attribute', 'default', 'case_sensitive'], (v: unknown, attr: unknown, dflt: unknown = undefined, cs = false) => {
      const fold = lowerIfText(cs);
      const keyed = pyIter(v).map((item) => {
        const raw = env.attribute(item, attr, dflt ?? undefined);
        return { item, raw, key: fold(raw) };
      });
      keyed.sort((a, b) => pyCompare(a.key, b.key));
      const groups: unknown[][] = [];
      for (const k of keyed) {
        const prev = groups[groups.length - 1];
        if (prev && pyCompare(fold(prev[0]), k.key) === 0) (prev[1] as unknown[]).push(k.item);
        else groups.push(tuple(k.raw, [k.item]));
      }
      // Jinja2's groups are named tuples: `group.grouper` and `group.list` work too.
      for (const g of groups) Object.defineProperties(g, { grouper: { value: g[0] }, list: { value: g[1] } });
      return groups;
    }),
    items: fn('items', ['value'], (v: unknown) => {
      if (isUndefined(v)) return [];
      if (!isPlainObject(v)) throw new PythonError('FilterArgumentError', `Can only get item pairs from a mapping, not '${pyTypeName(v)}'`);
      return Object.entries(v).map(([k, x]) => tuple(k, x));
    }, { raw: true }),
    join: fn('join', ['value', 'd', 'attribute'], (v: unknown, sep: unknown = '', attr: unknown = null) => {
      const items = pyIter(v);
      return (attr === null ? items : items.map((x) => env.attribute(x, attr))).map((x) => pythonStr(x)).join(pythonStr(sep));
    }),
    list: fn('list', ['value'], (v: unknown) => pyIter(v)),
    map: fn('map', ['value'], (v: unknown, args: unknown[], kwargs: Record<string, unknown>) => {
      const items = pyIter(v);
      if (Object.hasOwn(kwargs, 'attribute')) {
        return items.map((x) => env.attribute(x, kwargs['attribute'], Object.hasOwn(kwargs, 'default') ? kwargs['default'] : undefined));
      }
      const [name, ...rest] = args;
      if (name === undefined) throw new PythonError('FilterArgumentError', 'map requires a filter argument');
      return items.map((x) => env.callFilter(String(name), x, rest));
    }, { rest: true }),
    max: aggregate('max'),
    min: aggregate('min'),
    random: fn('random', ['seq'], (v: unknown) => {
      const items = pyIter(v);
      return items.length ? items[Math.floor(Math.random() * items.length)] : emptySequence('random');
    }),
    reject: selectOrReject('reject', false, false),
    rejectattr: selectOrReject('rejectattr', false, true),
    select: selectOrReject('select', true, false),
    selectattr: selectOrReject('selectattr', true, true),
    reverse: fn('reverse', ['value'], (v: unknown) => (typeof v === 'string' ? pyIter(v).reverse().join('') : pyIter(v).reverse())),
    slice: fn('slice', ['value', 'slices', 'fill_with'], (v: unknown, slices: number, fill: unknown = null) => {
      const seq = pyIter(v);
      const per = Math.floor(seq.length / slices);
      const extra = seq.length % slices;
      const out: unknown[][] = [];
      let offset = 0;
      for (let n = 0; n < slices; n++) {
        const start = offset + n * per;
        if (n < extra) offset += 1;
        const part = seq.slice(start, offset + (n + 1) * per);
        if (fill !== null && n >= extra) part.push(fill);
        out.push(part);
      }
      return out;
    }),
    sort: fn('sort', ['value', 'reverse', 'case_sensitive', 'attribute'], (v: unknown, reverse = false, cs = false, attr: unknown = null) => sorted(pyIter(v), keyOf(attr, cs), reverse)),
    sum: fn('sum', ['iterable', 'attribute', 'start'], (v: unknown, attr: unknown = null, start: unknown = 0) => {
      const items = pyIter(v);
      return (attr === null ? items : items.map((x) => env.attribute(x, attr))).reduce((acc, x) => pyAdd(acc, x), start);
    }),
    unique: fn('unique', ['value', 'case_sensitive', 'attribute'], (v: unknown, cs = false, attr: unknown = null) => {
      const seen = new Set<string>();
      const key = keyOf(attr, cs);
      return pyIter(v).filter((x) => {
        const k = pyHashKey(key(x));
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    }),
  };
}
