/**
 * The Hubot side of the chat benchmark: a Hubot 14 robot (alias `!`, no HTTP server) with one
 * `robot.respond` listener per alias, each regex equivalent to the alias format, and a minimal
 * in-process adapter that receives TextMessages and captures replies. A listener acks, awaits an
 * asynchronous no-op (Hubot has no engine: that turn of the event loop stands for "run the
 * action"), and replies with the same result text Squall renders. Nothing is stored.
 */
import { Adapter, Robot, TextMessage, User, type Envelope } from 'hubot';
import { commandWord, hubotPattern, resultText } from './chat-fixture.js';
import { CHAT_PREFIX, Waiting, type ChatSubject } from './chat-subject.js';

/** The ack Hubot's listener sends first, the length of Squall's default one. */
const ACK = "I'll take it from here! Your execution ID for reference is 0000000000000000000000000.";

class BenchHubotAdapter extends Adapter {
  readonly waiting = new Waiting();
  sent = 0;

  override async send(envelope: Envelope, ...strings: string[]): Promise<void> {
    this.#capture(envelope, strings);
  }

  override async reply(envelope: Envelope, ...strings: string[]): Promise<void> {
    this.#capture(envelope, strings);
  }

  #capture(envelope: Envelope, strings: string[]): void {
    this.sent++;
    const text = strings.join('\n');
    if (text === ACK) return;
    const message = envelope.message;
    this.waiting.settle(message instanceof TextMessage ? message.id : undefined, text);
  }
}

const asyncNoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Starts a robot with `listeners` respond listeners (`_tmp` is unused: Hubot stores nothing here). */
export async function startHubot(_tmp: string, listeners: number): Promise<ChatSubject> {
  let adapter: BenchHubotAdapter | undefined;
  const robot = new Robot({ use: (r) => (adapter = new BenchHubotAdapter(r)) }, false, 'hubot', CHAT_PREFIX);
  await robot.loadAdapter();
  for (let i = 0; i < listeners; i++) {
    const word = commandWord(i);
    robot.respond(hubotPattern(i), async (res) => {
      await res.reply(ACK);
      await asyncNoop();
      await res.reply(resultText(word, res.match[1] ?? ''));
    });
  }
  await robot.run();
  if (!adapter) throw new Error('hubot did not load the benchmark adapter');
  const bench = adapter;
  const user = new User('U-BENCH', { name: 'bench', room: 'C-BENCH' });
  return {
    get sent() {
      return bench.sent;
    },
    roundTrip(text, id) {
      return bench.waiting.wait(id, () => bench.receive(new TextMessage(user, text, id)));
    },
    async stop() {
      robot.shutdown();
    },
  };
}
