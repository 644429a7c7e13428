/**
 * The Squall side of the chat benchmark: `createApp` over the generated alias pack with the lowdb
 * store in a temporary data dir, and `startChat` with a small in-memory adapter. A command goes
 * the whole way an adapter's message goes: Bot middleware (correlation id, addressing, rate limit,
 * authorization), alias match among every alias, execution requested, stored and run by the noop
 * runner, ack rendered and sent, result rendered from the alias's template by the ChatNotifier and
 * sent back to the message's thread.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../src/app.js';
import type { ChatAdapter, ChatDispatch, ChatLimits, ChatTarget, OutgoingMessage } from '../src/chat/adapter.js';
import { startChat, type RunningChat } from '../src/chat/start-chat.js';
import { CHAT_PACK, writeChatPack } from './chat-fixture.js';
import { Waiting, type ChatSubject } from './chat-subject.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PLATFORM = 'bench';

/** An adapter with no network: events are delivered by the benchmark, sends are counted. */
class BenchAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  // Slack's section limit, so the bot fits messages as it would for a real platform.
  readonly limits: ChatLimits = { textLength: 3000, attachments: false };
  readonly waiting = new Waiting();
  sent = 0;
  dispatch: ChatDispatch | undefined;

  async start(dispatch: ChatDispatch): Promise<void> {
    this.dispatch = dispatch;
  }

  async stop(): Promise<void> {
    this.dispatch = undefined;
  }

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ id?: string }> {
    this.sent++;
    // The ack carries no colour; the result (or an error reply) does.
    if (message.color !== undefined) this.waiting.settle(target.thread, message.text);
    return { id: String(this.sent) };
  }
}

/** Starts Squall with `aliases` generated aliases under `tmp`; throws when the pack does not load cleanly. */
export async function startSquall(tmp: string, aliases: number): Promise<ChatSubject> {
  const packsDir = path.join(tmp, 'packs');
  writeChatPack(packsDir, aliases);
  const app: App = await createApp({
    root: tmp,
    env: {},
    quiet: true,
    overrides: {
      packsPaths: [packsDir, path.join(PROJECT_ROOT, 'packs')],
      dataDir: path.join(tmp, 'data'),
      store: { backend: 'lowdb', coalesceMs: 50 },
      // One user sends every command; Hubot has no rate limit, so Squall's is lifted out of the way.
      chat: { rateLimit: { burst: 1_000_000_000, perMinute: 1_000_000_000 } },
    },
  });
  const loaded = app.aliases.list().filter((a) => a.pack === CHAT_PACK).length;
  const problems = app.problems.filter((p) => p.file?.includes(`${path.sep}${CHAT_PACK}${path.sep}`) || p.message.includes(`${CHAT_PACK}.`));
  if (problems.length || loaded !== aliases) {
    await app.stop();
    throw new Error(`the chat benchmark pack did not load cleanly (${loaded}/${aliases} aliases):\n${problems.map((p) => `  ${p.file ?? ''} ${p.message}`).join('\n')}`);
  }
  const adapter = new BenchAdapter();
  let chat: RunningChat;
  try {
    chat = await startChat(app, [adapter]);
  } catch (err) {
    await app.stop();
    throw err;
  }
  return {
    get sent() {
      return adapter.sent;
    },
    roundTrip(text, id) {
      const dispatch = adapter.dispatch;
      if (!dispatch) return Promise.reject(new Error('the chat adapter is not started'));
      return adapter.waiting.wait(id, () =>
        dispatch({ platform: PLATFORM, kind: 'message', target: { platform: PLATFORM, channel: 'C-BENCH', thread: id }, user: { id: 'U-BENCH', name: 'bench' }, text, messageId: id, receivedAt: Date.now() }),
      );
    },
    async stop() {
      await app.idle();
      await chat.idle();
      await app.store.flush();
      await chat.stop();
      await app.stop();
    },
  };
}
