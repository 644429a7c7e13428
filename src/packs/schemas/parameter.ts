/**
 * StackStorm's action parameter meta-schema (`st2common/util/schema/action_params.json`): a
 * draft-4 schema with st2's own keys (`required` as a boolean, `secret`, `immutable`, `position`)
 * and no other keys allowed. It describes parameter specs, so it validates them as data.
 * Written with `if`/`then` instead of `anyOf` so each mistake yields one precise error.
 */

/** Parameter names: word characters only, as StackStorm requires. */
export const PARAMETER_NAME_PATTERN = '^\\w+$';

export const SIMPLE_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] as const;

const nonNegativeInteger = { type: 'integer', minimum: 0 } as const;

export const PARAMETER_SCHEMA_ID = 'squall:action-parameter';
/** Schemas nested inside a parameter (`properties`, `items`, ...). */
export const NESTED_SCHEMA_ID = 'squall:action-parameter-nested';

// The keywords a parameter spec may use; `sub` is the schema nested specs are checked against.
function keywords(sub: string) {
  const schemaRef = { $ref: sub };
  const schemaArray = { type: 'array', minItems: 1, items: schemaRef };
  const schemaMap = { type: 'object', additionalProperties: schemaRef };
  const booleanOrSchema = { type: ['boolean', 'object'], if: { type: 'object' }, then: schemaRef };
  return {
    id: { type: 'string' },
    $schema: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    default: {},
    multipleOf: { type: 'number', exclusiveMinimum: 0 },
    maximum: { type: 'number' },
    // draft-4 spelling: a boolean that modifies maximum/minimum
    exclusiveMaximum: { type: 'boolean' },
    minimum: { type: 'number' },
    exclusiveMinimum: { type: 'boolean' },
    maxLength: nonNegativeInteger,
    minLength: nonNegativeInteger,
    pattern: { type: 'string', format: 'regex' },
    // StackStorm's meta-schema lacks `format`; packs use it for strings and the validators honour it.
    format: { type: 'string' },
    additionalItems: booleanOrSchema,
    items: { type: ['object', 'array'], if: { type: 'array' }, then: schemaArray, else: schemaRef },
    maxItems: nonNegativeInteger,
    minItems: nonNegativeInteger,
    uniqueItems: { type: 'boolean' },
    maxProperties: nonNegativeInteger,
    minProperties: nonNegativeInteger,
    required: { type: 'boolean' },
    secret: { type: 'boolean' },
    additionalProperties: booleanOrSchema,
    definitions: schemaMap,
    properties: schemaMap,
    patternProperties: schemaMap,
    dependencies: {
      type: 'object',
      additionalProperties: {
        type: ['object', 'array'],
        if: { type: 'array' },
        then: { items: { type: 'string' }, minItems: 1, uniqueItems: true },
        else: schemaRef,
      },
    },
    enum: { type: 'array', minItems: 1, uniqueItems: true },
    type: { enum: [...SIMPLE_TYPES] },
    position: { type: 'number', minimum: 0 },
    immutable: { type: 'boolean' },
    allOf: schemaArray,
    anyOf: schemaArray,
    oneOf: schemaArray,
    not: schemaRef,
  };
}

/** Every keyword a parameter spec (or a schema nested in one) may use. */
export const PARAMETER_KEYWORDS: ReadonlySet<string> = new Set(Object.keys(keywords('')));

/** A top-level parameter spec: only the known keywords. */
export const PARAMETER_SCHEMA = {
  $id: PARAMETER_SCHEMA_ID,
  type: 'object',
  properties: keywords(NESTED_SCHEMA_ID),
  dependencies: { exclusiveMaximum: ['maximum'], exclusiveMinimum: ['minimum'] },
  additionalProperties: false,
};

/**
 * A schema nested in a parameter. StackStorm's meta-schema sends nested schemas to the plain
 * draft-4 meta-schema (its `$ref: "#"` resolves against the draft-4 id), so unknown keys pass there
 * and `required` may be a list; the loader reports unknown keys as warnings instead.
 */
export const NESTED_SCHEMA = {
  $id: NESTED_SCHEMA_ID,
  type: 'object',
  properties: { ...keywords(NESTED_SCHEMA_ID), required: { type: ['boolean', 'array'], items: { type: 'string' } } },
};

/**
 * Keys nested anywhere inside `spec` (not at its top level) that are not schema keywords, as
 * paths relative to `spec`: probable typos such as `item` for `items`.
 */
export function unknownNestedKeys(spec: unknown, at: (string | number)[] = [], nested = false): (string | number)[][] {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return [];
  const out: (string | number)[][] = [];
  const s = spec as Record<string, unknown>;
  for (const [key, value] of Object.entries(s)) {
    if (nested && !PARAMETER_KEYWORDS.has(key)) out.push([...at, key]);
    if (['properties', 'patternProperties', 'definitions', 'dependencies'].includes(key) && value && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value)) out.push(...unknownNestedKeys(sub, [...at, key, name], true));
    } else if (['items', 'anyOf', 'oneOf', 'allOf'].includes(key) && Array.isArray(value)) {
      value.forEach((sub, i) => out.push(...unknownNestedKeys(sub, [...at, key, i], true)));
    } else if (['items', 'additionalProperties', 'additionalItems', 'not'].includes(key)) {
      out.push(...unknownNestedKeys(value, [...at, key], true));
    }
  }
  return out;
}

/** A map of parameter name → parameter spec, as `parameters:` in an action holds it. */
export const PARAMETERS_MAP_SCHEMA = {
  type: 'object',
  patternProperties: { [PARAMETER_NAME_PATTERN]: { $ref: PARAMETER_SCHEMA_ID } },
  additionalProperties: false,
} as const;
