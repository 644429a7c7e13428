/**
 * The `chat` section of the configuration: how the bot is addressed, who may run what, how fast,
 * and which adapters run. Platform tokens come from the environment only (SLACK_BOT_TOKEN, ...),
 * so they never sit in a checked-in squall.yaml.
 */

/** `auto`: on when its tokens are set (console: when stdin is a terminal and not in CI). */
export type AdapterSwitch = 'auto' | boolean;

/** One permission entry: who (users and/or roles) may run which actions (ref patterns). */
export interface ChatPermission {
  /** `platform:user-id` (`slack:U0123`, `discord:8123`, `console:alice`); `*` may stand for any part. */
  users?: string[];
  /** Names of `chat.roles`. */
  roles?: string[];
  /** Action ref patterns: `core.local`, `examples.*`, `*`. */
  allow: string[];
}

export interface ChatConfig {
  /** Run the bot in `npm start` / `squall start`. */
  enabled: boolean;
  /** A channel message starting with this addresses the bot (`!deploy app1`). DMs need none. */
  prefix: string;
  /** Names that address the bot at the start of a message: `squall: deploy`, `@squall deploy`. */
  names: string[];
  /** Per-user token bucket: `burst` commands at once, refilled at `perMinute`. `burst: 0` turns it off. */
  rateLimit: { burst: number; perMinute: number };
  /** Role name → members, written like permission users (`slack:U0123`, `console:*`). */
  roles: Record<string, string[]>;
  /**
   * Who may run which actions from chat. Empty (the default): everyone may run every action. Once
   * there is one entry, a command runs only when an entry naming the user (or one of their roles)
   * allows the alias's action ref; `help` lists only what the user may run.
   */
  permissions: ChatPermission[];
  /** The console adapter (a prompt on the terminal). */
  console: AdapterSwitch;
  /** The user id console commands run as. */
  consoleUser: string;
  slack: { enabled: AdapterSwitch; botToken?: string; appToken?: string; signingSecret?: string; slashCommand: string };
  discord: { enabled: AdapterSwitch; token?: string; applicationId?: string; slashCommand: string };
}

const adapterSwitch = { anyOf: [{ const: 'auto' }, { type: 'boolean' }] } as const;
const patterns = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

/** JSON Schema of the `chat` section. */
export const CHAT_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['enabled', 'prefix', 'names', 'rateLimit', 'roles', 'permissions', 'console', 'consoleUser', 'slack', 'discord'],
  properties: {
    enabled: { type: 'boolean' },
    prefix: { type: 'string', maxLength: 10 },
    names: patterns,
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      required: ['burst', 'perMinute'],
      properties: { burst: { type: 'integer', minimum: 0 }, perMinute: { type: 'number', exclusiveMinimum: 0 } },
    },
    roles: { type: 'object', additionalProperties: patterns },
    permissions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['allow'],
        properties: { users: patterns, roles: patterns, allow: patterns },
      },
    },
    console: adapterSwitch,
    consoleUser: { type: 'string', minLength: 1 },
    slack: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'slashCommand'],
      properties: {
        enabled: adapterSwitch,
        botToken: { type: 'string' },
        appToken: { type: 'string' },
        signingSecret: { type: 'string' },
        slashCommand: { type: 'string', pattern: '^/' },
      },
    },
    discord: {
      type: 'object',
      additionalProperties: false,
      required: ['enabled', 'slashCommand'],
      properties: { enabled: adapterSwitch, token: { type: 'string' }, applicationId: { type: 'string' }, slashCommand: { type: 'string', minLength: 1 } },
    },
  },
} as const;

/** Defaults: prefix `!`, 5 commands at once then 20 a minute per user, everyone may run everything. */
export function defaultChatConfig(): ChatConfig {
  return {
    enabled: true,
    prefix: '!',
    names: ['squall'],
    rateLimit: { burst: 5, perMinute: 20 },
    roles: {},
    permissions: [],
    console: 'auto',
    consoleUser: 'console',
    slack: { enabled: 'auto', slashCommand: '/squall' },
    discord: { enabled: 'auto', slashCommand: 'squall' },
  };
}

type ChatOverrides = { [K in keyof ChatConfig]?: ChatConfig[K] extends unknown[] ? ChatConfig[K] : ChatConfig[K] extends object ? Partial<ChatConfig[K]> : ChatConfig[K] };

/**
 * What the environment says about chat: platform tokens, the console user, and no console prompt
 * in CI (a CI run has no one to type).
 */
export function chatConfigFromEnv(env: Record<string, string | undefined>): ChatOverrides {
  const out: ChatOverrides = {};
  const slack: Partial<ChatConfig['slack']> = {};
  if (env.SLACK_BOT_TOKEN) slack.botToken = env.SLACK_BOT_TOKEN;
  if (env.SLACK_APP_TOKEN) slack.appToken = env.SLACK_APP_TOKEN;
  if (env.SLACK_SIGNING_SECRET) slack.signingSecret = env.SLACK_SIGNING_SECRET;
  if (Object.keys(slack).length) out.slack = slack;
  const discord: Partial<ChatConfig['discord']> = {};
  if (env.DISCORD_TOKEN) discord.token = env.DISCORD_TOKEN;
  if (env.DISCORD_APPLICATION_ID) discord.applicationId = env.DISCORD_APPLICATION_ID;
  if (Object.keys(discord).length) out.discord = discord;
  if (env.SQUALL_CHAT_PREFIX !== undefined) out.prefix = env.SQUALL_CHAT_PREFIX;
  if (env.USER) out.consoleUser = env.USER;
  if (isTrue(env.CI)) out.console = false;
  return out;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
