import type { ChatTarget, OutgoingMessage } from '../adapter.js';

const ANSI = { bold: '\u001b[1m', dim: '\u001b[2m', reset: '\u001b[0m', good: '\u001b[32m', warning: '\u001b[33m', danger: '\u001b[31m' } as const;

/**
 * A neutral message as terminal text: `[thread] title`, the text, output indented in a box of
 * `│` lines, fields as `name: value`, an attachment's name and content, and the correlation id.
 * Colours only when `color` is true.
 */
export function renderConsoleMessage(target: ChatTarget, message: OutgoingMessage, color: boolean): string {
  const paint = (code: keyof typeof ANSI, text: string) => (color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const tone = message.color === 'good' || message.color === 'warning' || message.color === 'danger' ? message.color : undefined;
  const lines: string[] = [];
  // Ephemeral is not shown: a terminal has only one reader anyway.
  const tag = `[${target.thread ?? target.channel}]`;
  const head = message.title ? paint('bold', message.title) : '';
  const first = [paint('dim', tag), tone ? paint(tone, head || message.text.split('\n')[0] || '') : head || (message.text.split('\n')[0] ?? '')].filter(Boolean).join(' ');
  lines.push(first);
  // When the first text line went into the heading it is not repeated.
  const body = message.title ? message.text : message.text.split('\n').slice(1).join('\n');
  if (body.trim() !== '') lines.push(...body.replace(/\n+$/, '').split('\n').map((l) => `  ${l}`));
  for (const f of message.fields ?? []) lines.push(`  ${paint('bold', `${f.name}:`)} ${f.value}`);
  if (message.code !== undefined && message.code !== '') lines.push(...message.code.replace(/\n$/, '').split('\n').map((l) => `  │ ${l}`));
  if (message.attachment) {
    lines.push(`  ${paint('bold', `attachment ${message.attachment.name}:`)}`);
    lines.push(...message.attachment.content.replace(/\n$/, '').split('\n').map((l) => `  │ ${l}`));
  }
  if (message.correlationId) lines.push(paint('dim', `  (correlation ${message.correlationId})`));
  return lines.join('\n') + '\n';
}
