import type { ValidateFunction } from 'ajv';
import { SquallError } from '../errors/index.js';
import type { TriggerTypeMeta } from '../model/index.js';
import { ajvDetails, createAjv } from '../util/ajv.js';
import { BUILTIN_TRIGGER_TYPES } from './builtin-trigger-types.js';

/**
 * Every trigger type Squall knows: the built-in `core.st2.*` ones and those declared by pack
 * sensors. Validates trigger parameters (what a rule puts under `trigger.parameters`) and payloads.
 */
export class TriggerTypeRegistry {
  readonly #types = new Map<string, TriggerTypeMeta>();
  readonly #payloadValidators = new Map<string, ValidateFunction>();
  readonly #parameterValidators = new Map<string, ValidateFunction>();
  readonly #ajv = createAjv();

  constructor(types: readonly TriggerTypeMeta[] = BUILTIN_TRIGGER_TYPES) {
    for (const t of types) this.register(t);
  }

  register(type: TriggerTypeMeta): void {
    this.#types.set(type.ref, type);
    this.#payloadValidators.delete(type.ref);
    this.#parameterValidators.delete(type.ref);
  }

  get(ref: string): TriggerTypeMeta | undefined {
    return this.#types.get(ref);
  }

  has(ref: string): boolean {
    return this.#types.has(ref);
  }

  list(): TriggerTypeMeta[] {
    return [...this.#types.values()].sort((a, b) => a.ref.localeCompare(b.ref));
  }

  /** Throws TRIGGER_TYPE_UNKNOWN or TRIGGER_PAYLOAD_INVALID (with every bad field) when the payload does not fit. */
  validatePayload(ref: string, payload: unknown): void {
    const validate = this.#validator(ref, 'payload');
    if (validate && !validate(payload)) {
      throw new SquallError('TRIGGER_PAYLOAD_INVALID', `payload for ${ref} is invalid`, { details: ajvDetails(validate.errors, 'payload') });
    }
  }

  /** Checks a rule's `trigger.parameters` against the type's parameters schema; returns the problems. */
  checkParameters(ref: string, parameters: unknown): { field?: string; message: string }[] {
    if (!this.#types.has(ref)) return [{ field: 'trigger.type', message: `unknown trigger type ${ref}` }];
    const validate = this.#validator(ref, 'parameters');
    if (!validate || validate(parameters ?? {})) return [];
    return ajvDetails(validate.errors, 'trigger.parameters');
  }

  #validator(ref: string, kind: 'payload' | 'parameters'): ValidateFunction | undefined {
    const type = this.#types.get(ref);
    if (!type) throw new SquallError('TRIGGER_TYPE_UNKNOWN', `unknown trigger type ${ref}`);
    const cache = kind === 'payload' ? this.#payloadValidators : this.#parameterValidators;
    const schema = kind === 'payload' ? type.payload_schema : type.parameters_schema;
    if (!schema) return undefined;
    let v = cache.get(ref);
    if (!v) {
      v = this.#ajv.compile(schema);
      cache.set(ref, v);
    }
    return v;
  }
}
