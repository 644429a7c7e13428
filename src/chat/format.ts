/**
 * Fitting neutral messages to what a platform takes in one post: long text and long output are
 * split into several messages on line boundaries, or the output is attached as a file where the
 * adapter can upload one. Nothing is ever cut.
 */
import type { ChatLimits, OutgoingMessage } from './adapter.js';

/** Limits assumed for an adapter that declares none: Discord's 2000 characters, less some room. */
export const DEFAULT_CHAT_LIMITS: ChatLimits = { textLength: 1900, attachments: false };

/** Output needing more messages than this goes as an attachment when the adapter takes files. */
export const MAX_OUTPUT_PARTS = 4;

/** Room for a code fence and a part label around each chunk of output. */
const CODE_OVERHEAD = 40;

/**
 * Splits `message` into messages that each fit `limits.textLength` (title, text, fields and code
 * counted together). The first keeps title, fields, colour and extras; the rest are plain
 * continuations with the same ephemeral flag and correlation id. Output parts are labelled
 * `part i of n`; joined in order they give the output back exactly.
 */
export function fitMessage(message: OutgoingMessage, limits: ChatLimits = DEFAULT_CHAT_LIMITS): OutgoingMessage[] {
  const limit = Math.max(200, limits.textLength);
  if (size(message) <= limit) return [message];
  const code = message.code ?? '';
  const codeChunk = limit - CODE_OVERHEAD;
  const attach = code !== '' && limits.attachments && code.length > codeChunk * MAX_OUTPUT_PARTS;

  const { code: _code, ...head } = message;
  const note = attach ? `Output: ${countLines(code)} lines, ${code.length} characters, attached as ${attachmentName(message)}.` : '';
  const text = [message.text, note].filter(Boolean).join('\n');
  const headRoom = limit - size({ ...head, text: '' });
  const textChunks = splitLines(text, Math.max(100, headRoom), limit);
  const continuation = (part: Partial<OutgoingMessage>): OutgoingMessage => ({
    text: '',
    ...(message.ephemeral ? { ephemeral: true } : {}),
    ...(message.correlationId ? { correlationId: message.correlationId } : {}),
    ...part,
  });
  const out: OutgoingMessage[] = textChunks.map((chunk, i) => (i === 0 ? { ...head, text: chunk } : continuation({ text: chunk })));
  if (attach) {
    out[0] = { ...out[0]!, attachment: { name: attachmentName(message), content: code } };
    return out;
  }
  if (code === '') return out;

  const codeChunks = splitLines(code, codeChunk, codeChunk);
  const last = out[out.length - 1]!;
  // The first chunk rides on the last text message when it fits there.
  if (codeChunks.length === 1 && size({ ...last, code: codeChunks[0]! }) <= limit) {
    out[out.length - 1] = { ...last, code: codeChunks[0]! };
    return out;
  }
  codeChunks.forEach((chunk, i) => out.push(continuation({ text: `Output, part ${i + 1} of ${codeChunks.length}`, code: chunk })));
  return out;
}

/** Characters the message takes, counting a code fence around `code`. */
export function size(message: OutgoingMessage): number {
  const fields = (message.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length + 4, 0);
  return (message.title?.length ?? 0) + message.text.length + (message.code ? message.code.length + 8 : 0) + fields;
}

/**
 * Splits text into chunks of at most `first` (then `rest`) characters, at line ends where it can
 * and inside a line only when the line alone is too long. Concatenated, the chunks are the text.
 */
export function splitLines(text: string, first: number, rest: number = first): string[] {
  const chunks: string[] = [];
  let remaining = text;
  let max = Math.max(1, first);
  while (remaining.length > max) {
    const cut = remaining.lastIndexOf('\n', max - 1);
    const at = cut > 0 ? cut + 1 : max;
    chunks.push(remaining.slice(0, at));
    remaining = remaining.slice(at);
    max = Math.max(1, rest);
  }
  if (remaining !== '' || chunks.length === 0) chunks.push(remaining);
  return chunks;
}

function attachmentName(message: OutgoingMessage): string {
  return message.correlationId ? `output-${message.correlationId}.txt` : 'output.txt';
}

function countLines(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
