/**
 * `aliases/*.yaml` (StackStorm's ActionAliasAPI). A format is a plain string or an object with a
 * `display` text for help and the `representation` strings that are matched.
 */
const format = {
  type: ['string', 'object'],
  if: { type: 'object' },
  then: {
    properties: {
      display: { type: 'string' },
      representation: { type: 'array', items: { type: 'string' } },
      match_multiple: { type: 'boolean' },
    },
    additionalProperties: false,
  },
} as const;

export const ALIAS_SCHEMA = {
  type: 'object',
  required: ['name', 'action_ref'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    pack: { type: 'string' },
    description: { type: 'string' },
    enabled: { type: 'boolean' },
    action_ref: { type: 'string', minLength: 1 },
    formats: { type: 'array', items: format },
    ack: {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, format: { type: 'string' }, extra: { type: 'object' }, append_url: { type: 'boolean' } },
    },
    result: {
      type: 'object',
      properties: { enabled: { type: 'boolean' }, format: { type: 'string' }, extra: { type: 'object' } },
    },
    extra: { type: 'object' },
    immutable_parameters: { type: 'object' },
    metadata_file: { type: 'string' },
  },
  additionalProperties: false,
} as const;
