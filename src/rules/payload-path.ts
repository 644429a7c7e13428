import { SquallError } from '../errors/index.js';

/**
 * Criteria keys: the JSONPath subset StackStorm rules use over `{trigger: payload}` (or
 * `{item: element}` inside `search`): `trigger.a.b`, `trigger.list[0]`, `trigger.list[-1]`,
 * `trigger.headers['X-Custom']`, `trigger["a b"]`, `trigger.'a b'`, wildcards `trigger.items[*].name`
 * and `trigger.*`, an optional leading `$.`. Anything after an unquoted `#` is a comment
 * (`trigger.level#2` lets one field carry two tests). Keys are parsed once, when a rule is loaded.
 */

export type PathStep = { kind: 'field'; name: string } | { kind: 'index'; index: number } | { kind: 'wildcard' };

export interface PayloadPath {
  /** The key as written. */
  readonly key: string;
  readonly steps: readonly PathStep[];
}

function pathError(key: string, message: string): SquallError {
  return new SquallError('RULE_INVALID', `criteria key "${key}": ${message}`, { details: [{ field: `criteria.${key}`, message }] });
}

/** Removes a `#comment` suffix, leaving `#` inside quotes alone. */
export function stripKeyComment(key: string): string {
  let quote = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '#') return key.slice(0, i);
  }
  return key;
}

function readQuoted(text: string, start: number, key: string): { value: string; end: number } {
  const quote = text[start]!;
  let value = '';
  let i = start + 1;
  for (; i < text.length && text[i] !== quote; i++) {
    // A backslash keeps the next character (so a quote can be written inside quotes).
    if (text[i] === '\\' && i + 1 < text.length) i++;
    value += text[i];
  }
  if (i >= text.length) throw pathError(key, `unterminated quote at position ${start}`);
  return { value, end: i + 1 };
}

const IDENT = /[^.[\]'"\s*]+/y;

/** Parses a criteria key. Throws SquallError RULE_INVALID naming the key when it is not a path. */
export function parsePayloadPath(key: string): PayloadPath {
  const text = stripKeyComment(key).trim();
  const steps: PathStep[] = [];
  let i = text.startsWith('$.') ? 2 : 0;
  let expectField = true;
  if (!text || text === '$') throw pathError(key, 'empty path');
  while (i < text.length) {
    const c = text[i]!;
    if (expectField) {
      if (c === "'" || c === '"') {
        const q = readQuoted(text, i, key);
        steps.push({ kind: 'field', name: q.value });
        i = q.end;
      } else if (c === '*') {
        steps.push({ kind: 'wildcard' });
        i++;
      } else {
        IDENT.lastIndex = i;
        const m = IDENT.exec(text);
        if (!m) throw pathError(key, `expected a field name at position ${i}`);
        steps.push({ kind: 'field', name: m[0] });
        i += m[0].length;
      }
      expectField = false;
    } else if (c === '.') {
      i++;
      expectField = true;
      if (i >= text.length) throw pathError(key, 'path ends with "."');
    } else if (c === '[') {
      const close = text.indexOf(']', i);
      const inner = text.slice(i + 1, close < 0 ? undefined : close).trim();
      if (inner.startsWith("'") || inner.startsWith('"')) {
        const start = text.indexOf(inner[0]!, i);
        const q = readQuoted(text, start, key);
        const end = text.indexOf(']', q.end);
        if (end < 0 || text.slice(q.end, end).trim()) throw pathError(key, `expected "]" at position ${q.end}`);
        steps.push({ kind: 'field', name: q.value });
        i = end + 1;
      } else if (close < 0) {
        throw pathError(key, `unterminated "[" at position ${i}`);
      } else if (inner === '*') {
        steps.push({ kind: 'wildcard' });
        i = close + 1;
      } else if (/^-?\d+$/.test(inner)) {
        steps.push({ kind: 'index', index: Number(inner) });
        i = close + 1;
      } else {
        throw pathError(key, `unsupported index "[${inner}]"`);
      }
    } else {
      throw pathError(key, `unexpected "${c}" at position ${i}`);
    }
  }
  return { key, steps };
}

/** Values the remaining steps reach from `node`, in document order. */
function collect(node: unknown, steps: readonly PathStep[], from: number, out: unknown[], firstOnly: boolean): void {
  if (from === steps.length) {
    out.push(node);
    return;
  }
  const step = steps[from]!;
  if (step.kind === 'field') {
    if (typeof node === 'object' && node !== null && !Array.isArray(node) && Object.hasOwn(node, step.name)) {
      collect((node as Record<string, unknown>)[step.name], steps, from + 1, out, firstOnly);
    }
  } else if (step.kind === 'index') {
    if (Array.isArray(node) || typeof node === 'string') {
      const i = step.index < 0 ? node.length + step.index : step.index;
      if (i >= 0 && i < node.length) collect(node[i], steps, from + 1, out, firstOnly);
    }
  } else if (typeof node === 'object' && node !== null) {
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      collect(child, steps, from + 1, out, firstOnly);
      if (firstOnly && out.length > 0) return;
    }
  }
}

/**
 * The first value the path reaches from `root`, or null when it reaches none (StackStorm hands the
 * operator `None` for a missing field). A field holding null is also null.
 */
export function lookupFirst(root: unknown, path: PayloadPath): unknown {
  const steps = path.steps;
  let node = root;
  let simple = true;
  // Fast path: no wildcard means at most one match, found by walking.
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.kind === 'wildcard') {
      simple = false;
      break;
    }
    if (step.kind === 'field') {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, step.name)) return null;
      node = (node as Record<string, unknown>)[step.name];
    } else {
      if (!Array.isArray(node) && typeof node !== 'string') return null;
      const idx = step.index < 0 ? node.length + step.index : step.index;
      if (idx < 0 || idx >= node.length) return null;
      node = node[idx];
    }
  }
  if (simple) return node ?? null;
  const out: unknown[] = [];
  collect(root, steps, 0, out, true);
  return out.length > 0 ? (out[0] ?? null) : null;
}
