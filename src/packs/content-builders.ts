import type { AliasFormat, AliasMeta, Params, PolicyMeta, SensorMeta, TriggerTypeMeta } from '../model/index.js';
import type { ContentFile, PackContext } from './content-file.js';
import { POLICY_TYPES, isPolicyType } from '../policies/policy-types.js';
import { schemaDetails } from './schema-errors.js';
import type { PathSegment } from './yaml-source.js';

/** Builders for the smaller kinds: aliases, sensors (with their trigger types), trigger types, policies. */

/**
 * `aliases/*.yaml` → AliasMeta; plain-string formats become `{ display: s, representation: [s] }`.
 * A site-wide alias (from the top-level aliases folder) names its pack in the file, `ctx.ref`
 * being only the default; a pack's alias must agree with its pack.
 */
export function buildAlias(f: ContentFile, ctx: PackContext, siteWide = false): AliasMeta | undefined {
  const pack = siteWide ? f.string('pack') || ctx.ref : f.checkPack(ctx);
  const name = f.string('name')!;
  const actionRef = f.string('action_ref')!;
  if (!actionRef.includes('.')) f.error(['action_ref'], `"${actionRef}" is not an action ref of the form pack.name`);
  const rawFormats = Array.isArray(f.data.formats) ? (f.data.formats as unknown[]) : [];
  if (rawFormats.length === 0) f.warn('formats' in f.data ? ['formats'] : [], 'alias has no formats; no command can match it');
  if (!f.ok) return undefined;

  const formats: AliasFormat[] = rawFormats.map((fmt) => {
    if (typeof fmt === 'string') return { display: fmt, representation: [fmt] };
    const o = fmt as { display?: string; representation?: string[]; match_multiple?: boolean };
    return {
      ...(o.display !== undefined ? { display: o.display } : {}),
      representation: o.representation ?? [],
      ...(o.match_multiple !== undefined ? { match_multiple: o.match_multiple } : {}),
    };
  });
  formats.forEach((fmt, i) => {
    if (fmt.representation.length === 0) f.warn(['formats', i], 'format has no representation; only its display text is shown in help');
  });
  const data = f.data;
  return {
    ref: `${pack}.${name}`,
    pack,
    name,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    enabled: data.enabled !== false,
    action_ref: actionRef,
    formats,
    ...(data.ack ? { ack: data.ack as AliasMeta['ack'] } : {}),
    ...(data.result ? { result: data.result as AliasMeta['result'] } : {}),
    ...(data.extra ? { extra: data.extra as Params } : {}),
    ...(data.immutable_parameters ? { immutable_parameters: data.immutable_parameters as Params } : {}),
    source: f.location(),
  };
}

/**
 * A trigger type declared at `at` in the file (the whole file for `triggers/*.yaml`, one entry of
 * `trigger_types` for sensors). Its schemas must compile, or it could never validate a payload.
 */
export function buildTriggerType(f: ContentFile, ctx: PackContext, at: PathSegment[] = []): TriggerTypeMeta | undefined {
  const data = (at.length === 0 ? f.data : at.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], f.data)) as Record<string, unknown>;
  const declared = data.pack;
  if (declared !== undefined && declared !== null && declared !== '' && declared !== ctx.ref) {
    f.error([...at, 'pack'], `is "${String(declared)}" but the file is in pack "${ctx.ref}"`);
    return undefined;
  }
  for (const key of ['payload_schema', 'parameters_schema'] as const) {
    if (!data[key]) continue;
    const problem = ctx.schemas.schemaProblem(data[key] as object);
    if (problem) f.warn([...at, key], `is not a JSON schema Squall can check with: ${problem}`);
  }
  const name = data.name as string;
  return {
    ref: `${ctx.ref}.${name}`,
    pack: ctx.ref,
    name,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    ...(data.parameters_schema ? { parameters_schema: data.parameters_schema as Params } : {}),
    ...(data.payload_schema ? { payload_schema: data.payload_schema as Params } : {}),
    ...(Array.isArray(data.tags) ? { tags: data.tags as Params[] } : {}),
  };
}

/** `sensors/*.yaml` → SensorMeta with its trigger types; the entry point must exist in `sensors/`. */
export function buildSensor(f: ContentFile, ctx: PackContext): SensorMeta | undefined {
  const pack = f.checkPack(ctx);
  const className = f.string('class_name')!;
  const entryPoint = f.string('entry_point')!;
  f.checkFileInPack(ctx, 'sensors', entryPoint, 'entry_point');
  const rawTypes = Array.isArray(f.data.trigger_types) ? f.data.trigger_types : [];
  const triggerTypes: TriggerTypeMeta[] = [];
  const seen = new Set<string>();
  rawTypes.forEach((_, i) => {
    const t = buildTriggerType(f, ctx, ['trigger_types', i]);
    if (!t) return;
    if (seen.has(t.ref)) f.error(['trigger_types', i, 'name'], `trigger type ${t.ref} is declared twice`);
    seen.add(t.ref);
    triggerTypes.push(t);
  });
  if (!f.ok) return undefined;
  const data = f.data;
  return {
    ref: `${pack}.${className}`,
    pack,
    class_name: className,
    entry_point: entryPoint,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    enabled: data.enabled !== false,
    ...(typeof data.poll_interval === 'number' ? { poll_interval: data.poll_interval } : {}),
    trigger_types: triggerTypes,
    source: f.location(),
    pack_path: ctx.path,
  };
}

/** `policies/*.yaml` → PolicyMeta; parameters are checked against the policy type and get its defaults. */
export function buildPolicy(f: ContentFile, ctx: PackContext): PolicyMeta | undefined {
  const pack = f.checkPack(ctx);
  const name = f.string('name')!;
  const resourceRef = f.string('resource_ref')!;
  const policyType = f.string('policy_type')!;
  if (!resourceRef.includes('.')) f.error(['resource_ref'], `"${resourceRef}" is not an action ref of the form pack.name`);
  // A copy: ajv fills defaults into what it validates.
  const parameters = structuredClone(f.object('parameters'));
  const typeSchema = isPolicyType(policyType) ? POLICY_TYPES[policyType].schema : undefined;
  if (!typeSchema) {
    f.error(['policy_type'], `unknown policy type "${policyType}" (known: ${Object.keys(POLICY_TYPES).join(', ')})`);
  } else {
    const validate = ctx.schemas.withDefaults(typeSchema);
    if (!validate(parameters)) f.errors.push(...schemaDetails(validate.errors, f.data, f.source, ['parameters']));
  }
  if (!f.ok) return undefined;
  const data = f.data;
  return {
    ref: `${pack}.${name}`,
    pack,
    name,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    enabled: data.enabled !== false,
    resource_ref: resourceRef,
    policy_type: policyType,
    parameters,
    source: f.location(),
  };
}
