import type { ErrorObject } from 'ajv';
import { pythonRepr } from '../python/repr.js';
import { pointerSegments } from '../packs/yaml-source.js';
import { VERSION_ENUM_REPR, workflowValidator } from './inspect-schema.js';
import type { InspectionError } from './inspect-types.js';

/**
 * Schema (syntax) errors of a workflow definition, worded as Orquesta words them: Orquesta
 * validates with Python's jsonschema, whose messages quote the offending value as Python's
 * `repr` (`['foobar'] is not of type 'string'`), report a failed `oneOf` once (not the failures
 * of each branch) and list all unexpected keys of an object in one error.
 *
 * `data` is the definition as Orquesta validates it: with the `with: <text>` shorthand already
 * expanded to `with: { items: <text> }` (see `expandItemsShorthand`).
 */
export function syntaxErrors(data: unknown, scalarText?: (specPath: string) => string | undefined): InspectionError[] {
  const validate = workflowValidator();
  if (validate(data)) return [];
  const out: InspectionError[] = [];
  const unexpected = new Map<string, { error: ErrorObject; extras: string[] }>();
  for (const e of validate.errors ?? []) {
    // Errors inside one branch of a oneOf/anyOf are summed up by the oneOf/anyOf error itself.
    if (/\/(?:oneOf|anyOf)\/\d+(?:\/|$)/.test(e.schemaPath)) continue;
    if (e.keyword === 'additionalProperties') {
      const key = `${e.instancePath}|${e.schemaPath}`;
      const entry = unexpected.get(key) ?? { error: e, extras: [] };
      entry.extras.push((e.params as { additionalProperty: string }).additionalProperty);
      unexpected.set(key, entry);
      continue;
    }
    const instance = valueAt(data, e.instancePath);
    // YAML's `2.0` is the number 2 here but the float 2.0 in Python's repr.
    const written = typeof instance === 'number' ? scalarText?.(specPathOf(e.instancePath, data)) : undefined;
    const repr = written !== undefined && /^[-+]?(\d*\.\d*|\d+[eE])/.test(written) ? pyFloatRepr(instance as number) : pythonRepr(instance);
    out.push(entryFor(e, data, messageFor(e, repr)));
  }
  for (const { error, extras } of unexpected.values()) {
    out.push(entryFor(error, data, unexpectedMessage(error, extras)));
  }
  return out;
}

/** A copy of `data` with every task's `with: <text>` written as `with: { items: <text> }`, as Orquesta reads it. */
export function expandItemsShorthand(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = structuredClone(data) as Record<string, unknown>;
  const tasks = copy.tasks;
  if (tasks !== null && typeof tasks === 'object' && !Array.isArray(tasks)) {
    for (const task of Object.values(tasks as Record<string, unknown>)) {
      if (task !== null && typeof task === 'object' && !Array.isArray(task)) {
        const body = task as Record<string, unknown>;
        if (typeof body.with === 'string') body.with = { items: body.with };
      }
    }
  }
  return copy;
}

function entryFor(e: ErrorObject, data: unknown, message: string): InspectionError {
  return {
    type: 'syntax',
    message: pyUnescape(message),
    spec_path: specPathOf(e.instancePath, data) || null,
    schema_path: schemaPathOf(e.schemaPath) || null,
  };
}

function pyFloatRepr(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : pythonRepr(n);
}

function messageFor(e: ErrorObject, value: string): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type':
      return `${value} is not of type ${[params.type as string | string[]].flat().map((t) => pythonRepr(t)).join(', ')}`;
    case 'required':
      return `${pythonRepr(params.missingProperty)} is a required property`;
    case 'minProperties':
      return `${value} does not have enough properties`;
    case 'maxProperties':
      return `${value} has too many properties`;
    case 'minItems':
    case 'minLength':
      return `${value} is too short`;
    case 'uniqueItems':
      return `${value} has non-unique elements`;
    case 'minimum':
      return `${value} is less than the minimum of ${pythonRepr(params.limit)}`;
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const isVersion = allowed.length === 2 && allowed[0] === '1.0' && allowed[1] === 1;
      return `${value} is not one of ${isVersion ? VERSION_ENUM_REPR : pythonRepr(allowed)}`;
    }
    case 'pattern':
      return `${value} does not match ${pythonRepr(params.pattern)}`;
    case 'oneOf':
      // ajv names the passing branches when more than one passes; none means none passed.
      return params.passingSchemas ? `${value} is valid under each of the given schemas` : `${value} is not valid under any of the given schemas`;
    case 'anyOf':
      return `${value} is not valid under any of the given schemas`;
    default:
      return `${value} ${e.message ?? 'is not valid'}`;
  }
}

function unexpectedMessage(e: ErrorObject, extras: string[]): string {
  const patterns = Object.keys((e.parentSchema as { patternProperties?: Record<string, unknown> } | undefined)?.patternProperties ?? {});
  if (patterns.length > 0) {
    const names = [...extras].sort().map((x) => pythonRepr(x)).join(', ');
    return `${names} ${extras.length === 1 ? 'does' : 'do'} not match any of the regexes: ${patterns.sort().map((p) => pythonRepr(p)).join(', ')}`;
  }
  return `Additional properties are not allowed (${extras.map((x) => pythonRepr(x)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** jsonschema's `absolute_path` written as Orquesta writes it: `tasks.task1.next[0].when`. */
function specPathOf(pointer: string, data: unknown): string {
  let out = '';
  let node = data;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(node)) out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return out;
}

/** ajv's `#/properties/tasks/patternProperties/%5E%5Cw%2B%24` as `properties.tasks.patternProperties.^\w+$`. */
function schemaPathOf(schemaPath: string): string {
  return pointerSegments(schemaPath.replace(/^#/, ''))
    .map((s) => decodeURIComponent(s))
    .join('.');
}

/**
 * Python's `bytes(s, 'utf-8').decode('unicode_escape')`, which Orquesta applies to every schema
 * message: backslash escapes are decoded (`\\w` in a repr becomes `\w`), unknown ones kept, and
 * bytes outside ASCII read one by one as Latin-1.
 */
export function pyUnescape(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== 0x5c || i + 1 >= bytes.length) {
      out += String.fromCharCode(byte);
      continue;
    }
    const next = String.fromCharCode(bytes[i + 1]!);
    const hexAt = (start: number, count: number): number | undefined => {
      const digits = bytes.subarray(start, start + count).toString('latin1');
      return digits.length === count && /^[0-9a-fA-F]+$/.test(digits) ? Number.parseInt(digits, 16) : undefined;
    };
    if (next in simple) {
      out += simple[next];
      i += 1;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(bytes.subarray(i + 1, i + 4).toString('latin1'))![0];
      out += String.fromCharCode(Number.parseInt(octal, 8));
      i += octal.length;
    } else if ((next === 'x' || next === 'u' || next === 'U') && hexAt(i + 2, next === 'x' ? 2 : next === 'u' ? 4 : 8) !== undefined) {
      const count = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      out += String.fromCodePoint(hexAt(i + 2, count)!);
      i += 1 + count;
    } else {
      out += '\\';
    }
  }
  return out;
}
