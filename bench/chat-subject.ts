/**
 * What the chat benchmark drives on each side (Squall, Hubot): one command in, its result out.
 */

export interface ChatSubject {
  /**
   * Delivers `text` as a new chat message with id `id` (its own thread), as a platform adapter
   * would, and resolves with the text of the result message posted back for it. The ack that
   * comes before the result is sent too, but does not end the round trip.
   */
  roundTrip(text: string, id: string): Promise<string>;
  /** Messages handed to the adapter so far (acks and results). */
  readonly sent: number;
  stop(): Promise<void>;
}

/** The prefix both bots answer to (Squall's default; Hubot's alias). */
export const CHAT_PREFIX = '!';

/**
 * Resolvers of round trips under way, by message id. Each side's adapter settles one when the
 * result message for that id is sent.
 */
export class Waiting {
  readonly #byId = new Map<string, (text: string) => void>();

  /** Registers `id`, runs `deliver`, and resolves once `settle(id, ...)` is called. */
  wait(id: string, deliver: () => Promise<unknown>): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.#byId.set(id, resolve);
      deliver().catch((err: unknown) => {
        this.#byId.delete(id);
        reject(err instanceof Error ? err : new Error(String(err)));
      });
    });
  }

  settle(id: string | undefined, text: string): void {
    if (id === undefined) return;
    const resolve = this.#byId.get(id);
    if (!resolve) return;
    this.#byId.delete(id);
    resolve(text);
  }
}
