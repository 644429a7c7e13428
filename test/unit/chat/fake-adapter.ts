/**
 * A chat adapter for tests: records every message sent, and lets a test deliver events the way a
 * platform adapter would (through the dispatch function the bot gave it).
 */
import type { ChatAdapter, ChatDispatch, ChatEvent, ChatLimits, ChatTarget, OutgoingMessage } from '../../../src/chat/adapter.js';

export interface SentMessage {
  target: ChatTarget;
  message: OutgoingMessage;
}

export class FakeAdapter implements ChatAdapter {
  readonly platform: string;
  readonly limits?: ChatLimits;
  readonly sent: SentMessage[] = [];
  #dispatch: ChatDispatch | undefined;
  stopped = false;

  constructor(platform = 'fake', limits?: ChatLimits) {
    this.platform = platform;
    if (limits) this.limits = limits;
  }

  async start(dispatch: ChatDispatch): Promise<void> {
    this.#dispatch = dispatch;
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }> {
    this.sent.push({ target, message });
    return { id: String(this.sent.length) };
  }

  /** Delivers an event as the platform would. */
  deliver(event: Omit<ChatEvent, 'platform' | 'receivedAt'> & { receivedAt?: number }): Promise<void> {
    if (!this.#dispatch) throw new Error('adapter not started');
    return this.#dispatch({ receivedAt: Date.now(), ...event, platform: this.platform });
  }

  /** Messages sent to one thread, in order. */
  inThread(thread: string): OutgoingMessage[] {
    return this.sent.filter((s) => s.target.thread === thread).map((s) => s.message);
  }
}
