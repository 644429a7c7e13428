import type { NodejsActionContext } from '../../../src/actions/runners/nodejs.js';

/**
 * core.inject_trigger: dispatches a trigger instance, as if a sensor had emitted it.
 * `trigger_name` wins over the older `trigger`. Returns what was dispatched.
 */
export async function run(params: Record<string, unknown>, context: NodejsActionContext): Promise<{ trigger: string; payload: Record<string, unknown> }> {
  const trigger = [params.trigger_name, params.trigger].find((t): t is string => typeof t === 'string' && t !== '');
  if (!trigger) throw new Error('trigger_name (or the older trigger) is required');
  const payload = params.payload ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('payload must be an object');
  const traceTag = typeof params.trace_tag === 'string' && params.trace_tag !== '' ? params.trace_tag : undefined;
  context.dispatchTrigger(trigger, payload as Record<string, unknown>, traceTag);
  return { trigger, payload: payload as Record<string, unknown> };
}
