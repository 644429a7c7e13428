import { TRIGGER_TYPE_SCHEMA } from './trigger-type.js';

/** `sensors/*.yaml` (StackStorm's SensorTypeAPI); each entry of `trigger_types` is a trigger type. */
export const SENSOR_SCHEMA = {
  type: 'object',
  required: ['class_name', 'entry_point'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string' },
    name: { type: 'string' },
    pack: { type: 'string' },
    class_name: { type: 'string', minLength: 1 },
    entry_point: { type: 'string', minLength: 1 },
    artifact_uri: { type: 'string' },
    description: { type: 'string' },
    enabled: { type: 'boolean' },
    poll_interval: { type: 'number', exclusiveMinimum: 0 },
    trigger_types: { type: 'array', items: TRIGGER_TYPE_SCHEMA },
    metadata_file: { type: 'string' },
  },
  additionalProperties: false,
} as const;
