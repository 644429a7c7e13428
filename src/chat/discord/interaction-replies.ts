/**
 * Slash-command interactions waiting for their answer. Discord wants a response within 3 s, so the
 * adapter defers at once and keeps the interaction token here; later sends to the interaction's
 * target edit the deferred reply, then post follow-ups. The token is good for 15 minutes; after
 * that (or after a restart, since tokens are only kept in memory) results go to the channel.
 */
import type { Clock } from '../../util/clock.js';

/** Marks a ChatTarget's `thread` as "answer through this interaction". */
export const INTERACTION_THREAD_PREFIX = 'interaction:';

/** Discord's interaction token lifetime, less a margin for the request in flight. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000 - 30_000;

export interface PendingInteraction {
  id: string;
  applicationId: string;
  token: string;
  createdAt: number;
  /** True once the deferred reply has been edited or deleted; later messages are follow-ups. */
  originalUsed: boolean;
}

export class InteractionReplies {
  readonly #clock: Clock;
  readonly #pending = new Map<string, PendingInteraction>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The `thread` value of a ChatTarget that answers interaction `id`. */
  static threadFor(id: string): string {
    return INTERACTION_THREAD_PREFIX + id;
  }

  /** True when a target's thread names an interaction (live or not). */
  static isInteractionThread(thread: string | undefined): boolean {
    return thread?.startsWith(INTERACTION_THREAD_PREFIX) === true;
  }

  add(interaction: { id: string; applicationId: string; token: string }): void {
    this.#prune();
    this.#pending.set(interaction.id, { ...interaction, createdAt: this.#clock.now(), originalUsed: false });
  }

  /** The live interaction a target's thread names, or undefined when unknown or expired. */
  lookup(thread: string | undefined): PendingInteraction | undefined {
    if (!InteractionReplies.isInteractionThread(thread)) return undefined;
    const pending = this.#pending.get(thread!.slice(INTERACTION_THREAD_PREFIX.length));
    if (!pending) return undefined;
    if (this.#expired(pending)) {
      this.#pending.delete(pending.id);
      return undefined;
    }
    return pending;
  }

  get size(): number {
    return this.#pending.size;
  }

  clear(): void {
    this.#pending.clear();
  }

  #expired(p: PendingInteraction): boolean {
    return this.#clock.now() - p.createdAt >= INTERACTION_TOKEN_TTL_MS;
  }

  #prune(): void {
    for (const p of this.#pending.values()) if (this.#expired(p)) this.#pending.delete(p.id);
  }
}
