/**
 * `rules/*.yaml` (StackStorm's RuleAPI). Criteria keys are payload paths; each entry names an
 * operator (`type`, case-insensitive) and usually a `pattern`.
 */

/** Every criteria operator name and short alias StackStorm accepts (reference §5), lower case. */
export const CRITERIA_OPERATOR_NAMES: ReadonlySet<string> = new Set([
  'equals', 'eq', 'nequals', 'neq', 'iequals', 'ieq',
  'contains', 'icontains', 'ncontains', 'incontains',
  'startswith', 'istartswith', 'endswith', 'iendswith',
  'lessthan', 'lt', 'greaterthan', 'gt',
  'matchwildcard', 'regex', 'iregex', 'matchregex',
  'timediff_lt', 'td_lt', 'timediff_gt', 'td_gt',
  'exists', 'nexists', 'inside', 'in', 'ninside', 'nin',
  'search',
]);

/** Conditions of the `search` operator. */
export const SEARCH_CONDITIONS = ['any', 'all', 'all2any', 'any2any'] as const;

export const RULE_SCHEMA = {
  type: 'object',
  required: ['name', 'trigger', 'action'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    pack: { type: 'string' },
    description: { type: 'string' },
    enabled: { type: 'boolean' },
    type: {
      type: 'object',
      properties: { ref: { enum: ['standard', 'backstop'] }, parameters: { type: 'object' } },
      additionalProperties: false,
    },
    trigger: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { type: 'string', minLength: 1 },
        ref: { type: 'string' },
        parameters: { type: 'object' },
        description: { type: 'string' },
      },
      additionalProperties: false,
    },
    criteria: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string' }, pattern: {}, condition: { type: 'string' } },
        additionalProperties: false,
      },
    },
    action: {
      type: 'object',
      required: ['ref'],
      properties: {
        ref: { type: 'string', minLength: 1 },
        parameters: { type: 'object' },
        description: { type: 'string' },
      },
      additionalProperties: false,
    },
    context: { type: 'object' },
    tags: { type: 'array', items: { type: 'object' } },
    metadata_file: { type: 'string' },
  },
  additionalProperties: false,
} as const;
