import type { ChatMiddleware } from '../middleware.js';

/**
 * Drops events written by bots, this one included: a bot answering its own replies (or another
 * bot's) would loop. Adapters mark such users with `isBot`.
 */
export function ignoreBots(): ChatMiddleware {
  return async (ctx, next) => {
    if (ctx.event.user.isBot) {
      ctx.logger.debug('chat event from a bot ignored', { platform: ctx.event.platform, user: ctx.event.user.id });
      return;
    }
    await next();
  };
}
