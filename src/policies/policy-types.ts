import type { Params } from '../model/index.js';

/**
 * StackStorm's policy types and their parameter schemas, as one table. `action.concurrency.attr`
 * is the same concurrency policy counted per distinct values of the named parameters.
 */
export const POLICY_TYPES = {
  'action.concurrency': {
    description: 'Limits the number of concurrent executions of an action; excess executions are delayed or canceled.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['threshold'],
      properties: { threshold: { type: 'integer', minimum: 0 }, action: { enum: ['delay', 'cancel'], default: 'delay' } },
    },
  },
  'action.concurrency.attr': {
    description: 'Limits concurrent executions of an action per distinct values of some parameters.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['threshold'],
      properties: {
        threshold: { type: 'integer', minimum: 0 },
        action: { enum: ['delay', 'cancel'], default: 'delay' },
        attributes: { type: 'array', items: { type: 'string' } },
      },
    },
  },
  'action.retry': {
    description: 'Re-runs an execution that failed or timed out, as a new execution with the same parameters.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['retry_on'],
      properties: {
        retry_on: { enum: ['failure', 'timeout'] },
        max_retry_count: { type: 'integer', minimum: 0, maximum: 5, default: 2 },
        delay: { type: 'number', minimum: 0, maximum: 120, default: 0 },
      },
    },
  },
} as const satisfies Record<string, { description: string; schema: Params }>;

export type PolicyTypeName = keyof typeof POLICY_TYPES;

export function isPolicyType(name: string): name is PolicyTypeName {
  return Object.hasOwn(POLICY_TYPES, name);
}
