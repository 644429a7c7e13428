/**
 * send(): the real Web API client against the fake, which refuses what real Slack refuses
 * (no_text, msg_too_long, Block Kit limits), so a passing post is one Slack would take.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SlackAdapter } from '../../../src/chat/slack/slack-adapter.js';
import { isSquallError } from '../../../src/errors/index.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { FakeSlack, type ApiCall } from '../../helpers/fake-slack.js';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] };
const blocksOf = (c: ApiCall): Block[] => JSON.parse(c.args.blocks ?? '[]') as Block[];
const attachmentsOf = (c: ApiCall): { color?: string; fallback?: string; blocks: Block[]; pretext?: string }[] => JSON.parse(c.args.attachments ?? '[]');

describe('Slack adapter send()', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  const target = { platform: 'slack', channel: 'C0OPS', thread: '1700000000.000100', user: 'U0ALICE' };

  beforeAll(async () => {
    fake = await FakeSlack.start();
    adapter = new SlackAdapter(
      { botToken: fake.botToken, signingSecret: 's', apiUrl: fake.apiUrl, retries: 2, retryMinTimeoutMs: 10, fileThreshold: 8000 },
      { logger: new MemoryLogger() },
    );
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
  });
  beforeEach(() => {
    fake.calls.length = 0;
    fake.uploads.length = 0;
  });

  it('posts in the thread with Block Kit: header, mrkdwn text, fields, escaped code block', async () => {
    const sent = await adapter.send(target, {
      title: 'core.local succeeded',
      text: 'Took *2s*',
      fields: [{ name: 'status', value: 'succeeded', short: true }, { name: 'id', value: '65a1', short: true }],
      code: 'a < b && c > d',
    });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call).toBeDefined();
    expect(call!.token).toBe(fake.botToken);
    expect(call!.args).toMatchObject({ channel: 'C0OPS', thread_ts: target.thread, text: 'core.local succeeded: Took *2s*' });
    expect(sent.id).toMatch(/^\d+\.\d{6}$/);
    const blocks = blocksOf(call!);
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section']);
    expect(blocks[1]!.text!.text).toBe('Took *2s*');
    expect(blocks[2]!.fields!.map((f) => f.text)).toEqual(['*status*\nsucceeded', '*id*\n65a1']);
    expect(blocks[3]!.text!.text).toBe('```\na &lt; b &amp;&amp; c &gt; d\n```');
  });

  it('puts a coloured message in an attachment (colour bar), with the text as fallback only', async () => {
    await adapter.send({ platform: 'slack', channel: 'C0OPS' }, { text: 'failed', color: 'danger', extra: { slack: { pretext: 'heads up', unfurl_links: false } } });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call!.args.thread_ts).toBeUndefined();
    expect(call!.args.text).toBeUndefined();
    expect(call!.args.unfurl_links).toBe('false');
    const [att] = attachmentsOf(call!);
    expect(att).toMatchObject({ color: 'danger', fallback: 'failed', pretext: 'heads up' });
    expect(att!.blocks[0]!.text!.text).toBe('failed');
  });

  it('honours extra.slack.thread_response=false by posting to the channel', async () => {
    await adapter.send(target, { text: 'to the channel', extra: { slack: { thread_response: false } } });
    expect(fake.callsTo('chat.postMessage')[0]!.args.thread_ts).toBeUndefined();
  });

  it('sends ephemeral messages with chat.postEphemeral to the user, and refuses them without one', async () => {
    await adapter.send(target, { text: 'only you can see this', ephemeral: true });
    const [call] = fake.callsTo('chat.postEphemeral');
    expect(call!.args).toMatchObject({ channel: 'C0OPS', user: 'U0ALICE', thread_ts: target.thread });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(0);
    const err = await adapter.send({ platform: 'slack', channel: 'C0OPS' }, { text: 'x', ephemeral: true }).catch((e: unknown) => e);
    expect(isSquallError(err) && err.code).toBe('CHAT_TARGET_INVALID');
  });

  it('splits long output across messages that each fit Slack limits, losing nothing', async () => {
    const lines = Array.from({ length: 700 }, (_, i) => `line ${String(i).padStart(4, '0')} ${'x'.repeat(60)}`);
    const code = lines.join('\n'); // ~48 000 characters: over one message's 40 000
    await adapter.send(target, { text: 'long', code, ephemeral: true });
    const posts = fake.callsTo('chat.postEphemeral');
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.every((p) => p.args.thread_ts === target.thread)).toBe(true);
    expect(posts[1]!.args.text).toMatch(/^\(continued 2\/\d\)$/);
    const shown = posts.flatMap(blocksOf).filter((b) => b.text?.text.startsWith('```')).map((b) => b.text!.text.slice(4, -4));
    expect(shown.join('\n') === code).toBe(true);
  });

  it('uploads output past the file threshold with files.uploadV2, in the thread', async () => {
    const code = 'y'.repeat(9000);
    await adapter.send(target, { title: 'Deploy log', text: 'done', code });
    const [post] = fake.callsTo('chat.postMessage');
    expect(blocksOf(post!).at(-1)!.elements![0]!.text).toContain('attached as a file');
    const [getUrl] = fake.callsTo('files.getUploadURLExternal');
    expect(getUrl!.args).toMatchObject({ filename: 'deploy-log.txt', length: '9000' });
    expect(fake.uploads[0]!.bytes.toString('utf8') === code).toBe(true);
    const [complete] = fake.callsTo('files.completeUploadExternal');
    expect(complete!.args).toMatchObject({ channel_id: 'C0OPS', thread_ts: target.thread });
    expect(JSON.parse(complete!.args.files!)).toEqual([{ id: fake.uploads[0]!.fileId, title: 'Deploy log' }]);
  });

  it('waits out a 429 Retry-After and then succeeds', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = performance.now();
    const sent = await adapter.send(target, { text: 'after the rate limit' });
    const elapsed = performance.now() - started;
    expect(sent.id).toBeDefined();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it('reports a refused post as CHAT_SEND_FAILED with Slack’s error', async () => {
    fake.failNext('chat.postMessage', { error: 'is_archived' });
    const err = await adapter.send(target, { text: 'x' }).catch((e: unknown) => e);
    expect(isSquallError(err) && err.code).toBe('CHAT_SEND_FAILED');
    expect((err as Error).message).toContain('is_archived');
  });
});
