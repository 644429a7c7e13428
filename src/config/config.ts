import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { SquallError } from '../errors/index.js';
import { deepFreeze } from '../util/deep-freeze.js';
import { CHAT_CONFIG_SCHEMA, chatConfigFromEnv, defaultChatConfig, type ChatConfig } from './chat-config.js';

export type { ChatConfig, ChatPermission, AdapterSwitch } from './chat-config.js';

/** Squall's configuration, validated once at start-up and then frozen. */
export interface Config {
  /** Everything Squall writes lives under here: the store file, the journal, the key file. */
  dataDir: string;
  /** Directories holding packs (each subdirectory with a pack.yaml is a pack). Earlier wins on a name clash. */
  packsPaths: string[];
  /** Site-wide aliases, loaded after the packs. */
  aliasesDir: string;
  /** Directory of `<pack>.yaml` pack configs (StackStorm's /opt/stackstorm/configs); packs may also carry configs/<pack>.yaml. */
  configsDir: string;
  /** The user executions run as when no person asked (StackStorm's `stanley`). */
  systemUser: string;
  /** Path of the datastore key file; created on first start with mode 0600. */
  keyFile: string;
  store: { backend: 'lowdb' | 'memory'; coalesceMs: number };
  retention: { executions: number; triggerInstances: number; ruleEnforcements: number };
  http: { enabled: boolean; host: string; port: number };
  log: { level: 'debug' | 'info' | 'warn' | 'error' };
  /** Statuses for which `core.st2.generic.actiontrigger` is emitted. */
  actionTriggerStatuses: string[];
  /**
   * The only variables of Squall's own environment that actions see (PATH, HOME, LANG, USER), so
   * that tokens in Squall's environment never reach action processes.
   */
  actionEnv: Record<string, string>;
  /** How many executions run at once in this process. */
  executionConcurrency: number;
  /** The chat bot: prefix, permissions, rate limit, adapters (see chat-config.ts). */
  chat: ChatConfig;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['dataDir', 'packsPaths', 'aliasesDir', 'configsDir', 'systemUser', 'keyFile', 'store', 'retention', 'http', 'log', 'actionTriggerStatuses', 'actionEnv', 'executionConcurrency', 'chat'],
  properties: {
    dataDir: { type: 'string', minLength: 1 },
    packsPaths: { type: 'array', items: { type: 'string', minLength: 1 } },
    aliasesDir: { type: 'string' },
    configsDir: { type: 'string' },
    systemUser: { type: 'string', minLength: 1 },
    keyFile: { type: 'string', minLength: 1 },
    store: {
      type: 'object',
      additionalProperties: false,
      required: ['backend', 'coalesceMs'],
      properties: { backend: { enum: ['lowdb', 'memory'] }, coalesceMs: { type: 'integer', minimum: 0, maximum: 60000 } },
    },
    retention: {
      type: 'object',
      additionalProperties: false,
      required: ['executions', 'triggerInstances', 'ruleEnforcements'],
      properties: {
        executions: { type: 'integer', minimum: 1 },
        triggerInstances: { type: 'integer', minimum: 1 },
        ruleEnforcements: { type: 'integer', minimum: 1 },
      },
    },
    http: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'host', 'port'],
      properties: { enabled: { type: 'boolean' }, host: { type: 'string' }, port: { type: 'integer', minimum: 0, maximum: 65535 } },
    },
    log: { type: 'object', additionalProperties: false, required: ['level'], properties: { level: { enum: ['debug', 'info', 'warn', 'error'] } } },
    actionTriggerStatuses: { type: 'array', items: { type: 'string' } },
    actionEnv: { type: 'object', additionalProperties: { type: 'string' } },
    executionConcurrency: { type: 'integer', minimum: 1, maximum: 10000 },
    chat: CHAT_CONFIG_SCHEMA,
  },
} as const;

