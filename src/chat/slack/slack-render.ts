import type { OutgoingMessage } from '../adapter.js';
import { escapeSlackText } from './slack-text.js';
import { slackExtras } from './slack-extras.js';

/**
 * OutgoingMessage → Block Kit. Pure: the sender posts what this returns. Slack's limits are
 * respected here, not discovered as `msg_too_long` / `invalid_blocks` at run time: a section's text
 * is at most 3000 characters, a message at most 50 blocks and 40 000 characters. Long output is
 * split into several messages, or (past `fileThreshold`) uploaded as a file; it is never cut
 * silently.
 */

/** A Block Kit block, as JSON. */
export type SlackBlock = { type: string } & Record<string, unknown>;
/** A (legacy) attachment: here only the carrier of a colour bar and StackStorm's attachment fields. */
export type SlackAttachment = { color?: string; fallback?: string; blocks?: SlackBlock[] } & Record<string, unknown>;

/** One chat.postMessage / chat.postEphemeral body (channel, thread and user are added by the sender). */
export type SlackPost = { text: string; blocks: SlackBlock[] } | { attachments: SlackAttachment[] };

/** Output uploaded as a file (files.uploadV2). */
export interface SlackUpload {
  filename: string;
  title: string;
  content: string;
}

/** Everything one OutgoingMessage becomes. */
export interface SlackRendering {
  posts: SlackPost[];
  /** Output too long for messages, uploaded to the same place after the posts. */
  upload?: SlackUpload;
  /** Extra postMessage arguments from `extra.slack` (unfurl_links, username, icon_emoji, …). */
  postArgs: Record<string, unknown>;
  /** False when `extra.slack.thread_response` is false: post in the channel, not the thread. */
  threaded: boolean;
}

/** Slack's documented limits that rendering stays within. */
export const SLACK_LIMITS = {
  messageChars: 40_000,
  sectionText: 3_000,
  blocksPerMessage: 50,
  fieldsPerSection: 10,
  fieldText: 2_000,
  headerText: 150,
  fallbackChars: 3_000,
} as const;

/** Output that cannot become a file (ephemeral messages) is shown up to this length, then cut with a note. */
const MAX_SPLIT_CHARS = 100_000;
const FENCE = '```';

/** How long output is handled. */
export interface RenderOptions {
  fileThreshold: number;
  /** Ephemeral messages cannot carry files. */
  allowFile: boolean;
}

/** Renders a neutral message into Slack posts (and an upload), within Slack's limits. */
export function renderSlackMessage(message: OutgoingMessage, options: RenderOptions): SlackRendering {
  const extras = slackExtras(message.extra);
  const blocks: SlackBlock[] = [];
  if (message.title) {
    blocks.push(
      message.title.length <= SLACK_LIMITS.headerText
        ? { type: 'header', text: { type: 'plain_text', text: message.title, emoji: true } }
        : section(`*${message.title}*`),
    );
  }
  for (const chunk of splitText(message.text, SLACK_LIMITS.sectionText)) if (chunk.trim() !== '') blocks.push(section(chunk));
  blocks.push(...fieldBlocks(message.fields ?? []));
  let upload: SlackUpload | undefined;
  const code = message.code ?? '';
  if (code !== '') {
    if (options.allowFile && code.length > options.fileThreshold) {
      const lines = code.split('\n').length;
      upload = { filename: `${slug(message.title ?? '') || 'output'}.txt`, title: message.title ?? 'output', content: code };
      blocks.push(context(`Output is ${lines} line${lines === 1 ? '' : 's'} (${code.length} characters), attached as a file below.`));
    } else {
      const shown = code.length > MAX_SPLIT_CHARS ? code.slice(0, MAX_SPLIT_CHARS) : code;
      const body = escapeSlackText(shown).replaceAll(FENCE, '``\u200b`');
      for (const chunk of splitText(body, SLACK_LIMITS.sectionText - 2 * FENCE.length - 2)) blocks.push(section(`${FENCE}\n${chunk}\n${FENCE}`));
      if (shown.length < code.length) blocks.push(context(`Output cut after ${shown.length} of ${code.length} characters: ephemeral messages cannot carry a file.`));
    }
  }
  blocks.push(...extras.blocks);
  if (blocks.length === 0) blocks.push(section('_(empty message)_'));

  const fallback = fallbackText(message);
  const groups = pack(blocks, SLACK_LIMITS.messageChars - SLACK_LIMITS.fallbackChars - 100);
  const color = slackColor(extras.color) ?? slackColor(message.color);
  const asAttachment = color !== undefined || Object.keys(extras.attachment).length > 0;
  const posts = groups.map((group, i): SlackPost => {
    const text = i === 0 ? fallback : `(continued ${i + 1}/${groups.length})`;
    // With a colour, the blocks go inside an attachment (the only way to get the colour bar); a
    // top-level `text` would then be shown above it a second time, so it moves to `fallback`.
    if (asAttachment) return { attachments: [{ ...(i === 0 ? extras.attachment : {}), ...(color ? { color } : {}), fallback: text, blocks: group }] };
    return { text, blocks: group };
  });
  return { posts, ...(upload ? { upload } : {}), postArgs: extras.postArgs, threaded: extras.threaded };
}

