import type { TriggerTypeMeta } from '../model/index.js';

const object = { type: 'object' } as const;
const timerPayload = { type: 'object', properties: { executed_at: { type: 'string' }, schedule: {} } } as const;
const timezone = { type: 'string' } as const;
const cronField = { anyOf: [{ type: 'integer' }, { type: 'string' }] } as const;

function core(name: string, description: string, parameters_schema?: object, payload_schema?: object): TriggerTypeMeta {
  return {
    ref: `core.${name}`,
    pack: 'core',
    name,
    description,
    ...(parameters_schema ? { parameters_schema: parameters_schema as Record<string, unknown> } : {}),
    ...(payload_schema ? { payload_schema: payload_schema as Record<string, unknown> } : {}),
  };
}

/** StackStorm's built-in `core.st2.*` trigger types, with their parameter and payload schemas. */
export const BUILTIN_TRIGGER_TYPES: readonly TriggerTypeMeta[] = [
  core(
    'st2.webhook',
    'Trigger type for registering webhooks that can consume arbitrary payload.',
    { type: 'object', properties: { url: { type: 'string' } }, required: ['url'], additionalProperties: false },
    { type: 'object', properties: { headers: object, headers_lower: object, body: { anyOf: [object, { type: 'array' }] } } },
  ),
  core(
    'st2.IntervalTimer',
    'Triggers on specified intervals. e.g. every 30s, 1week etc.',
    {
      type: 'object',
      properties: { unit: { enum: ['weeks', 'days', 'hours', 'minutes', 'seconds'] }, delta: { type: 'integer' }, timezone },
      required: ['unit', 'delta'],
      additionalProperties: false,
    },
    timerPayload,
  ),
  core(
    'st2.DateTimer',
    'Triggers exactly once when the current time matches the specified time.',
    { type: 'object', properties: { date: { type: 'string', format: 'date-time' }, timezone }, required: ['date'], additionalProperties: false },
    timerPayload,
  ),
  core(
    'st2.CronTimer',
    'Triggers whenever current time matches the specified time constaints like a UNIX cron scheduler.',
    {
      type: 'object',
      properties: {
        timezone,
        year: cronField,
        month: cronField,
        day: cronField,
        week: cronField,
        day_of_week: cronField,
        hour: cronField,
        minute: cronField,
        second: cronField,
      },
      additionalProperties: false,
    },
    timerPayload,
  ),
  core('st2.generic.actiontrigger', 'Trigger encapsulating the completion of an action execution.', undefined, {
    type: 'object',
    properties: {
      execution_id: { type: 'string' },
      status: { type: 'string' },
      start_timestamp: { type: 'string' },
      action_name: { type: 'string' },
      action_ref: { type: 'string' },
      runner_ref: { type: 'string' },
      parameters: object,
      result: {},
    },
  }),
  core('st2.generic.notifytrigger', 'Notification trigger.', undefined, {
    type: 'object',
    properties: {
      execution_id: { type: 'string' },
      status: { type: 'string' },
      start_timestamp: { type: 'string' },
      end_timestamp: { type: 'string' },
      action_ref: { type: 'string' },
      runner_ref: { type: 'string' },
      channel: { type: 'string' },
      route: { type: 'string' },
      message: { type: 'string' },
      data: object,
    },
  }),
  core('st2.action.file_written', 'Trigger encapsulating action file being written on disk.', undefined, {
    type: 'object',
    properties: { ref: { type: 'string' }, file_path: { type: 'string' }, host_info: object },
  }),
  core('st2.generic.inquiry', 'Trigger indicating a new "inquiry" has entered "pending" status', undefined, {
    type: 'object',
    properties: { id: { type: 'string' }, route: { type: 'string' } },
  }),
  core('st2.sensor.process_spawn', 'Trigger indicating sensor process is started up.', undefined, object),
  core('st2.sensor.process_exit', 'Trigger indicating sensor process is stopped.', undefined, object),
  core('st2.key_value_pair.create', 'Trigger encapsulating datastore item creation.', undefined, object),
  core('st2.key_value_pair.update', 'Trigger encapsulating datastore set action.', undefined, object),
  core('st2.key_value_pair.delete', 'Trigger encapsulating datastore item deletion.', undefined, object),
  core('st2.key_value_pair.value_change', 'Trigger encapsulating a change of datastore item value.', undefined, {
    type: 'object',
    properties: { old_object: object, new_object: object },
  }),
];
