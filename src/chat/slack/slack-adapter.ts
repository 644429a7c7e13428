import { App, SocketModeReceiver, type AllMiddlewareArgs, type AnyMiddlewareArgs } from '@slack/bolt';
import type { ChatAdapter, ChatDispatch, ChatEvent, OutgoingMessage } from '../adapter.js';
import type { ChatTarget } from '../../model/chat-target.js';
import type { Route } from '../../api/http-server.js';
import { SquallError, errorMessage } from '../../errors/index.js';
import { systemClock, type Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { BoltLogger } from './bolt-logger.js';
import { RecentIds } from './recent-ids.js';
import { SlackEventsRoute } from './slack-events-route.js';
import { resolveSlackOptions, type ResolvedSlackOptions, type SlackOptions } from './slack-options.js';
import { SlackSender } from './slack-sender.js';
import * as map from './slack-events.js';

/** What the adapter needs from the rest of Squall. */
export interface SlackAdapterDeps {
  logger: Logger;
  clock?: Clock;
}

/** Where the connection stands; Socket Mode moves through reconnecting on its own. */
export type SlackConnectionState = 'stopped' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * Slack through @slack/bolt. Socket Mode when an app token is configured (no public URL needed;
 * the SDK reconnects after a drop), otherwise HTTP events: then `routes()` is mounted on Squall's
 * HTTP server and verifies Slack's signature itself (see SlackEventsRoute for why not Bolt's own
 * HTTP receiver). Both transports feed the same Bolt listeners, which turn slash commands,
 * mentions, DMs, channel messages, reactions, joins and button clicks into ChatEvents for the one
 * dispatch function. Bolt drops the bot's own messages; Events API redeliveries are dropped by
 * event_id.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack';
  readonly options: ResolvedSlackOptions;
  readonly #app: App;
  readonly #events: SlackEventsRoute | undefined;
  readonly #socket: SocketModeReceiver | undefined;
  readonly #sender: SlackSender;
  readonly #recent: RecentIds;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #dispatch: ChatDispatch | undefined;
  #state: SlackConnectionState = 'stopped';

  constructor(options: SlackOptions, deps: SlackAdapterDeps) {
    this.options = resolveSlackOptions(options);
    this.#clock = deps.clock ?? systemClock;
    this.#logger = deps.logger.child({ component: 'chat.slack' });
    this.#recent = new RecentIds(this.#clock);
    const o = this.options;
    const boltLogger = new BoltLogger(this.#logger);
    const apiUrl = o.apiUrl !== undefined ? { slackApiUrl: o.apiUrl } : {};
    if (o.appToken !== undefined) {
      this.#socket = new SocketModeReceiver({
        appToken: o.appToken,
        logger: boltLogger,
        clientPingTimeout: o.clientPingTimeoutMs,
        // Without this the socket client asks the real Slack for its WebSocket URL.
        installerOptions: { clientOptions: { ...apiUrl } },
      });
      this.#watchSocket(this.#socket);
    } else {
      this.#events = new SlackEventsRoute({ signingSecret: o.signingSecret!, path: o.eventsPath, clock: this.#clock, logger: this.#logger });
    }
    this.#app = new App({
      token: o.botToken,
      receiver: (this.#socket ?? this.#events)!,
      logger: boltLogger,
      // auth.test (who the bot is) runs in start(), where a failure can be reported, not in the constructor.
      deferInitialization: true,
      clientOptions: { ...apiUrl, retryConfig: { retries: o.retries, factor: 2, minTimeout: o.retryMinTimeoutMs, maxTimeout: 60_000 } },
    });
    this.#sender = new SlackSender({ client: this.#app.client, fileThreshold: o.fileThreshold, clock: this.#clock, logger: this.#logger });
    this.#listen();
  }

  get state(): SlackConnectionState {
    return this.#state;
  }

  /** HTTP mode: the events route for Squall's HTTP server (public, signature-checked). Socket Mode: none. */
  routes(): Route[] {
    return this.#events ? [this.#events.route()] : [];
  }

  async start(dispatch: ChatDispatch): Promise<void> {
    if (this.#dispatch) return;
    this.#dispatch = dispatch;
    this.#state = 'connecting';
    try {
      await this.#app.init();
      await this.#app.start();
    } catch (err) {
      this.#dispatch = undefined;
      this.#state = 'disconnected';
      throw new SquallError('CHAT_CONNECT_FAILED', `Slack adapter could not start: ${slackReason(err)}`, { cause: err });
    }
    this.#state = 'connected';
    this.#logger.info('slack adapter started', { mode: this.options.mode });
  }

  async stop(): Promise<void> {
    this.#dispatch = undefined;
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    // app.stop() resolves before the socket's close handshake; disconnect() waits for it.
    if (this.#socket) await this.#socket.client.disconnect();
    else await this.#app.stop();
  }

  send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }> {
    return this.#sender.send(target, message);
  }

  #listen(): void {
    const app = this.#app;
    const now = (): number => this.#clock.now();
    app.use(async (args: AnyMiddlewareArgs & AllMiddlewareArgs) => {
      const eventId = (args.body as { event_id?: unknown }).event_id;
      if (typeof eventId === 'string' && this.#recent.seen(eventId)) {
        this.#logger.info('slack redelivery dropped', { eventId, retryNum: args.context.retryNum });
        return;
      }
      await args.next();
    });
    app.command(/^\/.+/, async ({ command, ack }) => {
      if (command.command !== this.options.slashCommand) {
        await ack({ response_type: 'ephemeral', text: `This app answers ${this.options.slashCommand}; ${command.command} is not set up for it.` });
        return;
      }
      // in_channel with no text shows the typed command to the channel, so the reply that follows has context.
      await ack({ response_type: 'in_channel' });
      if (command.response_url) this.#sender.rememberResponseUrl(command.channel_id, command.response_url);
      await this.#deliver(map.commandEvent(command, now()));
    });
    app.event('app_mention', async ({ event, context }) => {
      await this.#deliver(map.mentionEvent(event as unknown as map.MessagePayload, context, now()));
    });
    app.message(async ({ message, context }) => {
      await this.#deliver(map.messageEvent(message as unknown as map.MessagePayload, context, now()));
    });
    app.event('reaction_added', async ({ event, context }) => {
      await this.#deliver(map.reactionEvent(event as unknown as map.ReactionPayload, context, now()));
    });
    app.event('member_joined_channel', async ({ event, context }) => {
      await this.#deliver(map.memberJoinedEvent(event, context, now()));
    });
    app.action({ type: 'block_actions' }, async ({ ack, body, action, context }) => {
      await ack();
      await this.#deliver(map.actionEvent(body as unknown as map.BlockActionBody, action as unknown as map.BlockActionPayload, context, now()));
    });
    app.error(async (err) => {
      this.#logger.error('slack listener failed', { error: slackReason(err) });
    });
  }

  /** Hands the event to the bot; a failing dispatch is logged, never sent back into Bolt. */
  async #deliver(event: ChatEvent | undefined): Promise<void> {
    const dispatch = this.#dispatch;
    if (!event || !dispatch) return;
    try {
      await dispatch(event);
    } catch (err) {
      this.#logger.error('chat dispatch failed', { kind: event.kind, channel: event.target.channel, error: errorMessage(err), correlationId: event.correlationId });
    }
  }

  #watchSocket(receiver: SocketModeReceiver): void {
    receiver.client.on('connected', () => {
      if (this.#state === 'reconnecting') this.#logger.info('slack socket reconnected');
      if (this.#state !== 'stopped') this.#state = 'connected';
    });
    receiver.client.on('reconnecting', () => {
      if (this.#state === 'stopped') return;
      this.#state = 'reconnecting';
      this.#logger.warn('slack socket dropped; reconnecting');
    });
    receiver.client.on('disconnected', () => {
      if (this.#state !== 'stopped') this.#state = 'disconnected';
    });
  }
}

/** Slack's error code when there is one (`invalid_auth`), else the message. */
function slackReason(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : errorMessage(err);
}
