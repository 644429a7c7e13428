import path from 'node:path';
import type { App } from '../app.js';
import { readKvFile } from '../datastore/kv-file.js';
import type { KvItem, KvScope, KvSetOptions } from '../datastore/key-value.js';
import { SquallError, type ErrorDetail } from '../errors/index.js';
import { MASKED } from '../util/mask.js';
import { stringFlag } from './args.js';
import type { CliCommand, CliEnv, ParsedArgs } from './command.js';
import { json, keyValues, table } from './format.js';

/** What this verb uses of the application. */
type KeyApp = Pick<App, 'kv' | 'config'>;

/**
 * `squall key set|get|list|delete|load`. A secret's value is printed only with `--decrypt`;
 * otherwise it shows as MASKED with `secret: true` (StackStorm prints the ciphertext instead,
 * which gives a reader nothing useful and an attacker something to work on).
 */
export const keyCommand: CliCommand = {
  name: 'key',
  summary: 'Key-value datastore: set, get, list, delete, load',
  usage: [
    'Usage:',
    '  squall key set NAME VALUE [--encrypt | --pre-encrypted] [--ttl SECONDS] [--scope system|user] [--user U] [--description D] [--json]',
    '  squall key get NAME [--decrypt] [--scope system|user] [--user U] [--json]',
    '  squall key list [--prefix P] [--scope system|user|all] [--user U] [--decrypt] [--json]',
    '  squall key delete NAME [--scope system|user] [--user U]',
    '  squall key load FILE [--convert] [--json]',
    '',
    'Scope defaults to system (list: all). For scope user, --user defaults to the system user.',
    'Secret values print as ******** unless --decrypt is given.',
    'load reads JSON or YAML: one item or a list of {name, value, secret, encrypted, scope, user, ttl, description};',
    '--convert stores non-string values as JSON text.',
  ].join('\n'),
  booleanFlags: ['encrypt', 'pre-encrypted', 'decrypt', 'json', 'convert'],
  async run(args, io, env) {
    const [sub, ...words] = args.positionals;
    switch (sub) {
      case 'set': {
        const [name, value, ...extra] = words;
        if (name === undefined || value === undefined || extra.length > 0) throw usage('key set takes NAME and VALUE (quote a value with spaces)');
        const app = await keyApp(env);
        const options: KvSetOptions = { ...target(args, app, false), ...ttlFlag(args) };
        if (args.flags.encrypt === true) options.encrypt = true;
        if (args.flags['pre-encrypted'] === true) options.preEncrypted = true;
        const description = valueFlag(args, 'description');
        if (description !== undefined) options.description = description;
        const item = app.kv.set(name, value, options);
        io.out(args.flags.json ? json(shown(item, false)) : keyValues(itemFields(shown(item, false))));
        return 0;
      }
      case 'get': {
        const name = single(words, 'key get takes NAME');
        const app = await keyApp(env);
        const decrypt = args.flags.decrypt === true;
        const item = app.kv.get(name, { ...target(args, app, false), decrypt });
        if (!item) throw new SquallError('KV_NOT_FOUND', `key "${name}" not found`);
        io.out(args.flags.json ? json(shown(item, decrypt)) : keyValues(itemFields(shown(item, decrypt))));
        return 0;
      }
      case 'list': {
        if (words.length > 0) throw usage('key list takes no positional arguments (use --prefix)');
        const app = await keyApp(env);
        const decrypt = args.flags.decrypt === true;
        const prefix = valueFlag(args, 'prefix');
        const items = app.kv.list({ ...target(args, app, true), decrypt, ...(prefix !== undefined ? { prefix } : {}) }).map((i) => shown(i, decrypt));
        io.out(args.flags.json ? json(items) : table(['name', 'value', 'secret', 'scope', 'user', 'expire_timestamp'], items.map((i) => [i.name, i.value, i.secret, i.scope, i.user, i.expire_timestamp])));
        return 0;
      }
      case 'delete': {
        const name = single(words, 'key delete takes NAME');
        const app = await keyApp(env);
        const where = target(args, app, false);
        if (!app.kv.delete(name, where)) throw new SquallError('KV_NOT_FOUND', `key "${name}" not found`);
        io.out(`deleted key "${name}" (${where.scope === 'user' ? `user ${where.user}` : 'system'})`);
        return 0;
      }
      case 'load': {
        const file = path.resolve(env.cwd, single(words, 'key load takes FILE'));
        const app = await keyApp(env);
        const items = readKvFile(file, { convert: args.flags.convert === true, defaultUser: app.config.systemUser });
        // Check ciphertext up front so that a bad item stops the load before anything is written.
        const bad: ErrorDetail[] = [];
        for (const [index, i] of items.entries()) {
          if (!i.options.preEncrypted) continue;
          try {
            app.kv.decrypt(i.value);
          } catch {
            bad.push({ file, line: i.line, field: items.length > 1 ? `[${index}].value` : 'value', message: `encrypted value of "${i.name}" was not encrypted with this datastore's key` });
          }
        }
        if (bad.length > 0) throw new SquallError('KV_INVALID', `${file}: ${bad.length} problem(s) in key-value items; nothing was loaded`, { details: bad });
        const loaded = items.map((i) => shown(app.kv.set(i.name, i.value, i.options), false));
        io.out(args.flags.json ? json(loaded) : `loaded ${loaded.length} key(s) from ${file}\n` + table(['name', 'value', 'secret', 'scope', 'user', 'expire_timestamp'], loaded.map((i) => [i.name, i.value, i.secret, i.scope, i.user, i.expire_timestamp])));
        return 0;
      }
      default:
        throw usage(`unknown subcommand "${sub ?? ''}"; expected set, get, list, delete or load`);
    }
  },
};

