import { describe, expect, it } from 'vitest';
import { renderSlackMessage, slackColor, splitText, SLACK_LIMITS, type SlackBlock, type SlackPost } from '../../../../src/chat/slack/slack-render.js';

const blocks = (p: SlackPost): SlackBlock[] => ('blocks' in p ? p.blocks : (p.attachments[0]?.blocks ?? []));
const text = (b: SlackBlock): string => (b.text as { text: string } | undefined)?.text ?? '';
const opts = { fileThreshold: 8000, allowFile: true };

describe('splitText', () => {
  it('cuts at line breaks and keeps every character', () => {
    const s = Array.from({ length: 50 }, (_, i) => `row ${i}`).join('\n');
    const parts = splitText(s, 40);
    expect(parts.every((p) => p.length <= 40)).toBe(true);
    expect(parts.join('\n')).toBe(s);
  });
  it('cuts a long line hard, but never inside an entity or a surrogate pair', () => {
    const s = `${'a'.repeat(8)}&amp;${'b'.repeat(8)}`;
    expect(splitText(s, 10)).toEqual(['aaaaaaaa', '&amp;bbbbb', 'bbb']);
    const emoji = `${'a'.repeat(9)}😀`;
    expect(splitText(emoji, 10)).toEqual(['aaaaaaaaa', '😀']);
  });
});

describe('renderSlackMessage', () => {
  it('keeps every section within 3000 characters and every message within 50 blocks', () => {
    const r = renderSlackMessage({ text: 'x'.repeat(200_000) }, opts);
    expect(r.posts.length).toBeGreaterThan(1);
    for (const p of r.posts) {
      expect(blocks(p).length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
      expect(blocks(p).every((b) => text(b).length <= SLACK_LIMITS.sectionText)).toBe(true);
      expect(JSON.stringify(p).length).toBeLessThan(SLACK_LIMITS.messageChars + 5000);
    }
    expect(r.posts.flatMap(blocks).map(text).join('')).toBe('x'.repeat(200_000));
  });

  it('lays out short fields ten to a section and long ones as their own section', () => {
    const fields = [...Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, value: 'v', short: true })), { name: 'log', value: 'long' }];
    const r = renderSlackMessage({ text: 't', fields }, opts);
    const b = blocks(r.posts[0]!);
    expect(b.map((x) => (x.fields as unknown[] | undefined)?.length ?? 0)).toEqual([0, 10, 2, 0]);
    expect(text(b[3]!)).toBe('*log*\nlong');
  });

  it('turns past-threshold output into an upload, but never for ephemeral messages', () => {
    const code = 'z'.repeat(9000);
    expect(renderSlackMessage({ text: 't', code, title: 'Run #4 / output' }, opts).upload).toEqual({ filename: 'run-4-output.txt', title: 'Run #4 / output', content: code });
    const eph = renderSlackMessage({ text: 't', code }, { ...opts, allowFile: false });
    expect(eph.upload).toBeUndefined();
    expect(eph.posts.flatMap(blocks).filter((b) => text(b).startsWith('```')).length).toBe(4);
  });

  it('says so when ephemeral output is too long even to split', () => {
    const r = renderSlackMessage({ text: 't', code: 'q'.repeat(150_000) }, { ...opts, allowFile: false });
    const last = r.posts.flatMap(blocks).at(-1)!;
    expect(JSON.stringify(last)).toContain('Output cut after 100000 of 150000 characters');
  });

  it('keeps a fence inside output from closing the code block', () => {
    const r = renderSlackMessage({ text: 't', code: 'before ``` after' }, opts);
    expect(text(blocks(r.posts[0]!)[1]!)).toBe('```\nbefore ``\u200b` after\n```');
  });

  it('maps colours and reads extra.slack', () => {
    expect([slackColor('good'), slackColor('ff0000'), slackColor('#abc'), slackColor('purple'), slackColor(undefined)]).toEqual(['good', '#ff0000', '#abc', undefined, undefined]);
    const r = renderSlackMessage({ text: 't', extra: { slack: { color: '00ff00', footer: 'squall', icon_emoji: ':robot:', blocks: [{ type: 'divider' }], bogus: 1 } } }, opts);
    expect(r.postArgs).toEqual({ icon_emoji: ':robot:' });
    const post = r.posts[0]!;
    expect('attachments' in post && post.attachments[0]).toMatchObject({ color: '#00ff00', footer: 'squall', fallback: 't' });
    expect(blocks(post).map((b) => b.type)).toEqual(['section', 'divider']);
  });

  it('never posts an empty message', () => {
    const r = renderSlackMessage({ text: '' }, opts);
    expect(r.posts).toHaveLength(1);
    expect(blocks(r.posts[0]!)).toHaveLength(1);
  });
});
