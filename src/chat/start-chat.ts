/**
 * Puts chat on a running App: the Bot over the given adapters, and the ChatNotifier that posts
 * results back through it. `main.ts` calls it with the configured adapters; tests call it with
 * fakes and drive the bot with `chat.bot.inject()`.
 */
import type { App } from '../app.js';
import { Bot } from '../bot.js';
import { ChatNotifier } from '../notify/chat-notifier.js';
import type { ChatAdapter } from './adapter.js';

export interface RunningChat {
  bot: Bot;
  notifier: ChatNotifier;
  /** Resolves once every result posted so far has been handed to its adapter. */
  idle(): Promise<void>;
  /** Stops listening for results and stops the adapters. */
  stop(): Promise<void>;
}

/** Builds the bot and the result notifier, and starts the adapters (see Bot.start for failures). */
export async function startChat(app: App, adapters: readonly ChatAdapter[]): Promise<RunningChat> {
  const logger = app.logger.child({ component: 'chat' });
  const bot = new Bot({
    adapters,
    aliases: app.aliases,
    executor: app.executor,
    triggers: app.triggers,
    renderer: app.renderer,
    config: app.config.chat,
    clock: app.clock,
    logger,
  });
  const notifier = new ChatNotifier({
    executions: app.executions,
    bus: app.bus,
    alias: (ref) => app.aliases.get(ref),
    renderer: app.renderer,
    send: (target, message) => bot.send(target, message),
    logger,
  });
  try {
    await bot.start();
  } catch (err) {
    notifier.stop();
    throw err;
  }
  return {
    bot,
    notifier,
    idle: () => notifier.idle(),
    async stop() {
      notifier.stop();
      await notifier.idle();
      await bot.stop();
    },
  };
}
