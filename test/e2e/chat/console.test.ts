/**
 * The console adapter end to end: lines written to a PassThrough "stdin" go through the real bot
 * and engine, and the ack and result are printed to a PassThrough "stdout". The last case runs
 * `startServer` (what `npm start` runs) with the console forced on.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import YAML from 'yaml';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../../../src/chat/console/console-adapter.js';
import { startChat, type RunningChat } from '../../../src/chat/start-chat.js';
import { startServer, type RunningServer } from '../../../src/main.js';
import { systemClock } from '../../../src/util/clock.js';
import { PROJECT_ROOT, startTestApp, stopTestApps, waitFor } from '../../helpers/app.js';
import { makeTempDir, removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';

const PACK = {
  'aliases/say.yaml': { name: 'say', pack: 'demo', action_ref: 'core.echo', description: 'Echo a message back', formats: ['say {{message}}'] },
};

/** A terminal made of two streams, with everything printed so far. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (c: Buffer) => (printed += c.toString('utf8')));
  return {
    input,
    output,
    printed: () => printed,
    type: (line: string) => void input.write(line + '\n'),
    waitFor: (text: string | RegExp) => waitFor(() => (typeof text === 'string' ? printed.includes(text) : text.test(printed)), `console output ${String(text)}\n--- printed so far ---\n${printed}`),
  };
}

let chat: RunningChat | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
  await chat?.stop();
  chat = undefined;
  await server?.stop();
  server = undefined;
  await stopTestApps();
});
afterAll(() => removeTempDirs());

describe('console adapter', () => {
  it('answers help and runs a command: ack and result under the command number', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ demo: PACK }) });
    const term = terminal();
    const adapter = new ConsoleAdapter({ input: term.input, output: term.output, user: 'alice', clock: systemClock, terminal: false });
    chat = await startChat(app, [adapter]);
    await term.waitFor('squall> ');
    expect(term.printed()).toContain('type a command, or "help"');

    term.type('help');
    await term.waitFor('[1] Commands (1)');
    expect(term.printed()).toContain('  say {{message}} - Echo a message back');

    term.type('say hello from the console');
    await term.waitFor(/\[2\] core\.echo succeeded\n {2}Took .+\n {2}│ hello from the console\n/);
    const out = term.printed();
    expect(out).toMatch(/\[2\] I'll take it from here! Your execution ID for reference is \w+\./);
    // The ack comes before the result, and both carry the same correlation id.
    const ids = [...out.matchAll(/\(correlation (\w+)\)/g)].map((m) => m[1]);
    expect(ids.length).toBe(3);
    expect(ids[1]).toBe(ids[2]);
    expect(out.indexOf("I'll take it from here")).toBeLessThan(out.indexOf('core.echo succeeded'));

    const execution = app.executions.list({ action: 'core.echo' })[0];
    expect(execution?.context).toMatchObject({ api_user: 'alice', chat: { platform: 'console', channel: 'console', thread: '2', user: 'alice' } });
  });

  it('an unknown command gets a helpful reply; the end of input is reported', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ demo: PACK }) });
    const term = terminal();
    let closed = false;
    const adapter = new ConsoleAdapter({ input: term.input, output: term.output, user: 'bob', clock: systemClock, terminal: false, onClose: () => (closed = true) });
    chat = await startChat(app, [adapter]);
    term.type('sayy hello');
    await term.waitFor(`Sorry, I don't know that command.`);
    expect(term.printed()).toContain('Did you mean:\n    say {{message}}');
    expect(term.printed()).toContain('Type "help" to see the commands.');
    term.input.end();
    await waitFor(() => closed, 'the console to report the end of its input');
  });

  it('colours and redraws only on a terminal', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ demo: PACK }) });
    const term = terminal();
    chat = await startChat(app, [new ConsoleAdapter({ input: term.input, output: term.output, user: 'carol', clock: systemClock, terminal: true })]);
    term.type('help');
    await term.waitFor('Commands (1)');
    expect(term.printed()).toContain('\u001b[1mCommands (1)\u001b[0m');
  });
});

describe('npm start with the console', () => {
  it('startServer builds the console adapter from the config and stops it with the server', async () => {
    const root = makeTempDir('squall-root-');
    const packsDir = tempPacksDir({ demo: PACK });
    writeFileSync(
      path.join(root, 'squall.yaml'),
      YAML.stringify({ packsPaths: [packsDir, path.join(PROJECT_ROOT, 'packs')], store: { backend: 'memory' }, chat: { console: true, consoleUser: 'dana' } }),
    );
    const term = terminal();
    const lines: string[] = [];
    server = await startServer({
      root,
      env: { SQUALL_HTTP_PORT: '0', SQUALL_LOG_LEVEL: 'error' },
      io: { out: (t) => lines.push(t), err: (t) => lines.push(t) },
      signals: false,
      chatConsole: { input: term.input, output: term.output, isTTY: false },
    });
    expect(server.chat?.bot.platforms).toEqual(['console']);
    expect(lines.join('\n')).toContain('Squall is running');
    term.type('say started by npm start');
    await term.waitFor('│ started by npm start');
    await server.stop();
    server = undefined;
    // The prompt is gone with the server: more input reaches nobody.
    const before = term.printed();
    term.type('say nobody hears this');
    await new Promise((r) => setTimeout(r, 100));
    expect(term.printed()).toBe(before);
  });

  it('with CI set, the console stays off even when stdin is a terminal', async () => {
    const root = makeTempDir('squall-root-');
    writeFileSync(path.join(root, 'squall.yaml'), YAML.stringify({ packsPaths: [tempPacksDir({ demo: PACK })], store: { backend: 'memory' } }));
    const term = terminal();
    server = await startServer({
      root,
      env: { SQUALL_HTTP_PORT: '0', SQUALL_LOG_LEVEL: 'error', CI: 'true' },
      io: { out: () => {}, err: () => {} },
      signals: false,
      chatConsole: { input: term.input, output: term.output, isTTY: true },
    });
    expect(server.chat).toBeUndefined();
    expect(term.printed()).toBe('');
  });
});
