/** The built-in chat middleware, each a plain function returning a ChatMiddleware. */
export { addressing, type AddressingOptions } from './addressing.js';
export { authorize, ChatPermissions } from './authorize.js';
export { assignCorrelationId } from './correlation.js';
export { ignoreBots } from './ignore-bots.js';
export { rateLimit, TokenBuckets, type RateLimitOptions } from './rate-limit.js';
