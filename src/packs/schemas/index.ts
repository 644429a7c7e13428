import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ACTION_SCHEMA } from './action.js';
import { ALIAS_SCHEMA } from './alias.js';
import { CONFIG_SCHEMA_SCHEMA } from './config-schema.js';
import { PACK_SCHEMA } from './pack.js';
import { NESTED_SCHEMA, PARAMETER_SCHEMA } from './parameter.js';
import { POLICY_SCHEMA } from './policy.js';
import { RULE_SCHEMA } from './rule.js';
import { SENSOR_SCHEMA } from './sensor.js';
import { TRIGGER_TYPE_SCHEMA } from './trigger-type.js';

export { PACK_REF_PATTERN, PACK_VERSION_PATTERN } from './pack.js';
export { PARAMETER_KEYWORDS, PARAMETER_NAME_PATTERN, SIMPLE_TYPES, unknownNestedKeys } from './parameter.js';
export { CRITERIA_OPERATOR_NAMES, SEARCH_CONDITIONS } from './rule.js';

/**
 * Every kind of pack content: where it lives in a pack and the schema its file must match. The
 * loader walks this table; `dir` kinds are every `*.yaml`/`*.yml`/`*.json` directly in that folder.
 */
export const CONTENT_KINDS = {
  pack: { file: 'pack.yaml', schema: PACK_SCHEMA },
  action: { dir: 'actions', schema: ACTION_SCHEMA },
  rule: { dir: 'rules', schema: RULE_SCHEMA },
  alias: { dir: 'aliases', schema: ALIAS_SCHEMA },
  sensor: { dir: 'sensors', schema: SENSOR_SCHEMA },
  triggerType: { dir: 'triggers', schema: TRIGGER_TYPE_SCHEMA },
  policy: { dir: 'policies', schema: POLICY_SCHEMA },
  configSchema: { file: 'config.schema.yaml', schema: CONFIG_SCHEMA_SCHEMA },
} as const;

export type ContentKind = keyof typeof CONTENT_KINDS;

/** Kinds stored one per file in a folder of the pack, in the order the loader reads them. */
export const DIRECTORY_KINDS = ['action', 'rule', 'alias', 'sensor', 'triggerType', 'policy'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/** Compiled validators for every content kind, sharing one ajv instance (the parameter meta-schema is referenced by several). */
export class ContentSchemas {
  readonly #ajv: Ajv;
  readonly #validators = new Map<ContentKind, ValidateFunction>();
  readonly #defaultsAjv: Ajv;
  readonly #withDefaults = new WeakMap<object, ValidateFunction>();

  constructor() {
    // verbose: errors carry their parent schema, so an unknown key can be answered with the allowed ones.
    this.#ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema(PARAMETER_SCHEMA);
    this.#ajv.addSchema(NESTED_SCHEMA);
    this.#defaultsAjv = new Ajv({ allErrors: true, strict: false, verbose: true, useDefaults: true });
    addFormats(this.#defaultsAjv);
  }

  /**
   * A validator for a plain JSON schema (policy type parameters, a converted config schema) that
   * fills in defaults. Throws if the schema itself is invalid.
   */
  withDefaults(schema: object): ValidateFunction {
    let v = this.#withDefaults.get(schema);
    if (!v) {
      v = this.#defaultsAjv.compile(schema);
      this.#withDefaults.set(schema, v);
    }
    return v;
  }

  /** The validator of one kind, compiled on first use. */
  validator(kind: ContentKind): ValidateFunction {
    let v = this.#validators.get(kind);
    if (!v) {
      v = this.#ajv.compile(CONTENT_KINDS[kind].schema);
      this.#validators.set(kind, v);
    }
    return v;
  }

  /**
   * Validates `data` against a schema built or read for this one call (a converted config schema,
   * a pack's trigger type schema), then forgets the schema so repeated reloads do not pile up.
   * With `defaults`, defaults are filled into `data`. Throws if the schema itself is invalid.
   */
  validateOnce(schema: object, data: unknown, options: { defaults?: boolean } = {}): { valid: boolean; errors: ErrorObject[] } {
    const ajv = options.defaults ? this.#defaultsAjv : this.#ajv;
    const validate = ajv.compile(schema);
    try {
      const valid = validate(data) as boolean;
      return { valid, errors: validate.errors ?? [] };
    } finally {
      ajv.removeSchema(schema);
    }
  }

  /** Why `schema` is not a JSON schema Squall can validate with, or undefined when it is one. */
  schemaProblem(schema: object): string | undefined {
    try {
      this.#ajv.compile(schema);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    } finally {
      this.#ajv.removeSchema(schema);
    }
  }
}
