import { mkdtempSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KeyValueStore, KvItem } from '../../../src/datastore/key-value.js';
import type { ActionMeta, Execution, ParameterSpec } from '../../../src/model/index.js';
import type { Runner, RunRequest, RunnerServices } from '../../../src/actions/runners/runner.js';
import { silentLogger } from '../../../src/util/logger.js';

/** A fresh pack directory `<tmp>/<pack>` with an `actions/` folder. */
export function tempPack(pack = 'testpack'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'squall-runners-'));
  const dir = path.join(root, pack);
  mkdirSync(path.join(dir, 'actions'), { recursive: true });
  return dir;
}

/** Writes `<packDir>/actions/<name>`; `mode` 0o755 makes it executable. */
export function writeAction(packDir: string, name: string, content: string, mode = 0o644): string {
  const file = path.join(packDir, 'actions', name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

export function makeAction(fields: { pack_path: string; runner_type: string; name?: string; entry_point?: string; parameters?: Record<string, ParameterSpec> }): ActionMeta {
  const pack = path.basename(fields.pack_path);
  const name = fields.name ?? 'act';
  return {
    ref: `${pack}.${name}`,
    pack,
    name,
    runner_type: fields.runner_type,
    enabled: true,
    entry_point: fields.entry_point ?? '',
    parameters: fields.parameters ?? {},
    source: { file: path.join(fields.pack_path, 'actions', `${name}.yaml`) },
    pack_path: fields.pack_path,
  };
}

export function makeExecution(action: ActionMeta, id = 'exec-0001'): Execution {
  return {
    id,
    action: { ref: action.ref, runner_type: action.runner_type, pack: action.pack, name: action.name },
    parameters: {},
    status: 'running',
    start_timestamp: new Date(0).toISOString(),
    context: { user: 'stanley' },
    children: [],
    log: [],
  };
}

/** In-memory key-value store with just enough behaviour for actions to read and write. */
export class MemoryKv implements KeyValueStore {
  readonly items = new Map<string, KvItem>();
  get(name: string): KvItem | undefined {
    return this.items.get(name);
  }
  set(name: string, value: string): KvItem {
    const item: KvItem = { id: `system:${name}`, name, value, scope: 'system', secret: false, updated_at: new Date(0).toISOString() };
    this.items.set(name, item);
    return item;
  }
  delete(name: string): boolean {
    return this.items.delete(name);
  }
  list(): KvItem[] {
    return [...this.items.values()];
  }
  decrypt(ciphertext: string): string {
    return ciphertext;
  }
  encrypt(plaintext: string): string {
    return plaintext;
  }
}

export interface RecordedTrigger {
  trigger: string;
  payload: Record<string, unknown>;
  traceTag: string | undefined;
}

export function makeServices(triggers: RecordedTrigger[] = [], apiUrl?: string): RunnerServices {
  return {
    dispatchTrigger: (trigger, payload, traceTag) => void triggers.push({ trigger, payload, traceTag }),
    kv: new MemoryKv(),
    ...(apiUrl ? { apiUrl } : {}),
  };
}

/**
 * A request as the action layer would build it: runner defaults, then action defaults, then the
 * given values; specs are the runner's overridden by the action's.
 */
export function makeRequest(
  runner: Runner,
  action: ActionMeta,
  values: Record<string, unknown> = {},
  extra: { signal?: AbortSignal; env?: Record<string, string>; services?: RunnerServices } = {},
): RunRequest {
  const specs: Record<string, ParameterSpec> = {};
  for (const [name, spec] of Object.entries(runner.parameters)) specs[name] = { ...spec };
  for (const [name, spec] of Object.entries(action.parameters)) specs[name] = { ...specs[name], ...spec };
  const parameters: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) if (spec.default !== undefined) parameters[name] = spec.default;
  Object.assign(parameters, values);
  return {
    execution: makeExecution(action),
    action,
    parameters,
    specs,
    signal: extra.signal ?? new AbortController().signal,
    logger: silentLogger,
    env: extra.env ?? {},
    services: extra.services ?? makeServices(),
  };
}
