import type { SlackBlock } from './slack-render.js';

/**
 * An alias's `extra.slack`, the way StackStorm's chatops used it: attachment fields (pretext,
 * footer, image_url, …) passed to the attachment, `color`, and `thread_response`; plus Block Kit
 * `blocks` appended to the message and a few postMessage options. Anything else is ignored
 * rather than sent, since Slack rejects unknown top-level arguments.
 */
export interface SlackExtras {
  color?: string;
  blocks: SlackBlock[];
  attachment: Record<string, unknown>;
  postArgs: Record<string, unknown>;
  threaded: boolean;
}

/** postMessage arguments an alias may set. */
const POST_ARGS = new Set(['unfurl_links', 'unfurl_media', 'username', 'icon_emoji', 'icon_url', 'reply_broadcast', 'mrkdwn']);
/** Legacy attachment fields StackStorm aliases use. */
const ATTACHMENT_FIELDS = new Set([
  'pretext', 'author_name', 'author_link', 'author_icon', 'title', 'title_link', 'image_url', 'thumb_url', 'footer', 'footer_icon', 'ts', 'mrkdwn_in',
]);

/**
 * Reads `extra.slack` (also accepting the Slack part handed over directly, i.e. an object that has
 * Slack keys at the top level).
 */
export function slackExtras(extra: Record<string, unknown> | undefined): SlackExtras {
  const out: SlackExtras = { blocks: [], attachment: {}, postArgs: {}, threaded: true };
  if (!extra) return out;
  const nested = extra.slack;
  const source = isObject(nested) ? nested : extra;
  for (const [key, value] of Object.entries(source)) {
    if (key === 'color' && typeof value === 'string') out.color = value;
    else if (key === 'thread_response') out.threaded = value !== false && value !== 'false';
    else if (key === 'blocks' && Array.isArray(value)) out.blocks = value.filter((b): b is SlackBlock => isObject(b) && typeof b.type === 'string');
    else if (POST_ARGS.has(key)) out.postArgs[key] = value;
    else if (ATTACHMENT_FIELDS.has(key)) out.attachment[key] = value;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
