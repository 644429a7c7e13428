/**
 * The Discord adapter on discord.js: a gateway connection for messages, the application slash
 * command, reactions and member joins, and the REST client for sending. This folder is the only
 * place that imports discord.js. Prefixes, authorization and rate limiting per user are the chat
 * middleware's job; the adapter delivers every message a person writes.
 */
import { Client, Events, GatewayIntentBits, Partials, RESTEvents, type Interaction, type RateLimitData } from 'discord.js';
import type { ChatAdapter, ChatDispatch, ChatEvent, ChatLimits, ChatTarget, OutgoingMessage } from '../adapter.js';
import { SquallError, errorMessage } from '../../errors/index.js';
import { systemClock, type Clock } from '../../util/clock.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { PLATFORM, memberJoinedEvent, messageEvent, reactionEvent, slashCommandEvent, type InboundContext } from './discord-events.js';
import { DISCORD_LIMITS, renderDiscordMessage } from './discord-render.js';
import { DiscordSender } from './discord-sender.js';
import { InteractionReplies } from './interaction-replies.js';
import { isValidCommandName, registerSlashCommand } from './slash-command.js';

export interface DiscordAdapterOptions {
  /** The bot token (`DISCORD_TOKEN`). */
  token: string;
  /** The application id; when set, the slash command is registered on start. */
  applicationId?: string;
  /** Slash command name, default `squall`. */
  slashCommand?: string;
  /** REST base URL instead of https://discord.com/api (tests point it at a local fake). The gateway URL comes from its `/gateway/bot`. */
  restApi?: string;
  /** Also deliver messages and reactions from other bots (marked `isBot`). Default false. */
  includeBots?: boolean;
  /** How long start() waits for the gateway to be ready. Default 30 s. */
  readyTimeoutMs?: number;
  logger?: Logger;
  clock?: Clock;
}

/** Guild messages with their text (privileged MessageContent), DMs, reactions, member joins (privileged GuildMembers). */
export const DISCORD_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.GuildMessageReactions,
  GatewayIntentBits.GuildMembers,
] as const;

/**
 * Partials let events through for things not in the cache: DM channels (never cached before their
 * first message), and messages, reactions and users behind a reaction on an old message.
 */
const PARTIALS = [Partials.Channel, Partials.Message, Partials.Reaction, Partials.User, Partials.GuildMember];

