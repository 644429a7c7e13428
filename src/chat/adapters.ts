/**
 * Which chat adapters run, from the `chat` configuration: Slack when its tokens are set, Discord
 * when its token is set, and the console prompt when neither runs and stdin is a terminal (never
 * in CI). `enabled: true` forces an adapter on (and a missing token is then a configuration
 * error); `false` keeps it off. Platform SDKs are loaded only for the adapters that run.
 */
import type { ChatConfig } from '../config/config.js';
import type { Route } from '../api/http-server.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { ChatAdapter } from './adapter.js';
import { ConsoleAdapter } from './console/console-adapter.js';

export interface AdapterEnvironment {
  clock: Clock;
  logger: Logger;
  /** The terminal for the console adapter. */
  console: {
    input: NodeJS.ReadableStream;
    output: NodeJS.WritableStream;
    /** Whether `input` is a terminal: the console adapter's `auto` needs one. */
    isTTY: boolean;
    onInterrupt?: () => void;
    onClose?: () => void;
  };
}

/** The adapters to run, and the HTTP routes they need (Slack's events endpoint in HTTP mode). */
export interface ChatAdapters {
  adapters: ChatAdapter[];
  routes: Route[];
}

/** Whether Slack runs: forced, or `auto` with a bot token and either an app token or a signing secret. */
export function slackWanted(config: ChatConfig): boolean {
  const s = config.slack;
  return s.enabled === true || (s.enabled === 'auto' && Boolean(s.botToken) && Boolean(s.appToken || s.signingSecret));
}

/** Whether Discord runs: forced, or `auto` with a token. */
export function discordWanted(config: ChatConfig): boolean {
  return config.discord.enabled === true || (config.discord.enabled === 'auto' && Boolean(config.discord.token));
}

/** Whether the console prompt runs: forced, or `auto` with no platform adapter and a terminal on stdin. */
export function consoleWanted(config: ChatConfig, isTTY: boolean): boolean {
  if (config.console !== 'auto') return config.console;
  return isTTY && !slackWanted(config) && !discordWanted(config);
}

/** Builds the adapters the configuration asks for. Throws CONFIG_INVALID for a forced adapter without its token. */
export async function createChatAdapters(config: ChatConfig, env: AdapterEnvironment): Promise<ChatAdapters> {
  const adapters: ChatAdapter[] = [];
  const routes: Route[] = [];
  if (slackWanted(config)) {
    const { SlackAdapter } = await import('./slack/slack-adapter.js');
    const s = config.slack;
    const slack = new SlackAdapter(
      {
        botToken: s.botToken ?? '',
        ...(s.appToken ? { appToken: s.appToken } : {}),
        ...(s.signingSecret ? { signingSecret: s.signingSecret } : {}),
        slashCommand: s.slashCommand,
      },
      { logger: env.logger, clock: env.clock },
    );
    adapters.push(slack);
    routes.push(...slack.routes());
  }
  if (discordWanted(config)) {
    const { DiscordAdapter } = await import('./discord/discord-adapter.js');
    const d = config.discord;
    adapters.push(
      new DiscordAdapter({
        token: d.token ?? '',
        ...(d.applicationId ? { applicationId: d.applicationId } : {}),
        slashCommand: d.slashCommand,
        logger: env.logger,
        clock: env.clock,
      }),
    );
  }
  if (consoleWanted(config, env.console.isTTY)) {
    adapters.push(
      new ConsoleAdapter({
        input: env.console.input,
        output: env.console.output,
        user: config.consoleUser,
        clock: env.clock,
        ...(env.console.onInterrupt ? { onInterrupt: env.console.onInterrupt } : {}),
        ...(env.console.onClose ? { onClose: env.console.onClose } : {}),
      }),
    );
  }
  return { adapters, routes };
}
