import type { Params } from './json.js';
import type { Ref } from './ref.js';

/** Where a piece of content was loaded from, for error messages. */
export interface SourceLocation {
  /** Absolute path of the YAML file. */
  file: string;
}

/** `pack.yaml`. */
export interface PackMeta {
  ref: string;
  name: string;
  description?: string;
  version?: string;
  author?: string;
  email?: string;
  keywords?: string[];
  dependencies?: string[];
  /** Absolute path of the pack directory. */
  path: string;
  [key: string]: unknown;
}

/** One action parameter as StackStorm declares it (a draft-4 schema plus st2's keys). */
export interface ParameterSpec {
  type?: 'array' | 'boolean' | 'integer' | 'null' | 'number' | 'object' | 'string';
  description?: string;
  default?: unknown;
  required?: boolean;
  secret?: boolean;
  immutable?: boolean;
  position?: number;
  enum?: unknown[];
  [key: string]: unknown;
}

export interface NotifySubSection {
  message?: string;
  data?: Params;
  routes?: string[];
  channels?: string[];
}

export interface NotifySpec {
  'on-complete'?: NotifySubSection;
  'on-success'?: NotifySubSection;
  'on-failure'?: NotifySubSection;
}

/** `actions/*.yaml`, after loading. */
export interface ActionMeta {
  ref: Ref;
  pack: string;
  name: string;
  runner_type: string;
  description?: string;
  enabled: boolean;
  /** Relative to the pack's `actions/` directory, as written. */
  entry_point: string;
  parameters: Record<string, ParameterSpec>;
  output_schema?: Params;
  notify?: NotifySpec;
  tags?: Params[];
  source: SourceLocation;
  /** Absolute path of the pack directory (entry points and `cwd` resolve against it). */
  pack_path: string;
  /** False when the action's runner is known but Squall cannot run it (yet); the action is listed but refuses to run. */
  available?: boolean;
  /** Why `available` is false, e.g. `runner python-script not available`. */
  unavailable_reason?: string;
}

export interface CriterionSpec {
  type?: string;
  pattern?: unknown;
  condition?: string;
}

/** `rules/*.yaml`, after loading. */
export interface RuleMeta {
  ref: Ref;
  pack: string;
  name: string;
  description?: string;
  enabled: boolean;
  trigger: { type: Ref; parameters: Params; description?: string };
  criteria: Record<string, CriterionSpec>;
  action: { ref: Ref; parameters: Params; description?: string };
  /** `standard` (default) or `backstop`: backstop rules fire only if no standard rule matched. */
  type: 'standard' | 'backstop';
  context?: Params;
  tags?: Params[];
  source?: SourceLocation;
}

export interface AliasFormat {
  display?: string;
  representation: string[];
  match_multiple?: boolean;
}

/** `aliases/*.yaml`, after loading. */
export interface AliasMeta {
  ref: Ref;
  pack: string;
  name: string;
  description?: string;
  enabled: boolean;
  action_ref: Ref;
  /** Normalised: every plain string becomes `{ display: s, representation: [s] }`. */
  formats: AliasFormat[];
  ack?: { enabled?: boolean; format?: string; extra?: Params; append_url?: boolean };
  result?: { enabled?: boolean; format?: string; extra?: Params };
  extra?: Params;
  immutable_parameters?: Params;
  source: SourceLocation;
}

/** A trigger type: a name, what identifies one trigger of it, and what its payload looks like. */
export interface TriggerTypeMeta {
  ref: Ref;
  pack: string;
  name: string;
  description?: string;
  parameters_schema?: Params;
  payload_schema?: Params;
  tags?: Params[];
}

/** `sensors/*.yaml`, after loading. */
export interface SensorMeta {
  ref: Ref;
  pack: string;
  class_name: string;
  entry_point: string;
  description?: string;
  enabled: boolean;
  poll_interval?: number;
  trigger_types: TriggerTypeMeta[];
  source: SourceLocation;
  pack_path: string;
}

/** `policies/*.yaml`, after loading. */
export interface PolicyMeta {
  ref: Ref;
  pack: string;
  name: string;
  description?: string;
  enabled: boolean;
  resource_ref: Ref;
  policy_type: string;
  parameters: Params;
  source: SourceLocation;
}
