/** The site-wide aliases shipped in aliases/ work through the Bot against the built-in packs. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChat, type RunningChat } from '../../../src/chat/start-chat.js';
import { PROJECT_ROOT, startTestApp, stopTestApps, waitFor, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { FakeAdapter } from '../../unit/chat/fake-adapter.js';

let test: TestApp;
let adapter: FakeAdapter;
let chat: RunningChat;

beforeAll(async () => {
  test = await startTestApp({ packsDir: tempPacksDir({}), overrides: { aliasesDir: path.join(PROJECT_ROOT, 'aliases') } });
  expect(test.app.problems).toEqual([]);
  adapter = new FakeAdapter('fake');
  chat = await startChat(test.app, [adapter]);
});

afterAll(async () => {
  await chat.stop();
  await stopTestApps();
  removeTempDirs();
});

describe('site-wide aliases', () => {
  it('help lists them', async () => {
    const r = await chat.bot.inject({ text: '!help', user: { id: 'U-help' } });
    expect(r.replies[0]?.text).toContain('echo {{ message }}');
    expect(r.replies[0]?.text).toContain('disk check [path] [threshold=N]');
  });

  it('echo replies with the message as typed, shell characters and all', async () => {
    await chat.bot.inject({ text: '!echo hi $(id) `x`; ls', user: { id: 'U-echo' }, target: { thread: 'T-echo' } });
    const reply = await waitFor(() => adapter.inThread('T-echo')[0], 'the echo result');
    expect(reply.text).toBe('hi $(id) `x`; ls');
  });

  it('disk check runs the examples workflow and reports the usage with the alias template', async () => {
    await chat.bot.inject({ text: '!disk check / threshold=100', user: { id: 'U-disk' }, target: { thread: 'T-disk' } });
    const messages = await waitFor(() => (adapter.inThread('T-disk').length >= 2 ? adapter.inThread('T-disk') : undefined), 'ack and result', 15_000);
    expect(messages[0]?.text).toMatch(/^Checking \/\.\.\.\nDetails: squall execution get /);
    expect(messages[1]?.text).toMatch(/^\/ is at \d+%, under 100%\.$/);
  });
});
