/**
 * Every error Squall raises has a stable code from this table. The message here is the default
 * text; callers add details. `expose` says whether a chat user may see the message as it is
 * (internal failures are reported to chat only by code and correlation id).
 */
export const ERROR_CODES = {
  // configuration and start-up
  CONFIG_INVALID: { message: 'Configuration is invalid', expose: false },
  // packs and content
  PACK_INVALID: { message: 'Pack is invalid', expose: true },
  PACK_NOT_FOUND: { message: 'Pack not found', expose: true },
  YAML_INVALID: { message: 'YAML could not be parsed', expose: true },
  SCHEMA_INVALID: { message: 'Content does not match its schema', expose: true },
  // templates and expressions
  TEMPLATE_ERROR: { message: 'Template could not be rendered', expose: true },
  TEMPLATE_UNSAFE: { message: 'Template tried to reach a forbidden attribute', expose: true },
  // key-value store
  KV_NOT_FOUND: { message: 'Key not found', expose: true },
  KV_DECRYPT_FAILED: { message: 'Value could not be decrypted', expose: false },
  KV_INVALID: { message: 'Key-value item is invalid', expose: true },
  KV_KEY_FILE_INVALID: { message: 'Datastore encryption key file is invalid', expose: false },
  // triggers and rules
  TRIGGER_TYPE_UNKNOWN: { message: 'Unknown trigger type', expose: true },
  TRIGGER_PAYLOAD_INVALID: { message: 'Trigger payload does not match the trigger type schema', expose: true },
  RULE_NOT_FOUND: { message: 'Rule not found', expose: true },
  RULE_INVALID: { message: 'Rule is invalid', expose: true },
  CRITERIA_OPERATOR_UNKNOWN: { message: 'Unknown criteria operator', expose: true },
  CRITERIA_OPERATOR_FAILED: { message: 'Criteria operator failed on these values', expose: true },
  // actions and executions
  ACTION_NOT_FOUND: { message: 'Action not found', expose: true },
  ACTION_DISABLED: { message: 'Action is disabled', expose: true },
  ACTION_UNAVAILABLE: { message: 'Action runner is not available', expose: true },
  PARAMETERS_INVALID: { message: 'Action parameters are invalid', expose: true },
  PARAMETER_IMMUTABLE: { message: 'Override of immutable parameter(s) is unsupported', expose: true },
  RUNNER_NOT_FOUND: { message: 'Runner not found', expose: true },
  RUNNER_FAILED: { message: 'Runner failed', expose: false },
  EXECUTION_NOT_FOUND: { message: 'Execution not found', expose: true },
  EXECUTION_TRANSITION_INVALID: { message: 'Execution cannot change to that status', expose: true },
  POLICY_INVALID: { message: 'Policy is invalid', expose: true },
  // store
  STORE_CORRUPT: { message: 'Store file is corrupt', expose: false },
  STORE_WRITE_FAILED: { message: 'Store could not be written', expose: false },
  STORE_LOCKED: { message: 'Data directory is in use by another Squall process', expose: false },
  // cli
  USAGE: { message: 'Invalid usage', expose: true },
  INTERNAL: { message: 'Internal error', expose: false },
  // runners
  ENTRY_POINT_INVALID: { message: 'Action entry point is missing or cannot be loaded', expose: true },
  SERVER_UNREACHABLE: { message: 'The running Squall server could not be reached', expose: false },
  // inquiries
  INQUIRY_NOT_FOUND: { message: 'Inquiry not found', expose: true },
  INQUIRY_EXPIRED: { message: 'Inquiry has timed out', expose: true },
  INQUIRY_ALREADY_ANSWERED: { message: 'Inquiry is no longer waiting for a response', expose: true },
  INQUIRY_FORBIDDEN: { message: 'Not permitted to respond to this inquiry', expose: true },
  INQUIRY_RESPONSE_INVALID: { message: 'Inquiry response does not match its schema', expose: true },
  WORKFLOW_INVALID: { message: 'Workflow definition is invalid', expose: true },
  WORKFLOW_STATE_INVALID: { message: 'Workflow state or event is invalid', expose: true },
  WORKFLOW_REHEARSAL_INVALID: { message: 'Workflow rehearsal spec is invalid', expose: true },
  // action aliases
  ALIAS_NO_MATCH: { message: 'Command matched no alias format', expose: true },
  ALIAS_AMBIGUOUS: { message: 'Command matched more than one alias format equally well', expose: true },
  ALIAS_FORMAT_INVALID: { message: 'Alias format string is not a valid pattern', expose: true },
  CHAT_TARGET_INVALID: { message: 'Chat message cannot be delivered to that target', expose: true },
  CHAT_SEND_FAILED: { message: 'Chat platform refused the message', expose: false },
  CHAT_CONNECT_FAILED: { message: 'Chat platform connection failed', expose: false },
} as const satisfies Record<string, { message: string; expose: boolean }>;

export type ErrorCode = keyof typeof ERROR_CODES;
