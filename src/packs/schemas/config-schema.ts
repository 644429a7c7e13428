import { PARAMETER_SCHEMA_ID } from './parameter.js';

/**
 * `config.schema.yaml`: a map of config item name → attributes, each written like an action
 * parameter (type, description, default, required, secret, nested properties/items).
 */
export const CONFIG_SCHEMA_SCHEMA = {
  type: 'object',
  additionalProperties: { $ref: PARAMETER_SCHEMA_ID },
} as const;
