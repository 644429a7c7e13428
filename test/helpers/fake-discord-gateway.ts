/**
 * The gateway half of the fake Discord: a `ws` server speaking Gateway v10 in plain JSON text frames
 * (discord.js only turns on zlib-stream when the optional `zlib-sync` package is installed).
 * HELLO → IDENTIFY → READY + GUILD_CREATE, HEARTBEAT → HEARTBEAT_ACK, RESUME replays what the session
 * missed and ends with RESUMED. Dispatches are filtered by the intents the client identified with,
 * and message content is blanked without the MessageContent intent, as Discord does.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

/** Gateway opcodes used here (Discord's numbers). */
export const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, Resume: 6, Reconnect: 7, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

/** Intent bits the fake checks. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  GuildMessageReactions: 1 << 10,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** Which intent a dispatch needs; DM variants are decided per payload. */
const EVENT_INTENT: Record<string, number | undefined> = {
  GUILD_MEMBER_ADD: Intent.GuildMembers,
};

interface Frame {
  op: number;
  d: unknown;
  s: number | null;
  t: string | null;
}

interface Session {
  id: string;
  seq: number;
  intents: number;
  /** Every dispatch of the session, so a RESUME can replay what the client missed. */
  log: Frame[];
}

export interface GatewayIdentity {
  token: string;
  botUser: Record<string, unknown>;
  applicationId: string;
  /** The GUILD_CREATE payload (the whole guild). */
  guild: () => Record<string, unknown>;
}

/** Gateway state and controls; one instance per fake. */
export class FakeGateway {
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #identity: GatewayIdentity;
  readonly #heartbeatMs: number;
  #url = '';
  #session: Session | undefined;
  #socket: WebSocket | undefined;
  #sessionCounter = 0;
  /** Every frame the client sent, in order. */
  readonly received: Frame[] = [];
  /** Connections opened so far (a reconnect adds one). */
  connections = 0;

  constructor(identity: GatewayIdentity, heartbeatMs: number) {
    this.#identity = identity;
    this.#heartbeatMs = heartbeatMs;
    this.#wss.on('connection', (ws) => this.#onConnection(ws));
  }

  /** Set once the HTTP server listens. */
  set url(value: string) {
    this.#url = value;
  }
  get url(): string {
    return this.#url;
  }

  /** The intents of the current session (0 before IDENTIFY). */
  get intents(): number {
    return this.#session?.intents ?? 0;
  }

  get connected(): boolean {
    return this.#socket !== undefined;
  }

  count(op: number): number {
    return this.received.filter((f) => f.op === op).length;
  }

  /** Called from the HTTP server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!(req.url ?? '').startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#wss.emit('connection', ws, req));
  }

  /**
   * Sends a dispatch to the session (or keeps it for replay when the socket is down). Returns false
   * when the session's intents filter it out, as Discord would never send it.
   */
  dispatch(t: string, d: Record<string, unknown>): boolean {
    const session = this.#session;
    if (!session || !this.#allowed(session.intents, t, d)) return false;
    const frame: Frame = { op: Op.Dispatch, t, s: ++session.seq, d: this.#redact(session.intents, t, d) };
    session.log.push(frame);
    this.#send(frame);
    return true;
  }

  /** Drops the connection: a close frame with `code`, or a dead TCP socket when no code is given. */
  drop(code?: number): void {
    const ws = this.#socket;
    this.#socket = undefined;
    if (!ws) return;
    if (code === undefined) ws.terminate();
    else ws.close(code, 'fake drop');
  }

  /** Asks the client to reconnect and resume (op 7), as Discord does before maintenance. */
  requestReconnect(): void {
    this.#send({ op: Op.Reconnect, d: null, s: null, t: null });
  }

  close(): void {
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }

  #onConnection(ws: WebSocket): void {
    this.connections++;
    this.#socket?.terminate();
    this.#socket = ws;
    ws.on('message', (raw) => this.#onFrame(ws, JSON.parse(String(raw)) as Frame));
    ws.on('close', () => {
      if (this.#socket === ws) this.#socket = undefined;
    });
    this.#send({ op: Op.Hello, d: { heartbeat_interval: this.#heartbeatMs }, s: null, t: null });
  }

  #onFrame(ws: WebSocket, frame: Frame): void {
    this.received.push(frame);
    const d = (frame.d ?? {}) as Record<string, unknown>;
    switch (frame.op) {
      case Op.Heartbeat:
        ws.send(JSON.stringify({ op: Op.HeartbeatAck, d: null, s: null, t: null }));
        return;
      case Op.Identify:
        if (d['token'] !== this.#identity.token) return void ws.close(4004, 'Authentication failed.');
        return this.#identify(Number(d['intents'] ?? 0));
      case Op.Resume:
        return this.#resume(ws, d);
      default:
        return;
    }
  }

  #identify(intents: number): void {
    const id = `session-${++this.#sessionCounter}`;
    this.#session = { id, seq: 0, intents, log: [] };
    const guild = this.#identity.guild();
    this.dispatch('READY', {
      v: 10,
      user: this.#identity.botUser,
      guilds: [{ id: guild['id'], unavailable: true }],
      session_id: id,
      resume_gateway_url: this.#url,
      shard: [0, 1],
      application: { id: this.#identity.applicationId, flags: 0 },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
    });
    // Without GUILD_CREATE for every guild listed in READY, ClientReady waits for waitGuildTimeout.
    if (intents & Intent.Guilds) this.dispatch('GUILD_CREATE', guild);
  }

  #resume(ws: WebSocket, d: Record<string, unknown>): void {
    const session = this.#session;
    if (!session || d['session_id'] !== session.id || d['token'] !== this.#identity.token) {
      // Not resumable: the client must identify again.
      ws.send(JSON.stringify({ op: Op.InvalidSession, d: false, s: null, t: null }));
      return;
    }
    const from = Number(d['seq'] ?? 0);
    for (const frame of session.log) if ((frame.s ?? 0) > from) this.#send(frame);
    this.dispatch('RESUMED', {});
  }

  #send(frame: Frame): void {
    if (this.#socket?.readyState === 1) this.#socket.send(JSON.stringify(frame));
  }

  #allowed(intents: number, t: string, d: Record<string, unknown>): boolean {
    const dm = d['guild_id'] === undefined;
    if (t === 'MESSAGE_CREATE') return (intents & (dm ? Intent.DirectMessages : Intent.GuildMessages)) !== 0;
    if (t === 'MESSAGE_REACTION_ADD') return dm || (intents & Intent.GuildMessageReactions) !== 0;
    const needed = EVENT_INTENT[t];
    return needed === undefined || (intents & needed) !== 0;
  }

  /** Without MessageContent, guild messages arrive with empty content unless they mention the bot. */
  #redact(intents: number, t: string, d: Record<string, unknown>): Record<string, unknown> {
    if (t !== 'MESSAGE_CREATE' || intents & Intent.MessageContent || d['guild_id'] === undefined) return d;
    const mentions = (d['mentions'] as { id: string }[] | undefined) ?? [];
    if (mentions.some((u) => u.id === this.#identity.botUser['id'])) return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [] };
  }
}
