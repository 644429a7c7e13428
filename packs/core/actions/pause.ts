import { setTimeout as sleep } from 'node:timers/promises';
import type { NodejsActionContext } from '../../../src/actions/runners/nodejs.js';

/**
 * core.pause: waits `max_pause` seconds, or a random whole number of seconds up to it when
 * `random` is set. Stops early (and fails) when the execution is canceled or times out.
 * Like StackStorm's pause.py it returns nothing.
 */
export async function run(params: Record<string, unknown>, context: NodejsActionContext): Promise<void> {
  const max = params.max_pause;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) throw new Error('max_pause must be a whole number of seconds, 0 or more');
  const seconds = params.random === true ? Math.floor(Math.random() * (max + 1)) : max;
  context.logger.debug('pausing', { seconds });
  await sleep(seconds * 1000, undefined, { signal: context.signal });
}