/** Defaults relative to the project directory: data under ./data, packs from ./packs, aliases from ./aliases. */
export function defaultConfig(root: string): Config {
  const dataDir = path.join(root, 'data');
  return {
    dataDir,
    packsPaths: [path.join(root, 'packs')],
    aliasesDir: path.join(root, 'aliases'),
    configsDir: path.join(root, 'configs'),
    systemUser: 'stanley',
    keyFile: path.join(dataDir, 'keys', 'datastore_key.json'),
    store: { backend: 'lowdb', coalesceMs: 50 },
    retention: { executions: 10000, triggerInstances: 5000, ruleEnforcements: 5000 },
    http: { enabled: true, host: '127.0.0.1', port: 9101 },
    log: { level: 'info' },
    actionTriggerStatuses: ['succeeded', 'failed', 'timeout', 'abandoned', 'canceled'],
    actionEnv: {},
    executionConcurrency: 64,
    chat: defaultChatConfig(),
  };
}

const ACTION_ENV_NAMES = ['PATH', 'HOME', 'LANG', 'USER'] as const;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };

/**
 * Builds the configuration: defaults, then the YAML file named by SQUALL_CONFIG (or `squall.yaml`
 * in the root if present), then environment variables, then `overrides`. Relative paths resolve
 * against `root`. Nothing outside this folder reads process.env.
 */
export function loadConfig(root: string, env: Record<string, string | undefined> = process.env, overrides: DeepPartial<Config> = {}): Readonly<Config> {
  const base = defaultConfig(root);
  const fileName = env.SQUALL_CONFIG ?? (existsSync(path.join(root, 'squall.yaml')) ? path.join(root, 'squall.yaml') : undefined);
  let fromFile: DeepPartial<Config> = {};
  if (fileName) {
    const file = path.resolve(root, fileName);
    try {
      fromFile = (YAML.parse(readFileSync(file, 'utf8')) ?? {}) as DeepPartial<Config>;
    } catch (err) {
      throw new SquallError('CONFIG_INVALID', `cannot read config file ${file}: ${(err as Error).message}`);
    }
  }
  const fromEnv: DeepPartial<Config> = {};
  if (env.SQUALL_DATA_DIR) fromEnv.dataDir = env.SQUALL_DATA_DIR;
  if (env.SQUALL_PACKS_PATH) fromEnv.packsPaths = env.SQUALL_PACKS_PATH.split(path.delimiter).filter(Boolean);
  if (env.SQUALL_ALIASES_DIR) fromEnv.aliasesDir = env.SQUALL_ALIASES_DIR;
  if (env.SQUALL_CONFIGS_DIR) fromEnv.configsDir = env.SQUALL_CONFIGS_DIR;
  if (env.SQUALL_KEY_FILE) fromEnv.keyFile = env.SQUALL_KEY_FILE;
  if (env.SQUALL_LOG_LEVEL) fromEnv.log = { level: env.SQUALL_LOG_LEVEL as Config['log']['level'] };
  if (env.SQUALL_HTTP_PORT) fromEnv.http = { enabled: true, port: Number(env.SQUALL_HTTP_PORT) };
  if (env.SQUALL_HTTP_HOST) fromEnv.http = { ...fromEnv.http, host: env.SQUALL_HTTP_HOST };

  const chat = chatConfigFromEnv(env);
  if (Object.keys(chat).length) fromEnv.chat = chat as DeepPartial<ChatConfig>;
  fromEnv.actionEnv = Object.fromEntries(ACTION_ENV_NAMES.flatMap((n) => (env[n] !== undefined ? [[n, env[n]!]] : [])));
  const merged = mergeDeep(mergeDeep(mergeDeep(base, fromFile), fromEnv), overrides) as Config;
  // A data dir moved by file or env carries the key file with it unless the key file was set too.
  if (!fromFile.keyFile && !fromEnv.keyFile && !overrides.keyFile) merged.keyFile = path.join(merged.dataDir, 'keys', 'datastore_key.json');
  merged.dataDir = path.resolve(root, merged.dataDir);
  merged.packsPaths = merged.packsPaths.map((p) => path.resolve(root, p));
  merged.aliasesDir = path.resolve(root, merged.aliasesDir);
  merged.configsDir = path.resolve(root, merged.configsDir);
  merged.keyFile = path.resolve(root, merged.keyFile);

  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(schema);
  if (!validate(merged)) {
    const details = (validate.errors ?? []).map((e) => ({ field: e.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)', message: e.message ?? 'invalid' }));
    throw new SquallError('CONFIG_INVALID', 'configuration is invalid', { details });
  }
  return deepFreeze(merged);
}

function mergeDeep(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = mergeDeep(out[k], v);
    return out;
  }
  return b;
}
