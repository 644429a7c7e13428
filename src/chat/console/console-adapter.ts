/**
 * The console adapter: a chat prompt on the terminal, the default when no platform tokens are set.
 * Every line typed is a direct message to the bot (no prefix needed) in a thread of its own, so
 * the ack and the result of a command are printed under that command's number.
 */
import { createInterface, type Interface } from 'node:readline';
import type { ChatAdapter, ChatDispatch, ChatLimits, ChatTarget, OutgoingMessage } from '../adapter.js';
import type { Clock } from '../../util/clock.js';
import { renderConsoleMessage } from './console-format.js';

export interface ConsoleAdapterOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The user id (and name) commands are typed as. */
  user: string;
  clock: Clock;
  /** Shown before each line; default `squall> `. */
  prompt?: string;
  /** ANSI colours and prompt redrawing; default: whether `output` is a terminal. */
  terminal?: boolean;
  /** Ctrl-C at the prompt (the terminal is in raw mode, so no SIGINT reaches the process). */
  onInterrupt?: () => void;
  /** The input ended (Ctrl-D, or the end of a piped stream). */
  onClose?: () => void;
}

/** The console channel: one, named after the adapter. */
const CHANNEL = 'console';

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = 'console';
  /** A terminal takes any length: output is printed whole, never attached. */
  readonly limits: ChatLimits = { textLength: Number.MAX_SAFE_INTEGER, attachments: false };
  readonly #options: ConsoleAdapterOptions;
  readonly #terminal: boolean;
  #rl: Interface | undefined;
  #count = 0;
  #closed = false;

  constructor(options: ConsoleAdapterOptions) {
    this.#options = options;
    this.#terminal = options.terminal ?? Boolean((options.output as { isTTY?: boolean }).isTTY);
  }

  async start(dispatch: ChatDispatch): Promise<void> {
    const rl = createInterface({ input: this.#options.input, output: this.#options.output, terminal: this.#terminal, prompt: this.#options.prompt ?? 'squall> ' });
    this.#rl = rl;
    this.#closed = false;
    rl.on('line', (line) => {
      const text = line.trim();
      if (text === '') return rl.prompt();
      const id = String(++this.#count);
      const user = this.#options.user;
      // Dispatch errors are the bot's to report; the prompt must come back either way.
      void dispatch({
        platform: this.platform,
        kind: 'direct_message',
        target: { platform: this.platform, channel: CHANNEL, thread: id, user },
        user: { id: user, name: user },
        text,
        messageId: id,
        receivedAt: this.#options.clock.now(),
      }).finally(() => this.#prompt());
    });
    rl.on('SIGINT', () => this.#options.onInterrupt?.());
    rl.on('close', () => {
      if (this.#closed) return;
      this.#closed = true;
      this.#options.onClose?.();
    });
    this.#write(`Squall chat on the console: type a command, or "help". Commands need no "!" here.\n`);
    rl.prompt();
  }

  async stop(): Promise<void> {
    this.#closed = true;
    this.#rl?.close();
    this.#rl = undefined;
  }

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }> {
    this.#write(renderConsoleMessage(target, message, this.#terminal));
    // A piped session gets one prompt per command; a terminal gets the prompt (and what was typed) redrawn.
    if (this.#terminal) this.#prompt();
    return {};
  }

  /** Prints above the prompt line, so a result arriving while the user types does not garble it. */
  #write(text: string): void {
    const out = this.#options.output as NodeJS.WritableStream & { clearLine?: (dir: number) => void; cursorTo?: (x: number) => void };
    if (this.#terminal && this.#rl) {
      out.clearLine?.(0);
      out.cursorTo?.(0);
    }
    out.write(text);
  }

  #prompt(): void {
    if (this.#rl && !this.#closed) this.#rl.prompt(true);
  }
}
