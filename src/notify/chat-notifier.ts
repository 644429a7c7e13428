/**
 * Results back to chat. When an execution started from chat completes, its result is posted to
 * the platform, channel and thread it came from, rendered from its alias's `result` template.
 * Each execution's result is posted once, however many status events arrive.
 *
 * Executions started any other way (rules, the CLI) reach chat through notify routes: a route
 * `chat:<platform>:<channel>` or `chat:<platform>:<channel>:<thread>` in an action's `notify`
 * section posts that notification's message there.
 */
import { errorMessage } from '../errors/index.js';
import { isCompleted, type AliasMeta, type ChatTarget, type Execution, type TriggerInstance } from '../model/index.js';
import type { ExecutionEvent } from '../executions/execution-service.js';
import type { TemplateRenderer } from '../expressions/renderer.js';
import type { TriggerBus } from '../triggers/trigger-bus.js';
import type { Logger } from '../util/logger.js';
import type { OutgoingMessage } from '../chat/adapter.js';
import { resultMessage } from '../chat/alias-messages.js';

export interface ChatNotifierDeps {
  executions: { on(listener: (event: ExecutionEvent) => void): () => void };
  /** For notify routes; without it only chat-started executions are posted. */
  bus?: Pick<TriggerBus, 'subscribe'>;
  /** The alias an execution was started from (`context.action_alias_ref`). */
  alias(ref: string): AliasMeta | undefined;
  renderer: TemplateRenderer;
  /** Posts to the adapter of `target.platform` (the Bot's `send`). */
  send(target: ChatTarget, message: OutgoingMessage): Promise<unknown>;
  logger: Logger;
}

/** Execution ids remembered as already posted. */
const REMEMBERED = 10_000;
const NOTIFY_TRIGGER = 'core.st2.generic.notifytrigger';

/** Parses `chat:<platform>:<channel>[:<thread>]`; undefined for any other route. */
export function parseChatRoute(route: string): ChatTarget | undefined {
  const m = /^chat:([^:]+):([^:]+)(?::(.+))?$/.exec(route);
  if (!m) return undefined;
  return { platform: m[1]!, channel: m[2]!, ...(m[3] ? { thread: m[3] } : {}) };
}

export class ChatNotifier {
  readonly #deps: ChatNotifierDeps;
  readonly #posted = new Set<string>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(deps: ChatNotifierDeps) {
    this.#deps = deps;
    this.#unsubscribe.push(deps.executions.on((event) => this.#onExecution(event)));
    if (deps.bus) this.#unsubscribe.push(deps.bus.subscribe((instance) => this.#onTrigger(instance)));
  }

  /** Resolves once every post started so far has finished (or failed). */
  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  /** Stops listening; posts under way still finish. */
  stop(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
  }

  #onExecution(event: ExecutionEvent): void {
    if (event.type !== 'status' || !isCompleted(event.execution.status)) return;
    const e = event.execution;
    const chat = e.context.chat;
    // A workflow's tasks do not answer in chat; the workflow itself does.
    if (!chat || e.parent || this.#posted.has(e.id)) return;
    this.#remember(e.id);
    // The bot records the chat event's correlation id as the execution's trace tag.
    const correlationId = e.context.trace_tag;
    const logger = this.#deps.logger.child({ ...(correlationId ? { correlation_id: correlationId } : {}), execution_id: e.id });
    let message: OutgoingMessage | undefined;
    try {
      const alias = e.context.action_alias_ref ? this.#deps.alias(e.context.action_alias_ref) : undefined;
      message = resultMessage(this.#deps.renderer, alias, e);
    } catch (err) {
      logger.error('chat result could not be formatted', { error: errorMessage(err) });
      message = { text: `Execution ${e.id} ${e.status}; its result could not be formatted.`, color: 'danger' };
    }
    if (!message) return logger.debug('chat result disabled by the alias');
    const target: ChatTarget = { platform: chat.platform, channel: chat.channel, ...(chat.thread ? { thread: chat.thread } : {}) };
    this.#post(target, { ...message, ...(correlationId ? { correlationId } : {}) }, logger, e);
  }

  #onTrigger(instance: TriggerInstance): void {
    if (instance.trigger !== NOTIFY_TRIGGER) return;
    const payload = instance.payload as Record<string, unknown>;
    const target = typeof payload.route === 'string' ? parseChatRoute(payload.route) : undefined;
    if (!target) return;
    const logger = this.#deps.logger.child({ execution_id: payload.execution_id, route: payload.route });
    const status = String(payload.status ?? '');
    const text = typeof payload.message === 'string' ? payload.message : `Execution ${String(payload.execution_id)} ${status}.`;
    this.#post(target, { text, color: status === 'succeeded' ? 'good' : 'danger' }, logger);
  }

  #post(target: ChatTarget, message: OutgoingMessage, logger: Logger, execution?: Execution): void {
    const p = this.#deps
      .send(target, message)
      .then(() => logger.info('chat result posted', { platform: target.platform, channel: target.channel, ...(execution ? { status: execution.status } : {}) }))
      .catch((err: unknown) => logger.error('chat result could not be posted', { platform: target.platform, channel: target.channel, error: errorMessage(err) }))
      .finally(() => this.#inFlight.delete(p));
    this.#inFlight.add(p);
  }

  #remember(id: string): void {
    this.#posted.add(id);
    if (this.#posted.size > REMEMBERED) this.#posted.delete(this.#posted.values().next().value as string);
  }
}
