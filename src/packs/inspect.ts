import type { ErrorDetail } from '../errors/index.js';
import type { PackMeta } from '../model/index.js';
import { loadPack, type LoadPackOptions } from './pack-loader.js';

/** How much of each kind a pack holds (after loading; broken files are not counted). */
export interface ContentCounts {
  actions: number;
  rules: number;
  aliases: number;
  sensors: number;
  triggerTypes: number;
  policies: number;
}

/** An action that loaded but cannot run here, and why. */
export interface UnavailableAction {
  ref: string;
  runner: string;
  reason: string;
}

/** What `squall pack validate` reports about one pack directory. */
export interface PackInspection {
  /** True when there is no error at all (warnings and unavailable actions do not count). */
  ok: boolean;
  pack?: PackMeta;
  /** Every problem, each with its file (relative to the pack), line and field where known. */
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
  counts: ContentCounts;
  unavailableActions: UnavailableAction[];
}

/**
 * Loads the pack in `dir` on its own and reports everything wrong with it at once. Pure file
 * inspection: no application, store or network is needed.
 */
export function inspectPack(dir: string, options: LoadPackOptions = {}): PackInspection {
  const loaded = loadPack(dir, options);
  return {
    ok: loaded.errors.length === 0,
    ...(loaded.pack ? { pack: loaded.pack } : {}),
    errors: loaded.errors,
    warnings: loaded.warnings,
    counts: {
      actions: loaded.actions.length,
      rules: loaded.rules.length,
      aliases: loaded.aliases.length,
      sensors: loaded.sensors.length,
      triggerTypes: loaded.triggerTypes.length,
      policies: loaded.policies.length,
    },
    unavailableActions: loaded.actions
      .filter((a) => a.available === false)
      .map((a) => ({ ref: a.ref, runner: a.runner_type, reason: a.unavailable_reason ?? `runner ${a.runner_type} not available` })),
  };
}
