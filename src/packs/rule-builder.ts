import type { CriterionSpec, Params, RuleMeta } from '../model/index.js';
import type { ContentFile, PackContext } from './content-file.js';
import { CRITERIA_OPERATOR_NAMES, SEARCH_CONDITIONS } from './schemas/index.js';
import { schemaDetails } from './schema-errors.js';

/**
 * Builds a RuleMeta from a schema-valid `rules/*.yaml`. Checks what StackStorm checks when it
 * registers a rule: every criterion names a known operator (`search` also a valid condition and a
 * map of child criteria), refs look like `pack.name`, and the trigger parameters fit the trigger
 * type's parameters schema when the type is one this pack can see (built-in or its own).
 */
export function buildRule(f: ContentFile, ctx: PackContext): RuleMeta | undefined {
  const pack = f.checkPack(ctx);
  const name = f.string('name')!;
  const trigger = f.object('trigger');
  const action = f.object('action');
  const criteria = f.object('criteria') as Record<string, CriterionSpec>;

  const triggerType = trigger.type as string;
  if (!triggerType.includes('.')) f.error(['trigger', 'type'], `"${triggerType}" is not a trigger type ref of the form pack.name`);
  const actionRef = action.ref as string;
  if (!actionRef.includes('.')) f.error(['action', 'ref'], `"${actionRef}" is not an action ref of the form pack.name`);

  for (const [key, criterion] of Object.entries(criteria)) checkCriterion(f, ['criteria', key], criterion);
  checkTriggerParameters(f, ctx, triggerType, trigger.parameters ?? {});
  if (!f.ok) return undefined;

  const data = f.data;
  const type = (data.type as { ref?: string } | undefined)?.ref === 'backstop' ? 'backstop' : 'standard';
  return {
    ref: `${pack}.${name}`,
    pack,
    name,
    ...(typeof data.description === 'string' ? { description: data.description } : {}),
    // StackStorm's RuleAPI defaults `enabled` to false.
    enabled: data.enabled === true,
    trigger: {
      type: triggerType,
      parameters: (trigger.parameters as Params | undefined) ?? {},
      ...(typeof trigger.description === 'string' ? { description: trigger.description } : {}),
    },
    criteria,
    action: {
      ref: actionRef,
      parameters: (action.parameters as Params | undefined) ?? {},
      ...(typeof action.description === 'string' ? { description: action.description } : {}),
    },
    type,
    ...(data.context ? { context: data.context as Params } : {}),
    ...(Array.isArray(data.tags) ? { tags: data.tags as Params[] } : {}),
    source: f.location(),
  };
}

function checkCriterion(f: ContentFile, at: string[], criterion: CriterionSpec): void {
  const operator = String(criterion.type).toLowerCase();
  if (!CRITERIA_OPERATOR_NAMES.has(operator)) {
    f.error([...at, 'type'], `unknown criteria operator "${String(criterion.type)}"`);
    return;
  }
  if (operator !== 'search') return;
  const conditions: readonly string[] = SEARCH_CONDITIONS;
  if (criterion.condition === undefined) f.error(at, `the search operator needs a condition (${conditions.join(', ')})`);
  else if (!conditions.includes(criterion.condition)) f.error([...at, 'condition'], `must be one of ${conditions.join(', ')}`);
  const pattern = criterion.pattern;
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern)) {
    f.error([...at, 'pattern'], 'the search operator needs a pattern that maps item fields to criteria');
    return;
  }
  for (const [key, child] of Object.entries(pattern as Record<string, unknown>)) {
    if (child === null || typeof child !== 'object' || typeof (child as CriterionSpec).type !== 'string') {
      f.error([...at, 'pattern', key], 'must be a criterion with a type (operator)');
    } else {
      checkCriterion(f, [...at, 'pattern', key], child as CriterionSpec);
    }
  }
}

function checkTriggerParameters(f: ContentFile, ctx: PackContext, triggerType: string, parameters: unknown): void {
  const type = ctx.triggerTypes.get(triggerType);
  // A trigger type whose schema does not compile was already reported where it was declared.
  if (!type?.parameters_schema || ctx.schemas.schemaProblem(type.parameters_schema)) return;
  const result = ctx.schemas.validateOnce(type.parameters_schema, parameters);
  if (!result.valid) f.errors.push(...schemaDetails(result.errors, f.data, f.source, ['trigger', 'parameters']));
}
