/**
 * Every YAQL function, split into the two ways a name is looked up: `name(...)` finds only
 * functions and `receiver.name(...)` only methods, as in YAQL (`str(x)` works, `x.str()` is
 * "Unknown method"). A table key with a leading `.` is the method form of a name whose
 * function form differs.
 */
import { COLLECTION_FUNCTIONS } from './collections.js';
import { MATH_FUNCTIONS } from './math.js';
import { ORQUESTA_FUNCTIONS } from './orquesta.js';
import { QUERY_FUNCTIONS } from './queries.js';
import { REGEX_FUNCTIONS } from './regex.js';
import { SEQUENCE_FUNCTIONS } from './sequences.js';
import type { FunctionTable, YaqlFunction } from './spec.js';
import { STRING_FUNCTIONS } from './strings.js';
import { SYSTEM_FUNCTIONS } from './system.js';

const TABLES: readonly FunctionTable[] = [
  MATH_FUNCTIONS, STRING_FUNCTIONS, REGEX_FUNCTIONS, COLLECTION_FUNCTIONS, QUERY_FUNCTIONS, SEQUENCE_FUNCTIONS, SYSTEM_FUNCTIONS, ORQUESTA_FUNCTIONS,
];

function build(kind: 'function' | 'method'): ReadonlyMap<string, YaqlFunction> {
  const out = new Map<string, YaqlFunction>();
  for (const table of TABLES) {
    for (const [key, spec] of Object.entries(table)) {
      const methodOnly = key.startsWith('.');
      const name = methodOnly ? key.slice(1) : key;
      const fits = methodOnly ? kind === 'method' : spec.form === 'both' || spec.form === kind;
      if (!fits) continue;
      if (out.has(name)) throw new Error(`YAQL ${kind} "${name}" is declared twice`);
      out.set(name, spec);
    }
  }
  return out;
}

/** Names callable as `name(...)`. */
export const FUNCTIONS: ReadonlyMap<string, YaqlFunction> = build('function');
/** Names callable as `receiver.name(...)`; the receiver is the first argument. */
export const METHODS: ReadonlyMap<string, YaqlFunction> = build('method');