export class DiscordAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly limits: ChatLimits = { textLength: DISCORD_LIMITS.content, attachments: true };
  readonly #options: DiscordAdapterOptions;
  readonly #command: string;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #interactions: InteractionReplies;
  #client: Client | undefined;
  #sender: DiscordSender | undefined;
  #dispatch: ChatDispatch | undefined;
  #starting: Promise<void> | undefined;

  constructor(options: DiscordAdapterOptions) {
    if (!options.token?.trim()) {
      throw new SquallError('CONFIG_INVALID', 'Discord needs a bot token', { details: [{ field: 'discord.token', message: 'must be a non-empty string' }] });
    }
    const command = options.slashCommand ?? 'squall';
    if (!isValidCommandName(command)) {
      throw new SquallError('CONFIG_INVALID', `Discord slash command name "${command}" is not valid`, {
        details: [{ field: 'discord.slashCommand', message: 'must be 1-32 lowercase letters, digits, "-" or "_"' }],
      });
    }
    this.#options = options;
    this.#command = command;
    this.#logger = (options.logger ?? silentLogger).child({ component: 'chat.discord' });
    this.#clock = options.clock ?? systemClock;
    this.#interactions = new InteractionReplies(this.#clock);
  }

  /** The slash command this adapter answers. */
  get slashCommand(): string {
    return this.#command;
  }

  /** Connects once; a second call while connecting or connected waits for the same connection. */
  start(dispatch: ChatDispatch): Promise<void> {
    this.#starting ??= this.#connect(dispatch).catch((err: unknown) => {
      this.#starting = undefined;
      throw err;
    });
    return this.#starting;
  }

  async #connect(dispatch: ChatDispatch): Promise<void> {
    const client = new Client({
      intents: [...DISCORD_INTENTS],
      partials: PARTIALS,
      rest: this.#options.restApi ? { api: this.#options.restApi } : {},
    });
    this.#dispatch = dispatch;
    this.#wire(client);
    const ready = this.#waitReady(client, this.#options.readyTimeoutMs ?? 30_000);
    try {
      await client.login(this.#options.token);
      await ready.promise;
    } catch (err) {
      ready.cancel();
      await client.destroy().catch(() => undefined);
      throw new SquallError('CHAT_CONNECT_FAILED', `Discord connection failed: ${errorMessage(err)}`, { cause: err });
    }
    this.#client = client;
    this.#sender = new DiscordSender(client.rest, (id) => client.channels.cache.get(id)?.isThread() === true, this.#interactions, this.#logger);
    this.#logger.info('discord connected', { user: client.user?.id, guilds: client.guilds.cache.size });
    if (this.#options.applicationId) await this.#register(client);
  }

  async stop(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    this.#starting = undefined;
    const client = this.#client;
    this.#client = undefined;
    this.#sender = undefined;
    this.#interactions.clear();
    if (client) await client.destroy();
  }

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }> {
    if (!this.#sender) throw new SquallError('CHAT_SEND_FAILED', 'Discord adapter is not started');
    const payloads = renderDiscordMessage(message);
    if (payloads.length === 0) return {};
    const sent = await this.#sender.send(target, payloads, message.ephemeral === true);
    this.#logger.debug('discord message sent', { channel: target.channel, messages: payloads.length, correlationId: message.correlationId });
    return sent;
  }

  #wire(client: Client): void {
    const ctx = (): InboundContext => ({ selfId: client.user?.id ?? '', includeBots: this.#options.includeBots === true, now: this.#clock.now() });
    client.on(Events.MessageCreate, (msg) => this.#deliver(messageEvent(msg, ctx())));
    client.on(Events.InteractionCreate, (interaction) => void this.#onInteraction(interaction, ctx()));
    client.on(Events.MessageReactionAdd, (reaction, user) => this.#deliver(reactionEvent(reaction, user, ctx())));
    client.on(Events.GuildMemberAdd, (member) => this.#deliver(memberJoinedEvent(member, ctx())));
    client.on(Events.ShardDisconnect, (event, shard) => this.#logger.warn('discord gateway disconnected', { shard, code: event.code }));
    client.on(Events.ShardReconnecting, (shard) => this.#logger.info('discord gateway reconnecting', { shard }));
    client.on(Events.ShardResume, (shard, replayed) => this.#logger.info('discord gateway resumed', { shard, replayed }));
    client.on(Events.ShardError, (err, shard) => this.#logger.warn('discord gateway error', { shard, error: errorMessage(err) }));
    client.on(Events.Warn, (msg) => this.#logger.warn('discord warning', { detail: msg }));
    // An 'error' event without a listener would throw and take the process down.
    client.on(Events.Error, (err) => this.#logger.error('discord client error', { error: errorMessage(err) }));
    client.rest.on(RESTEvents.RateLimited, (info: RateLimitData) => {
      this.#logger.warn('discord rate limited', { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global, scope: info.scope });
    });
  }

  /**
   * Our slash command: defer first (Discord drops interactions not answered within 3 s), then
   * dispatch. If deferring fails the token cannot carry a reply, so results go to the channel.
   */
  async #onInteraction(interaction: Interaction, ctx: InboundContext): Promise<void> {
    if (!interaction.isChatInputCommand() || interaction.commandName !== this.#command) return;
    const event = slashCommandEvent(interaction, ctx);
    try {
      await interaction.deferReply();
      this.#interactions.add({ id: interaction.id, applicationId: interaction.applicationId, token: interaction.token });
    } catch (err) {
      this.#logger.warn('discord interaction could not be acknowledged', { interaction: interaction.id, error: errorMessage(err) });
      const { thread: _interaction, ...target } = event.target;
      event.target = target;
    }
    this.#deliver(event);
  }

  #deliver(event: ChatEvent | undefined): void {
    const dispatch = this.#dispatch;
    if (!event || !dispatch) return;
    dispatch(event).catch((err: unknown) => {
      this.#logger.error('chat dispatch failed', { kind: event.kind, channel: event.target.channel, error: errorMessage(err) });
    });
  }

  async #register(client: Client): Promise<void> {
    const applicationId = this.#options.applicationId!;
    try {
      await registerSlashCommand(client.rest, applicationId, this.#command);
      this.#logger.info('discord slash command registered', { command: this.#command, applicationId });
    } catch (err) {
      // Messages still work without the command; a missing `applications.commands` scope should not stop the bot.
      this.#logger.warn('discord slash command registration failed', { command: this.#command, error: errorMessage(err) });
    }
  }

  #waitReady(client: Client, timeoutMs: number): { promise: Promise<void>; cancel(): void } {
    let timer: { cancel(): void } | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      client.once(Events.ClientReady, () => {
        timer?.cancel();
        resolve();
      });
      timer = this.#clock.setTimeout(() => reject(new Error(`gateway not ready after ${timeoutMs} ms`)), timeoutMs);
    });
    // A login failure rejects login() first; keep this one from being reported as unhandled.
    promise.catch(() => undefined);
    return { promise, cancel: () => timer?.cancel() };
  }
}
