import { isDeepStrictEqual } from 'node:util';
import type { ActionMeta, NotifySpec, ParameterSpec, Params } from '../model/index.js';
import type { ContentFile, PackContext } from './content-file.js';
import { runnerNeedsEntryPoint } from './runner-parameters.js';
import { unknownNestedKeys } from './schemas/index.js';

/** Attributes of a runner parameter an action may change (StackStorm's rule); anything else must stay equal. */
export const OVERRIDABLE_RUNNER_ATTRIBUTES: ReadonlySet<string> = new Set(['default', 'description', 'enum', 'immutable', 'required']);

/**
 * Builds an ActionMeta from a schema-valid `actions/*.yaml`, checking what StackStorm checks at
 * registration: the runner exists, the entry point file exists for runners that run one, runner
 * parameter overrides touch only overridable attributes, positions are unique and immutable
 * parameters have a default. Problems go to `f`; returns undefined when there was an error.
 */
export function buildAction(f: ContentFile, ctx: PackContext): ActionMeta | undefined {
  const pack = f.checkPack(ctx);
  const name = f.string('name')!;
  const runner = f.string('runner_type')!;
  const entryPoint = f.string('entry_point') ?? '';
  const parameters = f.object('parameters') as Record<string, ParameterSpec>;

  let runnerParams: Record<string, ParameterSpec> | undefined;
  if (!ctx.knownRunners.has(runner)) {
    f.error(['runner_type'], `unknown runner "${runner}" (known runners: ${[...ctx.knownRunners].sort().join(', ')})`);
  } else {
    runnerParams = ctx.runnerParameters(runner) ?? {};
    if (runnerNeedsEntryPoint(runner)) {
      if (entryPoint === '') f.error('entry_point' in f.data ? ['entry_point'] : ['runner_type'], `runner ${runner} needs an entry_point file`);
      else f.checkFileInPack(ctx, 'actions', entryPoint, 'entry_point');
    }
    checkParameters(f, parameters, runnerParams);
  }
  if (!f.ok) return undefined;

  const available = ctx.availableRunners.has(runner);
  const data = f.data;
  return {
    ref: `${pack}.${name}`,
    pack,
    name,
    runner_type: runner,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    enabled: data.enabled !== false,
    entry_point: entryPoint,
    parameters,
    ...(data.output_schema ? { output_schema: data.output_schema as Params } : {}),
    ...(data.notify ? { notify: data.notify as NotifySpec } : {}),
    ...(Array.isArray(data.tags) ? { tags: data.tags as Params[] } : {}),
    source: f.location(),
    pack_path: ctx.path,
    available,
    ...(available ? {} : { unavailable_reason: `runner ${runner} not available` }),
  };
}

function checkParameters(f: ContentFile, parameters: Record<string, ParameterSpec>, runnerParams: Record<string, ParameterSpec>): void {
  const positions = new Map<number, string>();
  for (const [name, spec] of Object.entries(parameters)) {
    const at = ['parameters', name];
    const runnerSpec = Object.hasOwn(runnerParams, name) ? runnerParams[name] : undefined;
    for (const p of unknownNestedKeys(spec)) f.warn([...at, ...p], 'is not a JSON schema keyword and is ignored', 'key');
    if (runnerSpec) {
      for (const [attr, value] of Object.entries(spec)) {
        if (OVERRIDABLE_RUNNER_ATTRIBUTES.has(attr) || isDeepStrictEqual(value, runnerSpec[attr])) continue;
        const runnerValue = runnerSpec[attr] === undefined ? 'the runner does not set it' : `the runner says ${JSON.stringify(runnerSpec[attr])}`;
        f.error([...at, attr], `cannot override "${attr}" of runner parameter "${name}" (${runnerValue}); only ${[...OVERRIDABLE_RUNNER_ATTRIBUTES].join(', ')} may change`, 'key');
      }
    }
    if (spec.position !== undefined) {
      const other = positions.get(spec.position);
      if (other !== undefined) f.error([...at, 'position'], `parameters ${other} and ${name} have the same position ${spec.position}; positions must be unique`);
      else positions.set(spec.position, name);
    }
    if (spec.immutable !== undefined) {
      if (runnerSpec?.immutable !== undefined) {
        f.error([...at, 'immutable'], `parameter ${name} is declared immutable by the runner and cannot be redeclared`, 'key');
      } else if (spec.immutable && !('default' in spec) && !(runnerSpec && 'default' in runnerSpec)) {
        f.error([...at, 'immutable'], `immutable parameter ${name} needs a default value`, 'key');
      }
    }
  }
}
