import type { ChatPermission } from '../../config/config.js';
import type { ChatUser } from '../adapter.js';
import type { ChatMiddleware, ChatContext } from '../middleware.js';

/**
 * Who may run which actions from chat, from `chat.roles` and `chat.permissions`. With no
 * permission entries everyone may run everything (StackStorm's chat has no per-user rights; this
 * keeps that default). A user is written `platform:user-id`; `*` in a pattern matches any text.
 */
export class ChatPermissions {
  readonly #entries: { users: RegExp[]; roles: string[]; allow: RegExp[] }[];
  readonly #roles: Map<string, RegExp[]>;

  constructor(config: { roles?: Readonly<Record<string, readonly string[]>>; permissions?: readonly ChatPermission[] }) {
    this.#roles = new Map(Object.entries(config.roles ?? {}).map(([role, members]) => [role, members.map(glob)]));
    this.#entries = (config.permissions ?? []).map((p) => ({ users: (p.users ?? []).map(glob), roles: p.roles ?? [], allow: p.allow.map(glob) }));
  }

  /** False when no entry is configured: everything is allowed. */
  get restricted(): boolean {
    return this.#entries.length > 0;
  }

  /** The roles `user` holds on `platform`. */
  rolesOf(platform: string, user: Pick<ChatUser, 'id'>): string[] {
    const key = `${platform}:${user.id}`;
    return [...this.#roles].filter(([, members]) => members.some((m) => m.test(key))).map(([role]) => role);
  }

  /** True when `user` on `platform` may run the action `actionRef`. */
  allows(platform: string, user: Pick<ChatUser, 'id'>, actionRef: string): boolean {
    if (!this.restricted) return true;
    const key = `${platform}:${user.id}`;
    const roles = this.rolesOf(platform, user);
    return this.#entries.some((e) => (e.users.some((u) => u.test(key)) || e.roles.some((r) => roles.includes(r))) && e.allow.some((a) => a.test(actionRef)));
  }
}

/**
 * Refuses a command whose action the user may not run. `actionOf` reads the action ref an earlier
 * step found (the matched alias); events without one pass.
 */
export function authorize(permissions: ChatPermissions, actionOf: (ctx: ChatContext) => string | undefined): ChatMiddleware {
  return async (ctx, next) => {
    const ref = actionOf(ctx);
    if (ref === undefined || permissions.allows(ctx.event.platform, ctx.event.user, ref)) return next();
    ctx.logger.warn('chat command not permitted', { platform: ctx.event.platform, user: ctx.event.user.id, action: ref });
    await ctx.reply({ text: `You are not permitted to run ${ref}.`, ephemeral: true, color: 'danger' });
  };
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
