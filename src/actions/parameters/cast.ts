import type { ErrorDetail } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import { parsePythonLiteral } from './python-literal.js';

/**
 * The text StackStorm's `use_none` filter renders for null (st2's `NONE_MAGIC_VALUE`); casting
 * turns it back into null whatever the parameter's type.
 */
export const NONE_MAGIC_VALUE = '%*****__%NONE%__*****%';

/** Texts accepted for a boolean parameter, compared case-insensitively. */
export const BOOLEAN_TEXTS: Readonly<Record<string, boolean>> = {
  true: true, false: false, yes: true, no: false, on: true, off: false, '1': true, '0': false,
};

/** A cast either yields a value or says why the text does not fit the type. */
export type CastResult = { ok: true; value: unknown } | { ok: false; message: string };

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Casts one rendered value by its declared type, StackStorm style. Only strings are converted
 * (values that already have a type pass through, and validation checks them):
 *
 * | type | accepted text | result |
 * |---|---|---|
 * | integer | optional sign and digits (`"42"`, `" -7 "`) | number; anything else (`"4.5"`, `"abc"`) is an error |
 * | number | decimal or exponent (`"1.5"`, `"2e3"`) | number; `inf`/`nan` are errors (JSON has neither) |
 * | boolean | true/false, yes/no, on/off, 1/0, any case | boolean |
 * | object, array | JSON, else a Python literal (`{'a': True, 'b': None}`) | parsed value |
 * | string, none | anything | unchanged |
 *
 * The `use_none` text becomes null for every type.
 */
export function castValue(spec: ParameterSpec | undefined, value: unknown): CastResult {
  if (value === NONE_MAGIC_VALUE) return { ok: true, value: null };
  if (typeof value !== 'string' || !spec?.type) return { ok: true, value };
  const text = value.trim();
  switch (spec.type) {
    case 'integer': {
      if (!INTEGER.test(text)) return { ok: false, message: `must be an integer, got ${JSON.stringify(value)}` };
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return { ok: false, message: `integer ${text} is out of range` };
      return { ok: true, value: n };
    }
    case 'number':
      if (!NUMBER.test(text)) return { ok: false, message: `must be a number, got ${JSON.stringify(value)}` };
      return { ok: true, value: Number(text) };
    case 'boolean': {
      const b = BOOLEAN_TEXTS[text.toLowerCase()];
      if (b === undefined) return { ok: false, message: `must be a boolean (true/false, yes/no, on/off, 1/0), got ${JSON.stringify(value)}` };
      return { ok: true, value: b };
    }
    case 'object':
    case 'array':
      return parseStructured(text, spec.type);
    default:
      return { ok: true, value };
  }
}

/** Casts every value in `values` by its spec; returns the cast values and one detail per value that does not fit. */
export function castParameters(
  specs: Record<string, ParameterSpec>,
  values: Record<string, unknown>,
): { values: Record<string, unknown>; errors: ErrorDetail[] } {
  const out: Record<string, unknown> = {};
  const errors: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(values)) {
    const result = castValue(specs[name], value);
    if (result.ok) out[name] = result.value;
    else errors.push({ field: name, message: result.message });
  }
  return { values: out, errors };
}

function parseStructured(text: string, type: 'object' | 'array'): CastResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // Not JSON: StackStorm falls back to Python's literal syntax (what str() of a dict prints).
  }
  try {
    return { ok: true, value: parsePythonLiteral(text) };
  } catch (err) {
    return { ok: false, message: `must be ${type === 'object' ? 'an object' : 'an array'} written as JSON (${(err as Error).message})` };
  }
}
