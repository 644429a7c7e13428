/**
 * The Bot: every chat event enters through `dispatch` (adapters call it; tests call `inject`),
 * runs through the middleware (correlation id, bots ignored, addressing, rate limit), and then:
 *
 * - `help` / `help <query>` → the commands the user may run;
 * - another addressed command → alias match → permission check → execution requested with the
 *   chat target recorded → ack in the thread (the ChatNotifier posts the result there later);
 * - anything else (chatter, reactions, members joining) → a `chatops.*` trigger instance.
 *
 * Every reply carries the event's correlation id, and so does every log line about it.
 */
import type { ActionRequest } from './actions/action-executor.js';
import type { AliasChatContext } from './aliases/alias-registry.js';
import type { AliasMatch } from './aliases/alias-matcher.js';
import type { HelpPage, HelpQuery } from './aliases/help.js';
import type { ChatConfig } from './config/config.js';
import { SquallError, errorMessage } from './errors/index.js';
import type { TemplateRenderer } from './expressions/renderer.js';
import type { AliasMeta, ChatTarget, Execution, Params } from './model/index.js';
import type { Clock } from './util/clock.js';
import { newId } from './util/ids.js';
import type { Logger } from './util/logger.js';
import type { ChatAdapter, ChatEvent, OutgoingMessage } from './chat/adapter.js';
import { ackMessage } from './chat/alias-messages.js';
import { chatTrigger } from './chat/chat-triggers.js';
import { errorReply } from './chat/error-reply.js';
import { fitMessage } from './chat/format.js';
import { helpMessage, parseHelp } from './chat/help.js';
import { runMiddleware, type ChatContext, type ChatMiddleware } from './chat/middleware.js';
import { addressing, assignCorrelationId, authorize, ChatPermissions, ignoreBots, rateLimit } from './chat/middleware/index.js';

/** What the bot needs of the alias registry (App.aliases). */
export interface BotAliases {
  match(text: string): AliasMatch[];
  help(query?: HelpQuery): HelpPage;
  get(ref: string): AliasMeta | undefined;
  aliasExecutionRequest(match: AliasMatch, chat: AliasChatContext): ActionRequest;
}

export interface BotDeps {
  adapters: readonly ChatAdapter[];
  aliases: BotAliases;
  executor: { request(request: ActionRequest): Execution };
  triggers: { dispatch(trigger: string, payload: Params, options?: { traceTag?: string }): unknown };
  renderer: TemplateRenderer;
  config: Pick<ChatConfig, 'prefix' | 'names' | 'rateLimit' | 'roles' | 'permissions'>;
  clock: Clock;
  logger: Logger;
  /** Correlation ids; default the sortable ids records use. */
  newId?: () => string;
}

/** An event for `inject`: only the text is required; the rest gets test-friendly defaults. */
export type InjectedEvent = Partial<Omit<ChatEvent, 'user' | 'target'>> & { text: string; user?: Partial<ChatEvent['user']>; target?: Partial<ChatTarget> };

/** What one injected event did: its correlation id, the replies sent for it, the executions it started. */
export interface InjectResult {
  correlationId?: string;
  replies: OutgoingMessage[];
  executions: Execution[];
}

/** Kinds where no prefix is written, so help shows commands without one. */
const UNPREFIXED: readonly ChatEvent['kind'][] = ['direct_message', 'slash_command'];

export class Bot {
  readonly #deps: BotDeps;
  readonly #adapters: Map<string, ChatAdapter>;
  readonly #permissions: ChatPermissions;
  readonly #chain: ChatMiddleware[];
  #started: ChatAdapter[] = [];
  /** The tail of the sends under way per thread: messages to one thread go out in order (ack before result). */
  readonly #threads = new Map<string, Promise<void>>();

  constructor(deps: BotDeps) {
    this.#deps = deps;
    this.#adapters = new Map(deps.adapters.map((a) => [a.platform, a]));
    this.#permissions = new ChatPermissions(deps.config);
    this.#chain = [
      assignCorrelationId(deps.newId ?? (() => newId(deps.clock.now()))),
      ignoreBots(),
      addressing({ prefix: deps.config.prefix, names: deps.config.names }),
      rateLimit({ clock: deps.clock, ...deps.config.rateLimit }),
      (ctx, next) => this.#route(ctx, next),
      authorize(this.#permissions, (ctx) => matchesOf(ctx)[0]?.alias.action_ref),
      (ctx) => this.#execute(ctx),
    ];
  }