/** Slack accepts good / warning / danger and `#rrggbb`; a bare hex gets its `#`. */
export function slackColor(color: string | undefined): string | undefined {
  if (!color) return undefined;
  if (color === 'good' || color === 'warning' || color === 'danger') return color;
  if (/^#?[0-9a-f]{6}$/i.test(color) || /^#?[0-9a-f]{3}$/i.test(color)) return color.startsWith('#') ? color : `#${color}`;
  return undefined;
}

/**
 * Splits at line breaks where it can (the break itself is dropped), otherwise hard at `max`,
 * never inside an HTML entity or a surrogate pair.
 */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const nl = rest.lastIndexOf('\n', max);
    if (nl >= max / 2) {
      parts.push(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
      continue;
    }
    let cut = max;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp > cut - 6 && !rest.slice(amp, cut).includes(';') && amp > 0) cut = amp;
    const code = rest.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  parts.push(rest);
  return parts;
}

/** Short fields go two to a row (section fields, ten a section); long ones get a section each. */
function fieldBlocks(fields: NonNullable<OutgoingMessage['fields']>): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let row: { type: 'mrkdwn'; text: string }[] = [];
  const flush = (): void => {
    if (row.length > 0) blocks.push({ type: 'section', fields: row });
    row = [];
  };
  for (const f of fields) {
    const text = `*${f.name}*\n${f.value}`;
    if (f.short && text.length <= SLACK_LIMITS.fieldText) {
      row.push({ type: 'mrkdwn', text });
      if (row.length === SLACK_LIMITS.fieldsPerSection) flush();
      continue;
    }
    flush();
    for (const chunk of splitText(text, SLACK_LIMITS.sectionText)) blocks.push(section(chunk));
  }
  flush();
  return blocks;
}

/** Groups blocks into messages of at most 50 blocks and `budget` characters of JSON. */
function pack(blocks: SlackBlock[], budget: number): SlackBlock[][] {
  const groups: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let size = 0;
  for (const block of blocks) {
    const n = JSON.stringify(block).length;
    if (current.length > 0 && (current.length === SLACK_LIMITS.blocksPerMessage || size + n > budget)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(block);
    size += n;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** The notification / screen-reader text: title and text, cut to a preview (the blocks carry it all). */
function fallbackText(message: OutgoingMessage): string {
  const full = [message.title, message.text].filter((s) => s && s.trim() !== '').join(': ') || message.title || 'Squall';
  return full.length <= SLACK_LIMITS.fallbackChars ? full : `${full.slice(0, SLACK_LIMITS.fallbackChars - 1)}…`;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
}
