import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ErrorDetail } from '../errors/index.js';
import type { ActionMeta, AliasMeta, PackMeta, ParameterSpec, PolicyMeta, RuleMeta, SensorMeta, TriggerTypeMeta } from '../model/index.js';
import { BUILTIN_TRIGGER_TYPES } from '../triggers/builtin-trigger-types.js';
import { buildAction } from './action-builder.js';
import { buildAlias, buildPolicy, buildSensor, buildTriggerType } from './content-builders.js';
import { ContentFile, type PackContext } from './content-file.js';
import { loadPackConfig, type PackConfig } from './pack-config.js';
import { readPackManifest } from './pack-manifest.js';
import { buildRule } from './rule-builder.js';
import { AVAILABLE_RUNNERS, KNOWN_RUNNERS, runnerParameters } from './runner-parameters.js';
import { CONTENT_KINDS, ContentSchemas, DIRECTORY_KINDS, unknownNestedKeys, type DirectoryKind } from './schemas/index.js';
import { detailAt, schemaDetails } from './schema-errors.js';
import { YamlSource } from './yaml-source.js';

/** How to load packs. Every field has a default that matches what Squall runs today. */
export interface LoadPackOptions {
  /** Runner names an action may use; others are errors. Default: every runner in RUNNERS. */
  knownRunners?: ReadonlySet<string>;
  /** Runners that can run; actions on other known runners load with `available: false`. Default: AVAILABLE_RUNNERS. */
  availableRunners?: ReadonlySet<string>;
  /** Runner parameter specs, for checking action overrides. Default: the RUNNERS table. */
  runnerParameters?: (runner: string) => Record<string, ParameterSpec> | undefined;
  /** Folder of `<pack>.yaml` configs, read before the pack's own `configs/<pack>.yaml`. */
  configsDir?: string;
  /** Trigger types rules are checked against besides the pack's own. Default: the built-in `core.st2.*` types. */
  triggerTypes?: readonly TriggerTypeMeta[];
  /** Compiled schemas to share between packs; one is made when absent. */
  schemas?: ContentSchemas;
}

/**
 * One pack after loading. `loaded` is false when pack.yaml is missing or broken: then nothing else
 * was read. Otherwise every file that passed its checks is here and every problem of the others
 * is in `errors` (file relative to the pack, line, field).
 */
export interface LoadedPack {
  /** The pack's ref, or its directory name when pack.yaml could not be read. */
  ref: string;
  /** Absolute path of the pack directory. */
  path: string;
  loaded: boolean;
  pack?: PackMeta;
  actions: ActionMeta[];
  rules: RuleMeta[];
  aliases: AliasMeta[];
  sensors: SensorMeta[];
  /** From `triggers/*.yaml` and the sensors' `trigger_types`. */
  triggerTypes: TriggerTypeMeta[];
  policies: PolicyMeta[];
  /** `config.schema.yaml` as written (item → attributes). */
  configSchema?: Record<string, ParameterSpec>;
  config?: PackConfig;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
}

