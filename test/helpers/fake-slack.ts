/**
 * A local Slack for tests, on 127.0.0.1 with an ephemeral port, behind the real SDKs:
 * - the Web API (`POST /api/<method>`, form-encoded as @slack/web-api sends it, Bearer token),
 *   checking what real Slack checks: the token, `no_text`, `msg_too_long` (40 000), Block Kit
 *   limits (50 blocks, 3000-char sections, 10 fields of 2000, 150-char headers);
 * - the three-step file upload (getUploadURLExternal → POST bytes → completeUploadExternal);
 * - a response_url sink (`POST /response/<id>`);
 * - Socket Mode: `apps.connections.open` hands out a ws:// URL, the socket says hello, envelopes
 *   are pushed and their acks collected.
 * Every call is recorded; tests wait on the records with `waitFor`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FAKE_APP, FAKE_TEAM, slackTs } from './fake-slack-payloads.js';

export interface ApiCall {
  method: string;
  token: string | undefined;
  /** Form fields as sent (objects such as `blocks` arrive as JSON strings). */
  args: Record<string, string>;
}

export interface FakeSlackOptions {
  botToken?: string;
  botUserId?: string;
  botId?: string;
}

type Failure = { status: 429; retryAfter: number } | { error: string };

const LIMITS = { text: 40_000, blocks: 50, section: 3_000, fields: 10, field: 2_000, header: 150 };

export class FakeSlack {
  readonly botToken: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: ApiCall[] = [];
  readonly uploads: { fileId: string; bytes: Buffer }[] = [];
  readonly responses: { id: string; body: unknown }[] = [];
  /** Every frame an app sent back on a socket (acks). */
  readonly acks: Record<string, unknown>[] = [];
  /** Channels the bot is not a member of: posting there fails with not_in_channel. */
  readonly notJoined = new Set<string>();
  socketsOpened = 0;
  readonly #server: http.Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #sockets = new Set<WebSocket>();
  readonly #failures = new Map<string, Failure[]>();
  #port = 0;

