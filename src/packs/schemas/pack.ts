/**
 * `pack.yaml` (StackStorm's PackAPI). The pack's ref is `ref` when given, else `name`; either way
 * it must match PACK_REF_PATTERN. Versions written as numbers (`0.2`) are normalised to strings
 * (`0.2.0`) before validation, as StackStorm does.
 */

/** What a pack ref may look like (StackStorm's PACK_REF_WHITELIST_REGEX). */
export const PACK_REF_PATTERN = '^[a-z0-9_]+$';

/** Semantic versions, as StackStorm's PACK_VERSION_REGEX. */
export const PACK_VERSION_PATTERN =
  '^(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-[\\da-z\\-]+(?:\\.[\\da-z\\-]+)*)?(?:\\+[\\da-z\\-]+(?:\\.[\\da-z\\-]+)*)?$';

const stringList = { type: 'array', items: { type: 'string' } } as const;

export const PACK_SCHEMA = {
  type: 'object',
  required: ['name', 'description', 'version', 'author'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string', pattern: PACK_REF_PATTERN },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    keywords: stringList,
    version: { type: 'string', pattern: PACK_VERSION_PATTERN },
    stackstorm_version: { type: 'string' },
    python_versions: { type: 'array', items: { enum: ['2', '3'] } },
    author: { type: 'string' },
    email: { type: 'string', format: 'email' },
    contributors: stringList,
    files: stringList,
    path: { type: 'string' },
    dependencies: stringList,
    system: { type: 'object' },
  },
  additionalProperties: false,
} as const;
