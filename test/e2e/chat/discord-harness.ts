/**
 * The real DiscordAdapter (real discord.js) connected to a FakeDiscord on 127.0.0.1, with a plain
 * dispatch function that records every ChatEvent.
 */
import type { ChatEvent } from '../../../src/chat/adapter.js';
import { DiscordAdapter, type DiscordAdapterOptions } from '../../../src/chat/discord/discord-adapter.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { FakeDiscord, type FakeDiscordOptions } from '../../helpers/fake-discord.js';

export interface DiscordHarness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  events: ChatEvent[];
  logger: MemoryLogger;
  /** Waits for the next event (after those already seen) matching `kind`. */
  nextEvent(kind?: ChatEvent['kind']): Promise<ChatEvent>;
  close(): Promise<void>;
}

export async function startDiscord(options: Partial<DiscordAdapterOptions> = {}, fakeOptions: FakeDiscordOptions = {}): Promise<DiscordHarness> {
  const fake = await FakeDiscord.start(fakeOptions);
  const logger = new MemoryLogger();
  const adapter = new DiscordAdapter({ token: fake.token, restApi: fake.restUrl, logger, ...options });
  const events: ChatEvent[] = [];
  let seen = 0;
  try {
    await adapter.start(async (event) => void events.push(event));
  } catch (err) {
    await fake.close();
    throw err;
  }
  return {
    fake,
    adapter,
    events,
    logger,
    async nextEvent(kind) {
      const event = await fake.waitFor(() => events.slice(seen).find((e) => kind === undefined || e.kind === kind));
      seen = events.indexOf(event) + 1;
      return event;
    },
    async close() {
      await adapter.stop();
      await fake.close();
    },
  };
}
