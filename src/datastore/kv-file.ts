import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { SquallError, type ErrorDetail } from '../errors/index.js';
import { itemId } from './kv-service.js';
import type { KvScope, KvSetOptions } from './key-value.js';

/** One item to set, as read from a `key load` file. */
export interface KvFileItem {
  name: string;
  value: string;
  options: KvSetOptions;
  /** 1-based line where the item starts. */
  line: number;
}

export interface KvFileOptions {
  /** JSON-encode values that are not strings (`--convert`) instead of rejecting them. */
  convert?: boolean;
  /** User for `scope: user` items that name none. */
  defaultUser?: string;
}

/** Scope spellings accepted in files; `st2kv.*` is what `st2 key list -j` prints. */
const SCOPES: Record<string, KvScope> = { system: 'system', user: 'user', 'st2kv.system': 'system', 'st2kv.user': 'user' };

/** Reads and parses a `key load` file. */
export function readKvFile(file: string, options: KvFileOptions = {}): KvFileItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SquallError('KV_INVALID', `cannot read ${file}: ${(err as Error).message}`, { details: [{ file, message: 'cannot be read' }] });
  }
  return parseKvFile(text, file, options);
}

/**
 * Parses JSON or YAML holding one item or a list of items
 * `{name, value, secret?, encrypted?, scope?, user?, ttl?, description?}` (other fields, such as the
 * `id` in `key list --json` output, are ignored). `secret: true` encrypts the value on load;
 * `encrypted: true` says it is ciphertext already. Every bad item is reported, with its index,
 * field and line, in one KV_INVALID error; nothing is returned unless all items are good.
 */
export function parseKvFile(text: string, file: string, options: KvFileOptions = {}): KvFileItem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => ({ file, line: lines.linePos(e.pos[0]).line, message: e.message.split('\n')[0]! }));
    throw new SquallError('YAML_INVALID', `${file} is neither valid JSON nor valid YAML`, { details });
  }
  const root = doc.contents;
  const nodes: unknown[] = isSeq(root) ? root.items : root === null || (isScalar(root) && root.value === null) ? [] : [root];
  if (nodes.length === 0) throw new SquallError('KV_INVALID', `${file} holds no items`, { details: [{ file, message: 'no items' }] });

  const items: KvFileItem[] = [];
  const errors: ErrorDetail[] = [];
  const single = !isSeq(root);
  // Plain values from the document as a whole (so anchors and aliases resolve); nodes only give lines.
  const data = doc.toJS() as unknown;
  const values: unknown[] = single ? [data] : (data as unknown[]);
  nodes.forEach((node, index) => {
    const where = single ? '' : `[${index}]`;
    const line = lineOf(node, lines);
    const err = (field: string | undefined, message: string, at = line) =>
      errors.push({ file, line: at, field: field === undefined ? where || '(root)' : `${where}${where ? '.' : ''}${field}`, message });
    if (!isMap(node)) return void err(undefined, 'item must be a mapping with name and value');
    const fieldLine = (key: string) => lineOf(node.items.find((p) => isScalar(p.key) && p.key.value === key)?.value, lines) || line;
    const raw = values[index] as Record<string, unknown>;
    const before = errors.length;

    const name = raw.name;
    if (typeof name !== 'string' || name === '') err('name', 'name is required and must be a string', fieldLine('name'));

    let value: string | undefined;
    if (!('value' in raw)) err('value', 'value is required');
    else if (typeof raw.value === 'string') value = raw.value;
    else if (options.convert) value = JSON.stringify(raw.value);
    else err('value', `value must be a string (got ${raw.value === null ? 'null' : Array.isArray(raw.value) ? 'array' : typeof raw.value}); use --convert to store it as JSON`, fieldLine('value'));

    for (const flag of ['secret', 'encrypted'] as const) {
      if (raw[flag] !== undefined && typeof raw[flag] !== 'boolean') err(flag, `${flag} must be true or false`, fieldLine(flag));
    }
    let scope: KvScope = 'system';
    if (raw.scope !== undefined) {
      const s = typeof raw.scope === 'string' ? SCOPES[raw.scope] : undefined;
      if (s) scope = s;
      else err('scope', `scope must be system or user (got ${JSON.stringify(raw.scope)})`, fieldLine('scope'));
    }
    if (raw.user !== undefined && typeof raw.user !== 'string') err('user', 'user must be a string', fieldLine('user'));
    if (raw.ttl !== undefined && raw.ttl !== null && !(typeof raw.ttl === 'number' && Number.isInteger(raw.ttl) && raw.ttl > 0)) {
      err('ttl', 'ttl must be a positive whole number of seconds', fieldLine('ttl'));
    }
    if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') err('description', 'description must be a string', fieldLine('description'));
    if (errors.length > before || value === undefined || typeof name !== 'string') return;

    const user = scope === 'user' ? ((raw.user as string | undefined) ?? options.defaultUser) : undefined;
    try {
      itemId(name, scope, user);
    } catch (e) {
      const d = (e as SquallError).details?.[0];
      return void err(d?.field ?? 'name', (e as Error).message, fieldLine(d?.field ?? 'name'));
    }
    const encrypted = raw.encrypted === true;
    const opts: KvSetOptions = { scope };
    if (user !== undefined) opts.user = user;
    if (encrypted) opts.preEncrypted = true;
    else if (raw.secret === true) opts.encrypt = true;
    if (typeof raw.ttl === 'number') opts.ttl = raw.ttl;
    if (typeof raw.description === 'string') opts.description = raw.description;
    items.push({ name, value, options: opts, line });
  });
  if (errors.length > 0) {
    throw new SquallError('KV_INVALID', `${file}: ${errors.length} problem(s) in key-value items; nothing was loaded`, { details: errors });
  }
  return items;
}

function lineOf(node: unknown, lines: LineCounter): number {
  const range = (node as { range?: [number, number, number] } | undefined)?.range;
  return range ? lines.linePos(range[0]).line : 0;
}
