import { PARAMETERS_MAP_SCHEMA } from './parameter.js';

const notifySubSection = {
  type: 'object',
  properties: {
    message: { type: 'string' },
    data: { type: 'object' },
    routes: { type: 'array', items: { type: 'string' } },
    // deprecated StackStorm spelling of routes, still accepted
    channels: { type: 'array', items: { type: 'string' } },
  },
  additionalProperties: false,
} as const;

/** `actions/*.yaml` (StackStorm's ActionAPI). Parameters follow the action parameter meta-schema. */
export const ACTION_SCHEMA = {
  type: 'object',
  required: ['name', 'runner_type'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    enabled: { type: 'boolean' },
    runner_type: { type: 'string', minLength: 1 },
    entry_point: { type: 'string' },
    pack: { type: 'string' },
    parameters: PARAMETERS_MAP_SCHEMA,
    output_schema: { type: 'object' },
    tags: { type: 'array', items: { type: 'object' } },
    notify: {
      type: 'object',
      properties: { 'on-complete': notifySubSection, 'on-success': notifySubSection, 'on-failure': notifySubSection },
      additionalProperties: false,
    },
    metadata_file: { type: 'string' },
  },
  additionalProperties: false,
} as const;