const CONTENT_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Loads the pack in `dir`: pack.yaml, then every kind of content, then its config. Never throws for bad content. */
export function loadPack(dir: string, options: LoadPackOptions = {}): LoadedPack {
  const packPath = path.resolve(dir);
  const schemas = options.schemas ?? new ContentSchemas();
  const manifest = readPackManifest(packPath, schemas);
  const result: LoadedPack = {
    ref: manifest.meta?.ref ?? path.basename(packPath),
    path: packPath,
    loaded: manifest.meta !== undefined,
    ...(manifest.meta ? { pack: manifest.meta } : {}),
    actions: [],
    rules: [],
    aliases: [],
    sensors: [],
    triggerTypes: [],
    policies: [],
    errors: [...manifest.errors],
    warnings: [...manifest.warnings],
  };
  if (!manifest.meta) {
    result.errors.sort(byPlace);
    return result;
  }

  const triggerTypes = new Map<string, TriggerTypeMeta>((options.triggerTypes ?? BUILTIN_TRIGGER_TYPES).map((t) => [t.ref, t]));
  const ctx: PackContext = {
    ref: manifest.meta.ref,
    path: packPath,
    schemas,
    knownRunners: options.knownRunners ?? new Set(KNOWN_RUNNERS),
    availableRunners: options.availableRunners ?? new Set(AVAILABLE_RUNNERS),
    runnerParameters: options.runnerParameters ?? runnerParameters,
    triggerTypes,
  };
  const files = readKinds(packPath, result);
  const addTriggerType = (t: TriggerTypeMeta, f: ContentFile, at: (string | number)[]): boolean => {
    if (result.triggerTypes.some((other) => other.ref === t.ref)) {
      f.error([...at, 'name'], `trigger type ${t.ref} is already declared in this pack`);
      return false;
    }
    return true;
  };

  // Trigger types first: rules are checked against them.
  for (const f of validated(files.triggerType, 'triggerType', schemas, result)) {
    const t = buildTriggerType(f, ctx);
    if (t && addTriggerType(t, f, [])) keep(result, f, () => result.triggerTypes.push(t));
    else finish(result, f);
  }
  for (const f of validated(files.sensor, 'sensor', schemas, result)) {
    const s = buildSensor(f, ctx);
    if (s && result.sensors.some((other) => other.ref === s.ref)) f.error(['class_name'], `sensor ${s.ref} is already declared in another file of this pack`);
    if (s && f.ok && s.trigger_types.every((t, i) => addTriggerType(t, f, ['trigger_types', i]))) {
      keep(result, f, () => {
        result.sensors.push(s);
        result.triggerTypes.push(...s.trigger_types);
      });
    } else finish(result, f);
  }
  for (const t of result.triggerTypes) triggerTypes.set(t.ref, t);

  const entryPoints = actionEntryPoints(files.action, packPath);
  const actionFiles = files.action.filter((f) => {
    if (entryPoints.has(f.absolutePath)) return false;
    if (!('runner_type' in f.data) && ('tasks' in f.data || 'chain' in f.data)) {
      f.warn([], 'looks like a workflow definition, not action metadata, and no action uses it as its entry point; skipped');
      finish(result, f);
      return false;
    }
    return true;
  });
  collect(validated(actionFiles, 'action', schemas, result), buildAction, ctx, result, result.actions);
  collect(validated(files.rule, 'rule', schemas, result), buildRule, ctx, result, result.rules);
  collect(validated(files.alias, 'alias', schemas, result), (f, c) => buildAlias(f, c), ctx, result, result.aliases);
  collect(validated(files.policy, 'policy', schemas, result), buildPolicy, ctx, result, result.policies);

  loadConfig(result, ctx, options.configsDir);
  result.errors.sort(byPlace);
  result.warnings.sort(byPlace);
  return result;
}

/** Orders problems by file, then line, so a report reads top to bottom (sort is stable within a line). */
function byPlace(a: ErrorDetail, b: ErrorDetail): number {
  return (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0);
}

/** Parses every content file of every directory kind; YAML problems are recorded and those files dropped. */
function readKinds(packPath: string, result: LoadedPack): Record<DirectoryKind, ContentFile[]> {
  const out = {} as Record<DirectoryKind, ContentFile[]>;
  for (const kind of DIRECTORY_KINDS) {
    out[kind] = readContentDir(packPath, CONTENT_KINDS[kind].dir, result);
  }
  return out;
}