  private constructor(opts: FakeSlackOptions) {
    this.botToken = opts.botToken ?? 'xoxb-fake-bot-token';
    this.botUserId = opts.botUserId ?? 'U0SQUALL';
    this.botId = opts.botId ?? 'B0SQUALL';
    this.#server = http.createServer((req, res) => void this.#serve(req, res));
    this.#server.on('upgrade', (req, socket, head) => {
      // Match on the prefix: the URL carries ?ticket=… and an exact-path match would refuse it.
      if (!(req.url ?? '').startsWith('/link')) return void socket.destroy();
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#connected(ws));
    });
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const fake = new FakeSlack(opts);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#port = (fake.#server.address() as AddressInfo).port;
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url that records what is posted to it. */
  responseUrl(id = 'r1'): string {
    return `${this.url}/response/${id}`;
  }

  get openSockets(): number {
    return [...this.#sockets].filter((s) => s.readyState === s.OPEN).length;
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Makes the next call(s) to `method` fail: a 429 with Retry-After, or `{ok:false, error}`. */
  failNext(method: string, failure: Failure, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#failures.set(method, list);
  }

  /** Pushes a Socket Mode envelope down the newest open socket; resolves with the app's ack frame. */
  async sendEnvelope(envelope: Record<string, unknown>, timeoutMs = 3000): Promise<Record<string, unknown>> {
    const socket = [...this.#sockets].reverse().find((s) => s.readyState === s.OPEN);
    if (!socket) throw new Error('fake slack: no open socket');
    socket.send(JSON.stringify(envelope));
    return this.waitFor(() => this.acks.find((a) => a.envelope_id === envelope.envelope_id), timeoutMs);
  }

  /** Drops every socket without a close handshake, as a network failure would. */
  dropSockets(): void {
    for (const s of this.#sockets) s.terminate();
  }

  /** Polls until `probe` returns something other than undefined/false. */
  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > until) throw new Error(`fake slack: condition not met within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async close(): Promise<void> {
    for (const s of this.#sockets) s.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #connected(ws: WebSocket): void {
    this.socketsOpened += 1;
    this.#sockets.add(ws);
    ws.on('close', () => this.#sockets.delete(ws));
    ws.on('message', (data) => {
      try {
        this.acks.push(JSON.parse(String(data)) as Record<string, unknown>);
      } catch {
        this.acks.push({ unparsable: String(data) });
      }
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: this.#sockets.size, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: FAKE_APP } }));
  }

  async #serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', this.url).pathname;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
      res.end(text);
    };
    if (path.startsWith('/response/')) {
      this.responses.push({ id: path.slice('/response/'.length), body: JSON.parse(raw.toString('utf8')) as unknown });
      return send(200, 'ok');
    }
    if (path.startsWith('/upload/')) {
      this.uploads.push({ fileId: path.slice('/upload/'.length), bytes: await uploadedBytes(raw, req.headers['content-type'] ?? '') });
      return send(200, `OK - ${raw.length}`);
    }
    if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'not_found' });
    const method = path.slice('/api/'.length);
    const type = req.headers['content-type'] ?? '';
    const args: Record<string, string> = type.includes('json')
      ? Object.fromEntries(Object.entries(JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
      : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : args.token;
    this.calls.push({ method, token, args });
    const failure = this.#failures.get(method)?.shift();
    if (failure && 'status' in failure) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
    if (failure) return send(200, { ok: false, error: failure.error });
    send(200, this.#method(method, token, args));
  }

  #method(method: string, token: string | undefined, a: Record<string, string>): Record<string, unknown> {
    if (!token) return { ok: false, error: 'not_authed' };
    if (method === 'apps.connections.open') {
      if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
      return { ok: true, url: `ws://127.0.0.1:${this.#port}/link/?ticket=t${this.socketsOpened + 1}&app_id=${FAKE_APP}` };
    }
    if (token !== this.botToken) return { ok: false, error: 'invalid_auth' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'squall', team_id: FAKE_TEAM, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const problem = this.#checkMessage(a) ?? (method === 'chat.postEphemeral' && !a.user ? 'user_not_in_channel' : undefined);
        if (problem) return { ok: false, error: problem };
        const ts = slackTs();
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: ts };
        return { ok: true, channel: a.channel, ts, message: { type: 'message', text: a.text ?? '', user: this.botUserId, bot_id: this.botId, ts, ...(a.thread_ts ? { thread_ts: a.thread_ts } : {}) } };
      }
      case 'files.getUploadURLExternal': {
        if (!a.filename || !a.length) return { ok: false, error: 'invalid_arguments' };
        const fileId = `F${slackTs().replace('.', '')}`;
        return { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = JSON.parse(a.files ?? '[]') as { id: string; title?: string }[];
        if (files.some((f) => !this.uploads.some((u) => u.fileId === f.id))) return { ok: false, error: 'file_not_found' };
        if (a.channel_id && this.notJoined.has(a.channel_id)) return { ok: false, error: 'not_in_channel' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '', name: f.title ?? '' })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }

  }

  /** What real Slack answers for a message it would refuse; undefined when it would post it. */
  #checkMessage(args: Record<string, string>): string | undefined {
    if (!args.channel) return 'channel_not_found';
    if (this.notJoined.has(args.channel)) return 'not_in_channel';
    if (!args.text && !args.blocks && !args.attachments) return 'no_text';
    if ((args.text ?? '').length > LIMITS.text) return 'msg_too_long';
    const blocks = args.blocks ? (JSON.parse(args.blocks) as Block[]) : [];
    const attachments = args.attachments ? (JSON.parse(args.attachments) as { blocks?: Block[] }[]) : [];
    for (const group of [blocks, ...attachments.map((x) => x.blocks ?? [])]) if (!blocksValid(group)) return 'invalid_blocks';
    return undefined;
  }
}

type Block = { type?: string; text?: { text?: string }; fields?: { text?: string }[] };
function blocksValid(blocks: Block[]): boolean {
  if (blocks.length > LIMITS.blocks) return false;
  return blocks.every((b) => {
    const len = b.text?.text?.length ?? 0;
    if (b.type === 'header') return len <= LIMITS.header;
    if (b.type === 'section') return len <= LIMITS.section && (b.fields ?? []).length <= LIMITS.fields && (b.fields ?? []).every((f) => (f.text ?? '').length <= LIMITS.field);
    return true;
  });
}

/** The upload URL takes raw bytes or (as the WebClient sends them) one multipart file part. */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()][0];
  if (part === undefined) return Buffer.alloc(0);
  return typeof part === 'string' ? Buffer.from(part) : Buffer.from(await part.arrayBuffer());
}
