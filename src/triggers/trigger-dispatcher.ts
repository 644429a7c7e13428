import { SquallError } from '../errors/index.js';
import type { Collection, Store } from '../store/store.js';
import type { Params, TriggerInstance } from '../model/index.js';
import type { Clock } from '../util/clock.js';
import { newId } from '../util/ids.js';
import type { TriggerBus } from './trigger-bus.js';
import type { TriggerTypeRegistry } from './trigger-type-registry.js';
import { RetainedCollection } from '../store/retained-collection.js';

export interface DispatchOptions {
  /** Parameters of the trigger (a webhook's url): rules whose trigger.parameters equal these see the instance. */
  triggerParameters?: Params;
  traceTag?: string;
  /** Skip payload validation (StackStorm's `validate_trigger_payload = False`). */
  skipValidation?: boolean;
}

/**
 * The one way an event becomes a trigger instance: validate the payload against the trigger type,
 * store the instance (bounded history), publish it on the bus.
 */
export class TriggerDispatcher {
  readonly #types: TriggerTypeRegistry;
  readonly #bus: TriggerBus;
  readonly #clock: Clock;
  readonly #instances: RetainedCollection<TriggerInstance>;

  constructor(deps: { types: TriggerTypeRegistry; bus: TriggerBus; store: Store; clock: Clock; retention: number }) {
    this.#types = deps.types;
    this.#bus = deps.bus;
    this.#clock = deps.clock;
    this.#instances = new RetainedCollection(deps.store.collection<TriggerInstance>('trigger_instances'), deps.retention);
  }

  /** Validates, stores and publishes. Throws TRIGGER_TYPE_UNKNOWN / TRIGGER_PAYLOAD_INVALID on bad input. */
  dispatch(trigger: string, given: Params = {}, options: DispatchOptions = {}): TriggerInstance {
    // The bus delivers on a later tick: a copy keeps a sender that reuses or changes its object
    // afterwards from changing what was validated, stored and matched.
    const payload = copyPayload(trigger, given);
    if (!options.skipValidation) this.#types.validatePayload(trigger, payload);
    else if (!this.#types.has(trigger)) this.#types.validatePayload(trigger, payload);
    const now = this.#clock.now();
    const instance: TriggerInstance = {
      id: newId(now),
      trigger,
      payload,
      occurrence_time: new Date(now).toISOString(),
      status: 'pending',
      ...(options.triggerParameters ? { trigger_parameters: structuredClone(options.triggerParameters) } : {}),
      ...(options.traceTag ? { trace_tag: options.traceTag } : {}),
    };
    this.#instances.put(instance);
    this.#bus.publish(instance);
    return instance;
  }

  /** Records what became of an instance once the rules engine has processed it. */
  markProcessed(instance: TriggerInstance, failed: boolean): void {
    const status = failed ? 'processing_failed' : 'processed';
    if (instance.status === status) return;
    instance.status = status;
    this.#instances.update(instance);
  }

  get(id: string): TriggerInstance | undefined {
    return this.#instances.get(id);
  }

  list(): TriggerInstance[] {
    return this.#instances.list();
  }

  /** Publishes a stored instance again (StackStorm's `trigger-instance re-emit`). */
  reEmit(id: string): TriggerInstance | undefined {
    const old = this.#instances.get(id);
    if (!old) return undefined;
    return this.dispatch(old.trigger, old.payload, { ...(old.trigger_parameters ? { triggerParameters: old.trigger_parameters } : {}), skipValidation: true });
  }

  collection(): Collection<TriggerInstance> {
    return this.#instances.collection;
  }
}

/** A deep copy of a payload; one holding values that cannot be copied (functions, sockets) is refused. */
function copyPayload(trigger: string, payload: Params): Params {
  try {
    return structuredClone(payload);
  } catch (err) {
    throw new SquallError('TRIGGER_PAYLOAD_INVALID', `payload for ${trigger} holds a value that is not data: ${(err as Error).message}`, {
      details: [{ field: 'payload', message: 'must hold only data (objects, arrays, strings, numbers, booleans, null)' }],
    });
  }
}
