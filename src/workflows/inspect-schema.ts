import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The JSON Schema of an Orquesta (native, v1.0) workflow definition: the schemas of Orquesta's
 * spec classes (WorkflowSpec, TaskMappingSpec, TaskSpec, TaskTransitionSpec, ItemizedSpec,
 * TaskRetrySpec) merged into one document the way Orquesta merges them, so that the paths of its
 * errors (`properties.tasks.patternProperties.^\w+$.properties.next.items.properties.do.oneOf`)
 * are the paths Orquesta reports.
 */

const NONEMPTY_STRING = { type: 'string', minLength: 1 };
const UNIQUE_STRING_LIST = { type: 'array', items: NONEMPTY_STRING, uniqueItems: true, minItems: 1 };
const POSITIVE_INTEGER = { type: 'integer', minimum: 0 };
const POSITIVE_NUMBER = { type: 'number', minimum: 0 };
const ANY_NULLABLE = {
  anyOf: [{ type: 'null' }, { type: 'array' }, { type: 'boolean' }, { type: 'integer' }, { type: 'number' }, { type: 'object' }, { type: 'string' }],
};
const WORD_KEY = String.raw`^\w+$`;
const NONEMPTY_DICT = { type: 'object', minProperties: 1, patternProperties: { [WORD_KEY]: ANY_NULLABLE } };
const ONE_KEY_DICT = { type: 'object', minProperties: 1, maxProperties: 1, patternProperties: { [WORD_KEY]: ANY_NULLABLE } };
const STRING_OR_POSITIVE_INTEGER = { oneOf: [NONEMPTY_STRING, POSITIVE_INTEGER] };
const STRING_OR_ONE_KEY_DICT = { oneOf: [NONEMPTY_STRING, ONE_KEY_DICT] };
const UNIQUE_STRING_OR_ONE_KEY_DICT_LIST = { type: 'array', items: STRING_OR_ONE_KEY_DICT, uniqueItems: true, minItems: 1 };
const UNIQUE_ONE_KEY_DICT_LIST = { type: 'array', items: ONE_KEY_DICT, uniqueItems: true, minItems: 1 };

/** The statement patterns of YAQL and Jinja, joined as Orquesta joins them in the items pattern. */
const STATEMENTS = '<%.*?%>|{{.*?}}';

/** `x in <% ... %>`, `a, b in <% ... %>` or a bare expression, with optional spaces around. */
export const ITEMS_PATTERN = String.raw`^(\s+)?(${STATEMENTS})(\s+)?$|^(\s+)?((\w+,\s?|\s+)+)?(\w+)\s+in\s+(${STATEMENTS})(\s+)?$`;

const TRANSITION = {
  type: 'object',
  properties: {
    when: NONEMPTY_STRING,
    publish: { oneOf: [NONEMPTY_STRING, UNIQUE_ONE_KEY_DICT_LIST] },
    do: { oneOf: [NONEMPTY_STRING, UNIQUE_STRING_LIST] },
  },
  additionalProperties: false,
};

const ITEMS = {
  type: 'object',
  properties: {
    items: { type: 'string', minLength: 1, pattern: ITEMS_PATTERN },
    concurrency: STRING_OR_POSITIVE_INTEGER,
  },
  additionalProperties: false,
};

const RETRY = {
  type: 'object',
  properties: { when: NONEMPTY_STRING, count: STRING_OR_POSITIVE_INTEGER, delay: STRING_OR_POSITIVE_INTEGER },
  required: ['count'],
  additionalProperties: false,
};

const TASK = {
  type: 'object',
  properties: {
    delay: STRING_OR_POSITIVE_INTEGER,
    join: { oneOf: [{ enum: ['all'] }, POSITIVE_INTEGER] },
    with: ITEMS,
    action: NONEMPTY_STRING,
    input: { oneOf: [NONEMPTY_STRING, NONEMPTY_DICT] },
    retry: RETRY,
    next: { type: 'array', items: TRANSITION },
  },
  additionalProperties: false,
};

/** How Python writes the allowed versions in an enum error (`1.0` is a float there). */
export const VERSION_ENUM_REPR = "['1.0', 1.0]";

/** The whole workflow schema (Orquesta's meta schema merged in: name, version, description, tags). */
export const WORKFLOW_SCHEMA = {
  type: 'object',
  properties: {
    name: NONEMPTY_STRING,
    version: { anyOf: [NONEMPTY_STRING, POSITIVE_INTEGER, POSITIVE_NUMBER], enum: ['1.0', 1] },
    description: NONEMPTY_STRING,
    tags: UNIQUE_STRING_LIST,
    vars: UNIQUE_ONE_KEY_DICT_LIST,
    input: UNIQUE_STRING_OR_ONE_KEY_DICT_LIST,
    output: UNIQUE_ONE_KEY_DICT_LIST,
    tasks: {
      type: 'object',
      minProperties: 1,
      patternProperties: { [WORD_KEY]: TASK },
      // Orquesta silently skips task names that are not words (and then fails on them later);
      // naming them here is the one place this schema is stricter than Orquesta's.
      additionalProperties: false,
    },
  },
  required: ['tasks'],
  additionalProperties: false,
} as const;

let compiled: ValidateFunction | undefined;

/** The compiled validator (built on first use, shared: it holds no state between calls). */
export function workflowValidator(): ValidateFunction {
  // Orquesta's patterns are Python regexes with bare `{{`: compile them without the `u` flag.
  compiled ??= new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, verbose: true }).compile(WORKFLOW_SCHEMA);
  return compiled;
}
