import type { TriggerInstance } from '../model/index.js';

export type TriggerHandler = (instance: TriggerInstance) => void | Promise<void>;

/**
 * Where trigger instances travel from sensors, webhooks, chat and executions to the rules engine.
 * One in-process implementation; a message-broker backend can replace it without touching callers.
 */
export interface TriggerBus {
  publish(instance: TriggerInstance): void;
  subscribe(handler: TriggerHandler): () => void;
  /** Resolves when every instance published so far has been handled. */
  drain(): Promise<void>;
}
