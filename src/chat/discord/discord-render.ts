/**
 * OutgoingMessage → Discord message bodies. Text becomes `content` (2000 characters a message, split
 * on line ends when longer); title, fields, colour and code become one embed; output that does not
 * fit an embed is uploaded as a text file instead. Nothing is cut without saying so: a shortened
 * title or field ends in `…` and its full text goes into the attached file.
 */
import type { OutgoingMessage } from '../adapter.js';
import { splitLines } from '../format.js';

/** Discord's documented message limits. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Title, description, fields, footer and author of all embeds of one message together. */
  embedTotal: 6000,
} as const;

/** Colour names the neutral model uses, in Slack's attachment colours. */
const NAMED_COLORS: Record<string, number> = { good: 0x2eb886, warning: 0xdaa038, danger: 0xa30200 };

/** An embed as Discord's REST takes it (the subset rendered here plus alias-supplied extras). */
export interface DiscordEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  [extra: string]: unknown;
}

export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** One Discord message to post. */
export interface DiscordPayload {
  content?: string;
  embeds?: DiscordEmbed[];
  files?: DiscordFile[];
}

/**
 * Renders `message` as one or more Discord messages, in order. The embed and any files ride on the
 * last one, so split text reads first. Returns an empty list for a message with nothing in it.
 */
export function renderDiscordMessage(message: OutgoingMessage): DiscordPayload[] {
  const files: DiscordFile[] = [];
  const overflow: string[] = [];
  const embed = buildEmbed(message, overflow);
  if (message.attachment) files.push(textFile(message.attachment.name, message.attachment.content));
  if (overflow.length > 0) files.push(textFile(uniqueName('output.txt', files), overflow.join('\n')));

  const chunks = message.text === '' ? [] : splitContent(message.text);
  const payloads: DiscordPayload[] = chunks.map((content) => ({ content }));
  if (!embed && files.length === 0) return payloads;
  const last = payloads.pop() ?? {};
  payloads.push({ ...last, ...(embed ? { embeds: [embed] } : {}), ...(files.length ? { files } : {}) });
  return payloads;
}

/** `good`/`warning`/`danger` or `#rrggbb` / `rrggbb` → an RGB integer; anything else → undefined. */
export function colorToInt(color: string | undefined): number | undefined {
  if (color === undefined) return undefined;
  const named = NAMED_COLORS[color.toLowerCase()];
  if (named !== undefined) return named;
  const hex = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  return hex ? Number.parseInt(hex[1]!, 16) : undefined;
}

/** Splits text into ≤2000-character messages on line ends, keeping ``` fences balanced in each. */
export function splitContent(text: string): string[] {
  // Room for a closing and a reopening fence when a chunk ends inside a code block.
  const room = DISCORD_LIMITS.content - 8;
  const parts = splitLines(text, room, room);
  let open = false;
  return parts.map((part) => {
    let out = open ? '```\n' + part : part;
    open = (part.match(/```/g)?.length ?? 0) % 2 === 1 ? !open : open;
    if (open) out = out.replace(/\n?$/, '\n```');
    return out;
  });
}

function buildEmbed(message: OutgoingMessage, overflow: string[]): DiscordEmbed | undefined {
  const extra = discordExtra(message);
  const hasFields = (message.fields?.length ?? 0) > 0;
  if (message.title === undefined && message.code === undefined && !hasFields && message.color === undefined && !extra) return undefined;

  const embed: DiscordEmbed = { ...extra };
  let used = 0;
  if (message.title) {
    embed.title = shorten(message.title, DISCORD_LIMITS.embedTitle);
    if (embed.title !== message.title) overflow.push(`Title: ${message.title}`);
    used += embed.title.length;
  }
  const color = colorToInt(message.color);
  if (color !== undefined) embed.color = color;

  // Output first: it is what the user asked for; fields get the room that is left.
  if (message.code !== undefined && message.code !== '') {
    const block = codeBlock(message.code);
    if (block.length <= DISCORD_LIMITS.embedDescription) {
      embed.description = block;
    } else {
      overflow.push(message.code);
      embed.description = `Output (${message.code.length} characters) is attached as a file.`;
    }
    used += embed.description.length;
  }
  const fields: NonNullable<DiscordEmbed['fields']> = [];
  for (const [i, f] of (message.fields ?? []).entries()) {
    const name = shorten(f.name || '\u200b', DISCORD_LIMITS.fieldName);
    const value = shorten(f.value || '\u200b', DISCORD_LIMITS.fieldValue);
    const fits = i < DISCORD_LIMITS.embedFields && used + name.length + value.length <= DISCORD_LIMITS.embedTotal - 100;
    if (!fits) {
      overflow.push(`${f.name}: ${f.value}`);
      continue;
    }
    if (name !== f.name || value !== f.value) overflow.push(`${f.name}: ${f.value}`);
    fields.push({ name, value, ...(f.short ? { inline: true } : {}) });
    used += name.length + value.length;
  }
  if (fields.length < (message.fields?.length ?? 0)) {
    fields.push({ name: '\u200b', value: `${(message.fields?.length ?? 0) - fields.length} more field(s) in the attached file.` });
  }
  if (fields.length > 0) embed.fields = fields;
  return embed;
}

/** An alias's `extra.discord.embed` (author, url, footer, thumbnail, …) is merged into the embed. */
function discordExtra(message: OutgoingMessage): Record<string, unknown> | undefined {
  const discord = message.extra?.['discord'];
  if (typeof discord !== 'object' || discord === null) return undefined;
  const embed = (discord as Record<string, unknown>)['embed'];
  return typeof embed === 'object' && embed !== null && !Array.isArray(embed) ? { ...(embed as Record<string, unknown>) } : undefined;
}

/** A fenced block; a ``` inside the output is broken with a zero-width space so it cannot close the fence. */
function codeBlock(code: string): string {
  return '```\n' + code.replace(/```/g, '`\u200b``').replace(/\n$/, '') + '\n```';
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

function textFile(name: string, content: string): DiscordFile {
  return { name, data: Buffer.from(content, 'utf8'), contentType: 'text/plain; charset=utf-8' };
}

function uniqueName(name: string, files: DiscordFile[]): string {
  return files.some((f) => f.name === name) ? `more-${name}` : name;
}