/** Parses the content files directly inside `<packPath>/<dir>` (sorted); problems go to `sink`. */
export function readContentDir(packPath: string, dir: string, sink: { errors: ErrorDetail[]; warnings: ErrorDetail[] }, displayRoot = packPath): ContentFile[] {
  const folder = path.join(packPath, dir);
  if (!existsSync(folder)) return [];
  const files: ContentFile[] = [];
  for (const name of readdirSync(folder).sort()) {
    if (name.startsWith('.') || !CONTENT_EXTENSIONS.includes(path.extname(name))) continue;
    const absolute = path.join(folder, name);
    if (!statSync(absolute, { throwIfNoEntry: false })?.isFile()) continue;
    const rel = path.relative(displayRoot, absolute).split(path.sep).join('/');
    const parsed = YamlSource.read(absolute, rel);
    sink.warnings.push(...parsed.warnings);
    if (parsed.ok) files.push(new ContentFile(rel, absolute, parsed.data, parsed.source));
    else sink.errors.push(...parsed.errors);
  }
  return files;
}

/** The files that match their kind's schema; the others have their errors recorded. */
export function validated(files: ContentFile[], kind: DirectoryKind, schemas: ContentSchemas, sink: { errors: ErrorDetail[] }): ContentFile[] {
  const validate = schemas.validator(kind);
  return files.filter((f) => {
    if (validate(f.data)) return true;
    sink.errors.push(...schemaDetails(validate.errors, f.data, f.source));
    return false;
  });
}

/** Builds each file, refusing a second item with the same ref in the pack. */
function collect<T extends { ref: string }>(
  files: ContentFile[],
  build: (f: ContentFile, ctx: PackContext) => T | undefined,
  ctx: PackContext,
  result: LoadedPack,
  into: T[],
): void {
  for (const f of files) {
    const item = build(f, ctx);
    if (item && into.some((other) => other.ref === item.ref)) {
      f.error(['name' in f.data ? 'name' : 'class_name'], `${item.ref} is already declared in another file of this pack`);
    }
    if (item && f.ok) keep(result, f, () => into.push(item));
    else finish(result, f);
  }
}

function keep(result: LoadedPack, f: ContentFile, add: () => void): void {
  if (f.ok) add();
  finish(result, f);
}

function finish(result: LoadedPack, f: ContentFile): void {
  result.errors.push(...f.errors);
  result.warnings.push(...f.warnings);
}

/** Absolute paths of files named as entry points by action metadata: workflow definitions, not actions. */
function actionEntryPoints(files: ContentFile[], packPath: string): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const ep = f.data.entry_point;
    if (typeof ep === 'string' && ep !== '' && 'runner_type' in f.data) out.add(path.resolve(packPath, 'actions', ep));
  }
  return out;
}

function loadConfig(result: LoadedPack, ctx: PackContext, configsDir: string | undefined): void {
  const schemaFile = CONTENT_KINDS.configSchema.file;
  let attributes: Record<string, ParameterSpec> | undefined;
  const absolute = path.join(ctx.path, schemaFile);
  if (existsSync(absolute)) {
    const parsed = YamlSource.read(absolute, schemaFile);
    result.warnings.push(...parsed.warnings);
    if (!parsed.ok) result.errors.push(...parsed.errors);
    else {
      const validate = ctx.schemas.validator('configSchema');
      if (validate(parsed.data)) {
        attributes = parsed.data as Record<string, ParameterSpec>;
        for (const [name, spec] of Object.entries(attributes)) {
          for (const p of unknownNestedKeys(spec)) result.warnings.push(detailAt(parsed.source, parsed.data, [name, ...p], 'is not a JSON schema keyword and is ignored', 'key'));
        }
      } else result.errors.push(...schemaDetails(validate.errors, parsed.data, parsed.source));
    }
    if (!attributes) return;
    result.configSchema = attributes;
  }
  if (existsSync(path.join(ctx.path, 'config.yaml'))) {
    result.warnings.push({ file: 'config.yaml', message: `config.yaml in the pack root is not read; put the values in configs/${ctx.ref}.yaml` });
  }
  const { config, errors, warnings } = loadPackConfig(ctx.ref, ctx.path, attributes, configsDir, ctx.schemas);
  result.config = config;
  result.errors.push(...errors);
  result.warnings.push(...warnings);
}
