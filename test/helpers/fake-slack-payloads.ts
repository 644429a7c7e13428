/**
 * What Slack sends to an app, built and signed the way Slack does it (see
 * ../shared/reference/chat-platforms.md §2): Events API envelopes, slash command forms, and the
 * v0 request signature over the exact bytes sent.
 */
import { createHmac } from 'node:crypto';

export const FAKE_TEAM = 'T0FAKE';
export const FAKE_APP = 'A0FAKE';

let seq = 0;
const nextId = (prefix: string): string => `${prefix}${Date.now().toString(36).toUpperCase()}${(++seq).toString().padStart(4, '0')}`;

/** A message ts as Slack writes them: seconds, a dot, six digits. */
export function slackTs(): string {
  seq += 1;
  return `${Math.floor(Date.now() / 1000)}.${seq.toString().padStart(6, '0')}`;
}

/** `v0=hex(HMAC-SHA256(secret, "v0:<ts>:<body>"))`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** An `event_callback` envelope around one event, addressed to the bot user. */
export function eventEnvelope(event: Record<string, unknown>, botUserId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM,
    api_app_id: FAKE_APP,
    type: 'event_callback',
    event_id: nextId('Ev'),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: FAKE_TEAM, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event: { event_ts: event.ts ?? slackTs(), ...event },
    ...overrides,
  };
}

/** The form fields of a slash command; `responseUrl` is where `respond()` / fallbacks post. */
export function commandFields(command: string, text: string, fields: { user?: string; channel?: string; responseUrl?: string } = {}): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: FAKE_TEAM,
    team_domain: 'fake',
    channel_id: fields.channel ?? 'C0GENERAL',
    channel_name: 'general',
    user_id: fields.user ?? 'U0ALICE',
    user_name: 'alice',
    command,
    text,
    api_app_id: FAKE_APP,
    is_enterprise_install: 'false',
    response_url: fields.responseUrl ?? 'http://127.0.0.1:9/unused',
    trigger_id: nextId('tr.'),
  };
}

/** A Socket Mode envelope for an event (`events_api`) or a command (`slash_commands`). */
export function socketEnvelope(type: 'events_api' | 'slash_commands' | 'interactive', payload: Record<string, unknown>, retryAttempt = 0): Record<string, unknown> {
  return {
    envelope_id: nextId('env-'),
    type,
    accepts_response_payload: type !== 'events_api',
    ...(type === 'events_api' ? { retry_attempt: retryAttempt, retry_reason: retryAttempt > 0 ? 'timeout' : '' } : {}),
    payload,
  };
}

export interface SignedPost {
  /** Signing secret; a wrong one produces a bad signature. */
  secret: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  headers?: Record<string, string>;
}

/** POSTs a body to the app's events URL, signed like Slack signs it. */
export async function postSigned(url: string, body: string, contentType: string, opts: SignedPost): Promise<{ status: number; text: string; json: () => unknown }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(opts.secret, timestamp, body),
      ...opts.headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown };
}

/** Delivers an Events API envelope (JSON) over HTTP. */
export function postEvent(url: string, envelope: Record<string, unknown>, opts: SignedPost): ReturnType<typeof postSigned> {
  return postSigned(url, JSON.stringify(envelope), 'application/json', opts);
}

/** Delivers a slash command (form-encoded) over HTTP. */
export function postCommand(url: string, fields: Record<string, string>, opts: SignedPost): ReturnType<typeof postSigned> {
  return postSigned(url, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', opts);
}
