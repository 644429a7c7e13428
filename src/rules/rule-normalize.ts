import { SquallError, errorMessage, type ErrorDetail } from '../errors/index.js';
import type { CriterionSpec, Params, RuleMeta, SourceLocation } from '../model/index.js';
import { findOperator } from './operators.js';
import { parsePayloadPath } from './payload-path.js';

/**
 * A raw rule (as parsed from YAML or sent by the rule tester) turned into a RuleMeta, with the
 * checks StackStorm makes when it registers a rule: required fields, known operators, integral
 * timediff periods. Every problem is reported at once. The pack loader also checks its JSON Schema;
 * this stays small and self-contained so that tools can use it on a single rule.
 */

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python `int(pattern)` succeeds: integers, bools, floats, and strings of an integer. */
function intConvertible(pattern: unknown): boolean {
  if (typeof pattern === 'number') return Number.isFinite(pattern);
  if (typeof pattern === 'boolean') return true;
  return typeof pattern === 'string' && /^\s*[+-]?\d(?:_?\d)*\s*$/.test(pattern);
}

function checkCriteria(criteria: Record<string, unknown>, at: string, problems: ErrorDetail[]): void {
  for (const [key, raw] of Object.entries(criteria)) {
    const field = `${at}.${key}`;
    try {
      parsePayloadPath(key);
    } catch (err) {
      problems.push({ field, message: errorMessage(err).replace(/^criteria key "[^"]*": /, 'bad key: ') });
    }
    if (!isObject(raw)) {
      problems.push({ field, message: 'must be an object with "type" (an operator) and "pattern"' });
      continue;
    }
    const spec = raw as CriterionSpec;
    if (spec.type === undefined) {
      problems.push({ field: `${field}.type`, message: 'operator not specified' });
      continue;
    }
    const op = findOperator(spec.type);
    if (!op) {
      problems.push({ field: `${field}.type`, message: `unknown operator "${String(spec.type)}"` });
      continue;
    }
    if ((op.name === 'timediff_lt' || op.name === 'timediff_gt') && spec.pattern !== undefined && spec.pattern !== null && !intConvertible(spec.pattern)) {
      problems.push({ field: `${field}.pattern`, message: 'must be an integer number of seconds' });
    }
    if (op.name === 'search') {
      if (!isObject(spec.pattern)) problems.push({ field: `${field}.pattern`, message: 'search needs a map of item criteria (keys like item.name)' });
      else checkCriteria(spec.pattern, `${field}.pattern`, problems);
    }
  }
}

function optionalString(raw: Record<string, unknown>, name: string, field: string, problems: ErrorDetail[]): string | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') problems.push({ field, message: 'must be a string' });
  return typeof v === 'string' ? v : undefined;
}

function requiredString(raw: Record<string, unknown>, name: string, field: string, problems: ErrorDetail[]): string {
  const v = raw[name];
  if (typeof v !== 'string' || v.trim() === '') {
    problems.push({ field, message: v === undefined ? 'is required' : 'must be a non-empty string' });
    return '';
  }
  return v;
}

function optionalObject(raw: Record<string, unknown>, name: string, field: string, problems: ErrorDetail[]): Params {
  const v = raw[name];
  if (v === undefined || v === null) return {};
  if (!isObject(v)) {
    problems.push({ field, message: 'must be an object' });
    return {};
  }
  return v;
}

/**
 * Validates and normalises a raw rule. `pack` is the pack it belongs to (a `pack` field that names
 * another pack is an error); without either the pack is `default`. Throws SquallError RULE_INVALID
 * with one detail per bad field.
 */
export function normalizeRule(raw: unknown, pack?: string, source?: SourceLocation): RuleMeta {
  const problems: ErrorDetail[] = [];
  const file = source?.file;
  if (!isObject(raw)) {
    throw new SquallError('RULE_INVALID', 'a rule must be an object', { details: [{ ...(file ? { file } : {}), message: 'a rule must be an object' }] });
  }
  const name = requiredString(raw, 'name', 'name', problems);
  const declaredPack = optionalString(raw, 'pack', 'pack', problems);
  if (pack && declaredPack && declaredPack !== pack) problems.push({ field: 'pack', message: `rule is in pack "${pack}" but its "pack" field says "${declaredPack}"` });
  const rulePack = pack ?? declaredPack ?? 'default';
  const description = optionalString(raw, 'description', 'description', problems);
  if (raw.enabled !== undefined && typeof raw.enabled !== 'boolean') problems.push({ field: 'enabled', message: 'must be true or false' });

  const trigger = isObject(raw.trigger) ? raw.trigger : {};
  if (!isObject(raw.trigger)) problems.push({ field: 'trigger', message: raw.trigger === undefined ? 'is required' : 'must be an object with "type"' });
  else requiredString(trigger, 'type', 'trigger.type', problems);
  const triggerParams = optionalObject(trigger, 'parameters', 'trigger.parameters', problems);

  const action = isObject(raw.action) ? raw.action : {};
  if (!isObject(raw.action)) problems.push({ field: 'action', message: raw.action === undefined ? 'is required' : 'must be an object with "ref"' });
  else requiredString(action, 'ref', 'action.ref', problems);
  const actionParams = optionalObject(action, 'parameters', 'action.parameters', problems);

  const criteria = optionalObject(raw, 'criteria', 'criteria', problems);
  checkCriteria(criteria, 'criteria', problems);

  let type: RuleMeta['type'] = 'standard';
  const rawType = isObject(raw.type) ? raw.type.ref : raw.type;
  if (rawType === 'backstop') type = 'backstop';
  else if (rawType !== undefined && rawType !== null && rawType !== 'standard') problems.push({ field: 'type.ref', message: 'must be "standard" or "backstop"' });
  if (raw.context !== undefined && !isObject(raw.context)) problems.push({ field: 'context', message: 'must be an object' });
  if (raw.tags !== undefined && (!Array.isArray(raw.tags) || !raw.tags.every(isObject))) problems.push({ field: 'tags', message: 'must be a list of objects' });

  if (problems.length > 0) {
    const details = problems.map((p) => (file ? { file, ...p } : p));
    throw new SquallError('RULE_INVALID', `rule ${name ? `"${name}" ` : ''}is invalid: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`, { details });
  }
  const triggerDescription = trigger.description;
  const actionDescription = action.description;
  return {
    ref: `${rulePack}.${name}`,
    pack: rulePack,
    name,
    ...(description !== undefined ? { description } : {}),
    // StackStorm's RuleAPI defaults `enabled` to false.
    enabled: raw.enabled === true,
    trigger: {
      type: trigger.type as string,
      parameters: triggerParams,
      ...(typeof triggerDescription === 'string' ? { description: triggerDescription } : {}),
    },
    criteria: criteria as Record<string, CriterionSpec>,
    action: {
      ref: action.ref as string,
      parameters: actionParams,
      ...(typeof actionDescription === 'string' ? { description: actionDescription } : {}),
    },
    type,
    ...(isObject(raw.context) ? { context: raw.context } : {}),
    ...(Array.isArray(raw.tags) ? { tags: raw.tags as Params[] } : {}),
    ...(source ? { source } : {}),
  };
}
