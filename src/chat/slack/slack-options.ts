import { SquallError, type ErrorDetail } from '../../errors/index.js';

/** The `slack` section of the configuration, as the adapter takes it. */
export interface SlackOptions {
  /** Bot token (`xoxb-…`): every Web API call. */
  botToken: string;
  /** App-level token (`xapp-…`). When set, events arrive over Socket Mode and no public URL is needed. */
  appToken?: string;
  /** Signing secret: HTTP Events mode (no app token). Requests to the events route are verified with it. */
  signingSecret?: string;
  /** The slash command the app answers. Default `/squall`. */
  slashCommand?: string;
  /** Web API base URL. Default Slack's own; tests point it at a local fake. */
  apiUrl?: string;
  /** Path of the events route mounted on Squall's HTTP server (HTTP mode). Default `/slack/events`. */
  eventsPath?: string;
  /** Retries of a failed Web API call; a 429 waits its Retry-After first. Default 5. */
  retries?: number;
  /** First retry delay for network failures, in ms (doubles each time). Default 1000. */
  retryMinTimeoutMs?: number;
  /** Code output longer than this many characters is uploaded as a file instead of split. Default 8000. */
  fileThreshold?: number;
  /** Socket Mode pong timeout in ms; it is also the base delay before a reconnect. Default 5000. */
  clientPingTimeoutMs?: number;
}

/** Options with every default filled in. */
export interface ResolvedSlackOptions {
  readonly mode: 'socket' | 'http';
  readonly botToken: string;
  readonly appToken?: string;
  readonly signingSecret?: string;
  readonly slashCommand: string;
  readonly apiUrl?: string;
  readonly eventsPath: string;
  readonly retries: number;
  readonly retryMinTimeoutMs: number;
  readonly fileThreshold: number;
  readonly clientPingTimeoutMs: number;
}

/** Defaults for the optional settings. */
export const SLACK_DEFAULTS = {
  slashCommand: '/squall',
  eventsPath: '/slack/events',
  retries: 5,
  retryMinTimeoutMs: 1000,
  fileThreshold: 8000,
  clientPingTimeoutMs: 5000,
} as const;

/**
 * Checks the options and fills in defaults. Every problem is reported at once, with the field,
 * because a half-configured Slack app otherwise fails later with an opaque `invalid_auth`.
 */
export function resolveSlackOptions(options: SlackOptions): ResolvedSlackOptions {
  const problems: ErrorDetail[] = [];
  const bad = (field: string, message: string): void => void problems.push({ field: `slack.${field}`, message });
  if (typeof options.botToken !== 'string' || options.botToken.trim() === '') bad('botToken', 'a bot token (xoxb-…) is required');
  else if (options.botToken.startsWith('xapp-')) bad('botToken', 'this is an app-level token (xapp-…); put it in appToken and give the bot token (xoxb-…) here');
  const appToken = options.appToken?.trim() || undefined;
  const signingSecret = options.signingSecret?.trim() || undefined;
  if (appToken !== undefined && !appToken.startsWith('xapp-')) bad('appToken', 'an app-level token starts with xapp- (Basic Information → App-Level Tokens, scope connections:write)');
  if (appToken === undefined && signingSecret === undefined) bad('signingSecret', 'set appToken for Socket Mode, or signingSecret for HTTP events');
  const slashCommand = options.slashCommand ?? SLACK_DEFAULTS.slashCommand;
  if (!/^\/[\w-]+$/.test(slashCommand)) bad('slashCommand', `"${slashCommand}" is not a slash command such as /squall`);
  const eventsPath = options.eventsPath ?? SLACK_DEFAULTS.eventsPath;
  if (!eventsPath.startsWith('/')) bad('eventsPath', 'must start with /');
  if (options.apiUrl !== undefined && !/^https?:\/\//.test(options.apiUrl)) bad('apiUrl', 'must be an http(s) URL');
  const num = (field: 'retries' | 'retryMinTimeoutMs' | 'fileThreshold' | 'clientPingTimeoutMs', min: number): number => {
    const value = options[field] ?? SLACK_DEFAULTS[field];
    if (!Number.isInteger(value) || value < min) bad(field, `must be an integer ≥ ${min}`);
    return value;
  };
  const resolved: ResolvedSlackOptions = {
    mode: appToken !== undefined ? 'socket' : 'http',
    botToken: options.botToken,
    ...(appToken !== undefined ? { appToken } : {}),
    ...(signingSecret !== undefined ? { signingSecret } : {}),
    slashCommand,
    ...(options.apiUrl !== undefined ? { apiUrl: options.apiUrl } : {}),
    eventsPath,
    retries: num('retries', 0),
    retryMinTimeoutMs: num('retryMinTimeoutMs', 0),
    fileThreshold: num('fileThreshold', 1),
    clientPingTimeoutMs: num('clientPingTimeoutMs', 1),
  };
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    throw new SquallError('CONFIG_INVALID', `Slack adapter options are invalid: ${summary}`, { details: problems });
  }
  return Object.freeze(resolved);
}
