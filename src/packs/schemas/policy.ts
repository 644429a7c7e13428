/**
 * `policies/*.yaml` (StackStorm's PolicyAPI). The `parameters` are checked against the policy
 * type's schema from the policy type table (src/policies/policy-types.ts), defaults filled in.
 */
export const POLICY_SCHEMA = {
  type: 'object',
  required: ['name', 'resource_ref', 'policy_type'],
  properties: {
    id: { type: 'string' },
    uid: { type: 'string' },
    ref: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    pack: { type: 'string' },
    description: { type: 'string' },
    enabled: { type: 'boolean' },
    resource_ref: { type: 'string', minLength: 1 },
    policy_type: { type: 'string', minLength: 1 },
    parameters: { type: 'object', propertyNames: { pattern: '^\\w+$' } },
    metadata_file: { type: 'string' },
  },
  additionalProperties: false,
} as const;