  /** The platforms the bot has adapters for. */
  get platforms(): string[] {
    return [...this.#adapters.keys()];
  }

  /**
   * Starts every adapter. One that fails is logged and left out, so Discord still works when
   * Slack's token is wrong; when every adapter fails, start() throws.
   */
  async start(): Promise<void> {
    const dispatch = (event: ChatEvent) => this.dispatch(event);
    const results = await Promise.allSettled(this.#deps.adapters.map((a) => a.start(dispatch).then(() => a)));
    const failed: string[] = [];
    results.forEach((r, i) => {
      const platform = this.#deps.adapters[i]!.platform;
      if (r.status === 'fulfilled') this.#started.push(r.value);
      else {
        failed.push(`${platform}: ${errorMessage(r.reason)}`);
        this.#deps.logger.error('chat adapter did not start', { platform, error: errorMessage(r.reason) });
      }
    });
    if (this.#deps.adapters.length > 0 && this.#started.length === 0) throw new SquallError('CONFIG_INVALID', `no chat adapter started: ${failed.join('; ')}`);
    this.#deps.logger.info('chat started', { platforms: this.#started.map((a) => a.platform) });
  }

  async stop(): Promise<void> {
    const started = this.#started.splice(0);
    await Promise.allSettled(started.map((a) => a.stop()));
  }

  /** The one way in: adapters hand every event here. Never throws; failures are logged and, for commands, told to the user. */
  async dispatch(event: ChatEvent): Promise<void> {
    await this.#handle(event);
  }

  /** Drives the whole bot with one event, as an adapter would, and tells what it did. */
  async inject(input: InjectedEvent): Promise<InjectResult> {
    const platform = input.platform ?? input.target?.platform ?? this.#deps.adapters[0]?.platform ?? 'test';
    const user = { id: 'tester', ...input.user };
    const event: ChatEvent = {
      kind: 'message',
      receivedAt: this.#deps.clock.now(),
      ...input,
      platform,
      user,
      target: { platform, channel: 'test', ...input.target },
    };
    const result: InjectResult = { replies: [], executions: [] };
    const ctx = await this.#handle(event, result);
    if (ctx.event.correlationId) result.correlationId = ctx.event.correlationId;
    return result;
  }

  /**
   * Posts to the adapter of `target.platform`, split to fit the adapter's limits. Throws
   * CHAT_TARGET_INVALID when no adapter of that platform runs here.
   */
  async send(target: ChatTarget, message: OutgoingMessage): Promise<void> {
    const adapter = this.#adapters.get(target.platform);
    if (!adapter) throw new SquallError('CHAT_TARGET_INVALID', `no chat adapter for platform "${target.platform}" is running`);
    const parts = adapter.limits ? fitMessage(message, adapter.limits) : [message];
    // In order: a continuation must not overtake its first part, nor a result its command's ack.
    const key = `${target.platform}\u0000${target.channel}\u0000${target.thread ?? ''}`;
    const previous = this.#threads.get(key) ?? Promise.resolve();
    const mine = previous.then(async () => {
      for (const part of parts) await adapter.send(target, part);
    });
    const tail = mine.catch(() => {});
    this.#threads.set(key, tail);
    void tail.then(() => {
      if (this.#threads.get(key) === tail) this.#threads.delete(key);
    });
    await mine;
  }

  async #handle(event: ChatEvent, capture?: InjectResult): Promise<ChatContext> {
    const ctx: ChatContext = {
      event: { ...event, target: { ...event.target } },
      logger: this.#deps.logger.child({ component: 'chat' }),
      state: capture ? { capture } : {},
      reply: (message) => this.#reply(ctx, message),
    };
    try {
      await runMiddleware(this.#chain, ctx);
    } catch (err) {
      ctx.logger.error('chat event failed', { platform: event.platform, kind: event.kind, error: errorMessage(err) });
      if (ctx.event.addressed) await ctx.reply(errorReply(err, { prefix: this.#prefixFor(ctx.event), ...correlation(ctx.event) }));
    }
    return ctx;
  }

  async #reply(ctx: ChatContext, message: OutgoingMessage): Promise<void> {
    const event = ctx.event;
    const full: OutgoingMessage = { ...message, ...(event.correlationId ? { correlationId: event.correlationId } : {}) };
    (ctx.state.capture as InjectResult | undefined)?.replies.push(full);
    try {
      await this.send({ ...event.target, user: event.user.id }, full);
    } catch (err) {
      ctx.logger.error('chat reply could not be sent', { platform: event.platform, channel: event.target.channel, error: errorMessage(err) });
    }
  }

  /** Help, matching, and events that are no command (which become triggers). */
  async #route(ctx: ChatContext, next: () => Promise<void>): Promise<void> {
    const { event } = ctx;
    if (!event.addressed) return this.#emitTrigger(ctx);
    const prefix = this.#prefixFor(event);
    if (event.text === '') return ctx.reply({ text: `Type "${prefix}help" to see the commands.`, ephemeral: true });
    const help = parseHelp(event.text);
    if (help) return ctx.reply(this.#help(event, help.query, prefix));
    let matches: AliasMatch[];
    try {
      matches = this.#deps.aliases.match(event.text);
    } catch (err) {
      ctx.logger.debug('chat command matched no alias', { platform: event.platform, user: event.user.id, error: errorMessage(err) });
      await ctx.reply(errorReply(err, { prefix, ...correlation(event) }));
      // An addressed message that ran nothing is still chat that rules may want to see.
      if (isSquallErrorCode(err, 'ALIAS_NO_MATCH')) this.#emitTrigger(ctx);
      return;
    }
    ctx.state.matches = matches;
    await next();
  }

  async #execute(ctx: ChatContext): Promise<void> {
    const { event } = ctx;
    const capture = ctx.state.capture as InjectResult | undefined;
    const chat: AliasChatContext = {
      target: { platform: event.platform, channel: event.target.channel, ...(event.target.thread ? { thread: event.target.thread } : {}), user: event.user.id },
      // The id, not the display name: names can be changed by their owners, and api_user picks the st2kv.user scope.
      apiUser: event.user.id,
      ...(event.correlationId ? { traceTag: event.correlationId } : {}),
    };
    for (const match of matchesOf(ctx)) {
      let execution: Execution;
      try {
        execution = this.#deps.executor.request(this.#deps.aliases.aliasExecutionRequest(match, chat));
      } catch (err) {
        ctx.logger.info('chat command refused', { alias: match.alias.ref, action: match.alias.action_ref, error: errorMessage(err) });
        await ctx.reply(errorReply(err, { prefix: this.#prefixFor(event), ...correlation(event) }));
        return;
      }
      capture?.executions.push(execution);
      ctx.logger.info('chat command started an execution', {
        platform: event.platform,
        channel: event.target.channel,
        user: event.user.id,
        alias: match.alias.ref,
        action: execution.action.ref,
        execution_id: execution.id,
      });
      const ack = ackMessage(this.#deps.renderer, match.alias, execution);
      if (ack) await ctx.reply(ack);
    }
  }

  #help(event: ChatEvent, query: string, prefix: string): OutgoingMessage {
    const page = this.#deps.aliases.help(query ? { query } : {});
    const entries = page.groups.flatMap((g) => g.entries).map((e) => ({ ...e, actionRef: this.#deps.aliases.get(e.alias)?.action_ref ?? '' }));
    return helpMessage(entries, { query, prefix, allowed: (ref) => this.#permissions.allows(event.platform, event.user, ref) });
  }

  #emitTrigger(ctx: ChatContext): void {
    const trigger = chatTrigger(ctx.event);
    if (!trigger) return ctx.logger.debug('chat event is no trigger', { kind: ctx.event.kind });
    try {
      this.#deps.triggers.dispatch(trigger.ref, trigger.payload, ctx.event.correlationId ? { traceTag: ctx.event.correlationId } : {});
    } catch (err) {
      // Without the chatops pack loaded the trigger types are unknown, and no rule can wait for them.
      ctx.logger.debug('chat trigger not dispatched', { trigger: trigger.ref, error: errorMessage(err) });
    }
  }

  #prefixFor(event: ChatEvent): string {
    return UNPREFIXED.includes(event.kind) ? '' : this.#deps.config.prefix;
  }
}

function matchesOf(ctx: ChatContext): AliasMatch[] {
  return (ctx.state.matches as AliasMatch[] | undefined) ?? [];
}

function correlation(event: ChatEvent): { correlationId?: string } {
  return event.correlationId ? { correlationId: event.correlationId } : {};
}

function isSquallErrorCode(err: unknown, code: string): boolean {
  return err instanceof SquallError && err.code === code;
}
