/**
 * A trigger type (StackStorm's TriggerTypeAPI): in `triggers/*.yaml` and in a sensor's
 * `trigger_types` list. Registered as `<pack>.<name>`.
 */
export const TRIGGER_TYPE_SCHEMA = {
  type: 'object',
  required: ['name'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    pack: { type: 'string' },
    description: { type: 'string' },
    payload_schema: { type: 'object' },
    parameters_schema: { type: 'object' },
    tags: { type: 'array', items: { type: 'object' } },
    metadata_file: { type: 'string' },
  },
  additionalProperties: false,
} as const;
