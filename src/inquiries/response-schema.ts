import type { ValidateFunction } from 'ajv';
import { errorMessage, type ErrorDetail } from '../errors/index.js';
import { applyMask, secretMask, toJsonSchema } from '../actions/parameters/index.js';
import { fillNestedDefaults } from '../actions/parameters/nested-defaults.js';
import { ajvDetails, createAjv } from '../util/ajv.js';

/**
 * An inquiry's response schema, as StackStorm writes it: JSON schema with st2's extras
 * (`required: true` on members, `secret: true`). Compiles it, fills defaults, validates and masks.
 */
export class ResponseSchema {
  readonly #raw: Record<string, unknown>;
  readonly #validate: ValidateFunction;

  private constructor(raw: Record<string, unknown>, validate: ValidateFunction) {
    this.#raw = raw;
    this.#validate = validate;
  }

  /** Compiles `schema`; returns the problems instead when it is not a usable schema. */
  static compile(schema: unknown, field = 'schema'): ResponseSchema | ErrorDetail[] {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [{ field, message: 'must be an object (a JSON schema)' }];
    const raw = schema as Record<string, unknown>;
    const converted = toJsonSchema(raw);
    try {
      const validate = ajv().compile(converted);
      // The compiled function does not need ajv's cache entry; dropping it lets the schema be collected.
      ajv().removeSchema(converted);
      return new ResponseSchema(raw, validate);
    } catch (err) {
      return [{ field, message: `is not a valid JSON schema: ${errorMessage(err)}` }];
    }
  }

  /**
   * Fills member defaults (a missing or null member with a `default` gets it, as StackStorm's
   * `use_default` validation does), then validates. Every problem is named with its field under
   * `response.`.
   */
  check(response: unknown): { value: unknown; details: ErrorDetail[] } {
    const value = fillNestedDefaults(this.#raw, response);
    if (this.#validate(value)) return { value, details: [] };
    return { value, details: ajvDetails(this.#validate.errors, 'response') };
  }

  /** True when some member of the schema is marked secret. */
  get hasSecrets(): boolean {
    return secretMask(this.#raw) !== undefined;
  }

  /** A copy of `response` with every member the schema marks secret replaced by `********`. */
  mask(response: unknown): unknown {
    const mask = secretMask(this.#raw);
    return mask ? applyMask(mask, response) : response;
  }
}

let sharedAjv: ReturnType<typeof createAjv> | undefined;

// One instance for every response schema: building one (with formats) costs more than a compile.
function ajv(): ReturnType<typeof createAjv> {
  sharedAjv ??= createAjv();
  return sharedAjv;
}
