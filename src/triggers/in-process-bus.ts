import type { TriggerInstance } from '../model/index.js';
import type { Logger } from '../util/logger.js';
import type { TriggerBus, TriggerHandler } from './trigger-bus.js';

/**
 * The in-process TriggerBus: instances are queued and handed to subscribers on a later tick, in
 * publish order, so that publishing never runs rule evaluation inside the publisher's stack
 * (a sensor, a webhook handler or an execution finishing).
 */
export class InProcessTriggerBus implements TriggerBus {
  readonly #handlers = new Set<TriggerHandler>();
  readonly #queue: TriggerInstance[] = [];
  readonly #logger: Logger;
  #draining: Promise<void> | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  publish(instance: TriggerInstance): void {
    this.#queue.push(instance);
    if (!this.#draining) this.#draining = this.#pump();
  }

  subscribe(handler: TriggerHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  async drain(): Promise<void> {
    if (!this.#draining) return;
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  async #pump(): Promise<void> {
    // Batches of synchronous handler calls; a yield between batches keeps I/O moving under load.
    await Promise.resolve();
    let sinceYield = 0;
    while (this.#queue.length > 0) {
      const instance = this.#queue.shift()!;
      for (const handler of this.#handlers) {
        try {
          const maybe = handler(instance);
          if (maybe && typeof (maybe as Promise<void>).then === 'function') await maybe;
        } catch (err) {
          this.#logger.error('trigger handler failed', { trigger: instance.trigger, trigger_instance_id: instance.id, error: (err as Error).message });
        }
      }
      if (++sinceYield >= 256) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
      }
    }
    this.#draining = undefined;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}
