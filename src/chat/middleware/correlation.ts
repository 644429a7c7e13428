import type { ChatMiddleware } from '../middleware.js';

/**
 * Gives the event a correlation id (unless the adapter already did) and a logger that carries it,
 * so one id follows a command from the message through the execution to the posted result.
 */
export function assignCorrelationId(newId: () => string): ChatMiddleware {
  return async (ctx, next) => {
    ctx.event.correlationId ??= newId();
    ctx.logger = ctx.logger.child({ correlation_id: ctx.event.correlationId });
    await next();
  };
}
