/**
 * A fake Discord on 127.0.0.1 for tests that drive the real discord.js: REST v10 on `/api` (gateway
 * discovery, messages with JSON or multipart bodies, application commands, interaction callbacks and
 * webhooks, 429 with Retry-After on demand) and the gateway on `/gateway` (see fake-discord-gateway.ts).
 * One guild with a text channel and a thread, a bot user and a human user. Every REST call is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './fake-discord-gateway.js';
import { discordPayloads, type FakeIds } from './fake-discord-payloads.js';

export { Intent, Op } from './fake-discord-gateway.js';

/** One REST call as the fake saw it. Multipart bodies are decoded into `payload_json` and files. */
export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/channels/123/messages`. */
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
  body: Record<string, unknown> | undefined;
  files: { field: string; name: string; content: string }[];
  /** performance.now() when the request arrived. */
  at: number;
}

export interface FakeDiscordOptions {
  /** The bot token the fake accepts (REST `Authorization: Bot <token>` and IDENTIFY). */
  token?: string;
  /** HELLO heartbeat interval; short by default so heartbeats happen in tests. */
  heartbeatMs?: number;
}

interface RateLimit {
  method: string;
  path: RegExp;
  retryAfterSec: number;
}

/** Fake Discord REST + gateway. Start with `FakeDiscord.start()`, stop with `close()`. */
export class FakeDiscord {
  readonly token: string;
  readonly ids: FakeIds;
  readonly gateway: FakeGateway;
  readonly requests: RecordedRequest[] = [];
  readonly #server: http.Server;
  readonly #payloads: ReturnType<typeof discordPayloads>;
  #rateLimits: RateLimit[] = [];
  #restUrl = '';

  private constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'fake.bot.token';
    this.#payloads = discordPayloads();
    this.ids = this.#payloads.ids;
    this.gateway = new FakeGateway(
      {
        token: this.token,
        botUser: this.#payloads.user(this.ids.bot),
        applicationId: this.ids.application,
        guild: () => this.#payloads.guild(),
      },
      options.heartbeatMs ?? 250,
    );
    this.#server = http.createServer((req, res) => void this.#onRequest(req, res));
    this.#server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.#server.address() as AddressInfo;
    fake.#restUrl = `http://127.0.0.1:${port}/api`;
    fake.gateway.url = `ws://127.0.0.1:${port}/gateway`;
    return fake;
  }

  /** The value for discord.js's `rest.api` option. */
  get restUrl(): string {
    return this.#restUrl;
  }

  /** The next `method` request whose path matches gets a 429 with `Retry-After`. */
  rateLimitOnce(method: string, path: RegExp, retryAfterSec = 1): void {
    this.#rateLimits.push({ method, path, retryAfterSec });
  }

  /** Recorded requests of one method whose path matches. */
  calls(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  /** Adds a user (a person, or another bot) the fake knows; returns its id. */
  addUser(username: string, options: { bot?: boolean } = {}): string {
    return this.#payloads.addUser(username, options.bot === true);
  }

  /** A user posts a message (guild channel by default; `type` 0 is a plain message); returns the message id. */
  sendMessage(input: { content: string; author?: string; channelId?: string; dm?: boolean; type?: number }): string {
    const data = this.#payloads.message({ ...input, author: input.author ?? this.ids.alice });
    this.gateway.dispatch('MESSAGE_CREATE', data);
    return String(data['id']);
  }

  /** A user runs a chat-input application command; returns the interaction id and token. */
  invokeSlash(input: { name?: string; command?: string; user?: string; channelId?: string; dm?: boolean } = {}): { id: string; token: string } {
    const data = this.#payloads.interaction({ ...input, name: input.name ?? 'squall', user: input.user ?? this.ids.alice });
    this.gateway.dispatch('INTERACTION_CREATE', data);
    return { id: String(data['id']), token: String(data['token']) };
  }

  /** A user adds a reaction to a message. */
  addReaction(input: { messageId: string; emoji: string; user?: string; channelId?: string }): void {
    this.gateway.dispatch('MESSAGE_REACTION_ADD', this.#payloads.reaction({ ...input, user: input.user ?? this.ids.alice }));
  }

  /** A new member joins the guild; returns the user id. */
  memberJoin(username: string): string {
    const id = this.#payloads.addUser(username);
    this.gateway.dispatch('GUILD_MEMBER_ADD', this.#payloads.member(id));
    return id;
  }

  /** Polls until `probe` returns something other than undefined/false (2 ms steps). */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (performance.now() > deadline) throw new Error(`fake discord: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const { body, files } = await decodeBody(req.headers['content-type'], raw);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path, query: url.searchParams, auth: req.headers.authorization, body, files, at: performance.now() });

    const limited = this.#rateLimits.findIndex((l) => l.method === method && l.path.test(path));
    if (limited >= 0) {
      const limit = this.#rateLimits.splice(limited, 1)[0]!;
      const after = String(limit.retryAfterSec);
      const headers = { 'retry-after': after, 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': after, 'x-ratelimit-bucket': 'fakebucket', 'x-ratelimit-scope': 'user' };
      return reply(res, 429, { message: 'You are being rate limited.', retry_after: limit.retryAfterSec, global: false }, headers);
    }
    // Interaction callbacks and webhooks authenticate with the interaction token in the path.
    const tokenRoute = /^\/(interactions|webhooks)\//.test(path);
    if (!tokenRoute && req.headers.authorization !== `Bot ${this.token}`) return reply(res, 401, { message: '401: Unauthorized', code: 0 });
    const [status, answer] = this.#route(method, path, url.searchParams, body, files);
    reply(res, status, answer);
  }

  #route(method: string, path: string, query: URLSearchParams, body: Record<string, unknown> | undefined, files: RecordedRequest['files']): [number, unknown] {
    const p = this.#payloads;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/gateway/bot') {
      return [200, { url: this.gateway.url, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } }];
    }
    if ((m = path.match(/^\/channels\/(\d+)$/)) && method === 'GET') {
      const channel = p.channel(m[1]!);
      return channel ? [200, channel] : [404, { message: 'Unknown Channel', code: 10003 }];
    }
    if ((m = path.match(/^\/channels\/(\d+)\/messages$/)) && method === 'POST') {
      if (!p.channel(m[1]!)) return [404, { message: 'Unknown Channel', code: 10003 }];
      const invalid = validateMessage(body, files);
      return invalid ? [400, invalid] : [200, p.botMessage(m[1]!, body ?? {}, files)];
    }
    if ((m = path.match(/^\/applications\/(\d+)\/commands$/)) && method === 'PUT') {
      const commands = Array.isArray(body) ? (body as Record<string, unknown>[]) : [];
      return [200, commands.map((c) => ({ ...c, id: p.snowflake(), application_id: m![1], version: p.snowflake(), type: c['type'] ?? 1 }))];
    }
    if (path.match(/^\/interactions\/\d+\/[^/]+\/callback$/) && method === 'POST') {
      return query.get('with_response') === 'true' ? [200, { interaction: {}, resource: {} }] : [204, undefined];
    }
    if ((m = path.match(/^\/webhooks\/\d+\/[^/]+(\/messages\/@original)?$/))) {
      if (method === 'DELETE') return [204, undefined];
      const invalid = validateMessage(body, files);
      return invalid ? [400, invalid] : [200, p.botMessage(this.ids.general, body ?? {}, files, true)];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }
}

/** Discord's own checks that a message is not empty and within limits (error 50006 / 50035). */
function validateMessage(body: Record<string, unknown> | undefined, files: RecordedRequest['files']): unknown {
  const content = typeof body?.['content'] === 'string' ? body['content'] : '';
  const embeds = Array.isArray(body?.['embeds']) ? (body['embeds'] as Record<string, unknown>[]) : [];
  if (content.length > 2000) return { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } };
  for (const e of embeds) {
    const size = JSON.stringify(e).length;
    if (String(e['description'] ?? '').length > 4096 || size > 7000) return { message: 'Invalid Form Body', code: 50035, errors: { embeds: 'too long' } };
  }
  if (!content && embeds.length === 0 && files.length === 0 && body?.['flags'] === undefined) return { message: 'Cannot send an empty message', code: 50006 };
  return undefined;
}

async function decodeBody(type: string | undefined, raw: Buffer): Promise<{ body: Record<string, unknown> | undefined; files: RecordedRequest['files'] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    const files: RecordedRequest['files'] = [];
    let body: Record<string, unknown> | undefined;
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json') body = JSON.parse(String(value)) as Record<string, unknown>;
      else if (typeof value !== 'string') files.push({ field, name: value.name, content: await value.text() });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, files: [] };
}

function reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
