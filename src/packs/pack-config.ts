import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ErrorDetail } from '../errors/index.js';
import type { ParameterSpec, Params } from '../model/index.js';
import type { ContentSchemas } from './schemas/index.js';
import { schemaDetails } from './schema-errors.js';
import { pointerSegments, YamlSource } from './yaml-source.js';

/** A pack's configuration: StackStorm's `configs/<pack>.yaml` checked against `config.schema.yaml`. */
export interface PackConfig {
  /** Absolute path of the file the values came from; absent when only schema defaults apply. */
  file?: string;
  /** Values with schema defaults filled in. Template strings (`{{ st2kv.system.x }}`) are kept for rendering at run time. */
  values: Params;
  /** Dotted paths of the items the schema marks `secret`. */
  secrets: string[];
}

const ST2_ONLY_KEYS = ['required', 'secret', 'immutable', 'position'] as const;
const TEMPLATE = /\{\{|\{%/;

/**
 * Converts StackStorm's config schema (a map of item → attributes, `required` as a boolean on
 * each item) into a JSON schema: `required` booleans become `required` lists on the enclosing
 * object, st2's own keys go, draft-4 boolean `exclusiveMinimum`/`exclusiveMaximum` take their
 * draft-7 form. Top-level items not in the schema are allowed, as in StackStorm.
 */
export function configJsonSchema(attributes: Record<string, ParameterSpec>): Record<string, unknown> {
  return objectSchema(attributes, true);
}

function objectSchema(properties: Record<string, unknown>, additional: unknown): Record<string, unknown> {
  const required = Object.entries(properties)
    .filter(([, spec]) => (spec as ParameterSpec | null)?.required === true)
    .map(([name]) => name);
  return {
    type: 'object',
    properties: mapValues(properties, convert),
    ...(required.length > 0 ? { required } : {}),
    ...(additional === undefined ? {} : { additionalProperties: additional }),
  };
}

function convert(node: unknown): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const spec = { ...(node as Record<string, unknown>) };
  const requiredList = Array.isArray(spec.required) ? spec.required : undefined;
  for (const key of ST2_ONLY_KEYS) delete spec[key];
  if (spec.properties && typeof spec.properties === 'object') {
    const converted = objectSchema(spec.properties as Record<string, unknown>, undefined);
    spec.properties = converted.properties;
    const fromItems = (converted.required as string[] | undefined) ?? [];
    const all = [...new Set([...(requiredList ?? []), ...fromItems])];
    if (all.length > 0) spec.required = all;
  } else if (requiredList) {
    spec.required = requiredList;
  }
  if (Array.isArray(spec.items)) spec.items = spec.items.map(convert);
  else if (spec.items) spec.items = convert(spec.items);
  for (const key of ['additionalProperties', 'additionalItems', 'not'] as const) {
    if (spec[key] && typeof spec[key] === 'object') spec[key] = convert(spec[key]);
  }
  for (const key of ['patternProperties', 'definitions'] as const) {
    if (spec[key] && typeof spec[key] === 'object') spec[key] = mapValues(spec[key] as Record<string, unknown>, convert);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(spec[key])) spec[key] = (spec[key] as unknown[]).map(convert);
  }
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof spec[flag] === 'boolean') {
      if (spec[flag] && typeof spec[bound] === 'number') {
        spec[flag] = spec[bound];
        delete spec[bound];
      } else delete spec[flag];
    }
  }
  return spec;
}

/** Dotted paths of every item marked `secret: true`, nested properties included. */
export function secretPaths(attributes: Record<string, unknown>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(attributes)) {
    if (spec === null || typeof spec !== 'object') continue;
    const p = prefix ? `${prefix}.${name}` : name;
    const s = spec as Record<string, unknown>;
    if (s.secret === true) out.push(p);
    if (s.properties && typeof s.properties === 'object') out.push(...secretPaths(s.properties as Record<string, unknown>, p));
  }
  return out;
}

/** Where the config file of `packRef` is: `<configsDir>/<pack>.yaml` first, then the pack's own `configs/<pack>.yaml`. */
export function findConfigFile(packRef: string, packPath: string, configsDir?: string): string | undefined {
  const candidates = [...(configsDir ? [path.join(configsDir, `${packRef}.yaml`)] : []), path.join(packPath, 'configs', `${packRef}.yaml`)];
  return candidates.find((c) => existsSync(c));
}

/**
 * Loads and checks the pack's config. Without a config file the values are the schema defaults and
 * required items without one are a warning (StackStorm only fails when an action needs them).
 * Values that are templates are not type-checked: they are rendered per user at run time.
 */
export function loadPackConfig(
  packRef: string,
  packPath: string,
  attributes: Record<string, ParameterSpec> | undefined,
  configsDir: string | undefined,
  schemas: ContentSchemas,
): { config: PackConfig; errors: ErrorDetail[]; warnings: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const warnings: ErrorDetail[] = [];
  const secrets = attributes ? secretPaths(attributes) : [];
  const absolute = findConfigFile(packRef, packPath, configsDir);
  const rel = absolute ? displayPath(packPath, absolute) : undefined;

  let values: Params = {};
  let source: YamlSource | undefined;
  if (absolute && rel) {
    const parsed = YamlSource.read(absolute, rel);
    warnings.push(...parsed.warnings);
    if (!parsed.ok) return { config: { file: absolute, values: {}, secrets }, errors: parsed.errors, warnings };
    values = structuredClone(parsed.data);
    source = parsed.source;
  }
  if (!attributes) return { config: { ...(absolute ? { file: absolute } : {}), values, secrets }, errors, warnings };

  const result = schemas.validateOnce(configJsonSchema(attributes), values, { defaults: true });
  if (!result.valid) {
    const relevant = result.errors.filter((e) => !isTemplateAt(values, e.instancePath));
    if (source) errors.push(...schemaDetails(relevant, values, source));
    else {
      const missing = relevant.filter((e) => e.keyword === 'required').map((e) => (e.params as { missingProperty: string }).missingProperty);
      if (missing.length > 0) {
        warnings.push({ file: 'config.schema.yaml', message: `no config file for pack ${packRef}; required items without defaults: ${missing.join(', ')}` });
      }
    }
  }
  for (const secret of secrets) {
    const value = getPath(values, secret.split('.'));
    if (typeof value === 'string' && /\|\s*decrypt_kv/.test(value)) {
      const d = { file: rel ?? 'config.schema.yaml', field: secret, message: 'secret items are decrypted automatically; the decrypt_kv filter is not allowed here' };
      errors.push(source ? { ...d, line: source.lineOf(secret.split('.')) } : d);
    }
  }
  return { config: { ...(absolute ? { file: absolute } : {}), values, secrets }, errors, warnings };
}

function isTemplateAt(values: unknown, pointer: string): boolean {
  const value = getPath(values, pointerSegments(pointer));
  return typeof value === 'string' && TEMPLATE.test(value);
}

function getPath(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const s of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}

function mapValues(obj: Record<string, unknown>, fn: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

/** A path relative to the pack when the file is inside it, else absolute. */
function displayPath(packPath: string, file: string): string {
  const rel = path.relative(packPath, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}