async function keyApp(env: CliEnv): Promise<KeyApp> {
  return env.app();
}

/** Scope and user from the flags; `scope user` without `--user` means the configured system user. */
function target(args: ParsedArgs, app: KeyApp, allowAll: true): { scope: KvScope | 'all'; user?: string };
function target(args: ParsedArgs, app: KeyApp, allowAll: false): { scope: KvScope; user?: string };
function target(args: ParsedArgs, app: KeyApp, allowAll: boolean): { scope: KvScope | 'all'; user?: string } {
  const scope = valueFlag(args, 'scope') ?? (allowAll ? 'all' : 'system');
  const allowed = allowAll ? ['system', 'user', 'all'] : ['system', 'user'];
  if (!allowed.includes(scope)) throw usage(`--scope must be one of ${allowed.join(', ')} (got "${scope}")`);
  const userFlag = valueFlag(args, 'user');
  if (scope === 'user') return { scope, user: userFlag ?? app.config.systemUser };
  // With scope all, --user narrows the user-scoped items; with scope system it has no meaning.
  return userFlag !== undefined && scope === 'all' ? { scope, user: userFlag } : { scope: scope as KvScope | 'all' };
}

function ttlFlag(args: ParsedArgs): { ttl?: number } {
  const raw = valueFlag(args, 'ttl');
  if (raw === undefined) return {};
  const ttl = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) throw usage(`--ttl must be a positive number of seconds (got "${raw}")`);
  return { ttl };
}

/** The item as printed: a secret's ciphertext never leaves the store through the CLI. */
function shown(item: KvItem, decrypted: boolean): KvItem {
  return item.secret && !decrypted ? { ...item, value: MASKED } : item;
}

function itemFields(item: KvItem): Record<string, unknown> {
  return {
    name: item.name,
    value: item.value,
    secret: item.secret,
    scope: item.scope,
    user: item.user,
    description: item.description,
    ttl: item.ttl,
    expire_timestamp: item.expire_timestamp,
    updated_at: item.updated_at,
  };
}

/** A flag that needs a value: `--x` alone is a usage error rather than silently ignored. */
function valueFlag(args: ParsedArgs, name: string): string | undefined {
  if (args.flags[name] === true) throw usage(`--${name} needs a value`);
  return stringFlag(args, name);
}

function single(words: string[], message: string): string {
  if (words.length !== 1) throw usage(message);
  return words[0]!;
}

function usage(message: string): SquallError {
  return new SquallError('USAGE', message);
}
