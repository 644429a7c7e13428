import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { ApiRequest, ApiResponse, Route } from '../../api/http-server.js';
import { errorMessage } from '../../errors/index.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';

/** Slack gives up on a delivery after 3 s; answer just before that if no listener acknowledged it. */
const ACK_TIMEOUT_MS = 2_900;
/** Slack signs with the send time; older (or this far in the future) is a replay and is refused. */
const MAX_SKEW_S = 5 * 60;

/**
 * A Bolt receiver that is a route on Squall's own HTTP server, instead of Bolt's HTTPReceiver on
 * a port of its own: one port to expose and secure, and one server to start and stop. The route
 * is public (no API key) because it checks Slack's signature itself: `v0=HMAC-SHA256(secret,
 * "v0:<timestamp>:<raw body>")` over the exact bytes received, timestamp within five minutes.
 * Then it does what Bolt's receivers do: answers `url_verification` and `ssl_check`, hands the
 * parsed body to `app.processEvent` with an `ack` that becomes the HTTP response, and passes
 * `X-Slack-Retry-Num` on so redeliveries can be recognised.
 */
export class SlackEventsRoute implements Receiver {
  readonly #signingSecret: string;
  readonly #path: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #app: App | undefined;
  #running = false;

  constructor(deps: { signingSecret: string; path: string; clock: Clock; logger: Logger }) {
    this.#signingSecret = deps.signingSecret;
    this.#path = deps.path;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
  }

  init(app: App): void {
    this.#app = app;
  }

  async start(): Promise<void> {
    this.#running = true;
  }

  async stop(): Promise<void> {
    this.#running = false;
  }

  /** The route to mount on the HTTP server: `POST <eventsPath>`, public, signature-checked. */
  route(): Route {
    const escaped = this.#path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { method: 'POST', pattern: new RegExp(`^${escaped}/?$`), public: true, handle: (req) => this.#handle(req) };
  }

  async #handle(req: ApiRequest): Promise<ApiResponse> {
    const app = this.#app;
    if (!app || !this.#running) return { status: 503, body: { faultstring: 'the Slack adapter is not running' } };
    const refused = this.#verify(req);
    if (refused) {
      this.#logger.warn('slack request refused', { reason: refused });
      return { status: 401, body: { faultstring: 'invalid Slack request signature' } };
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(req);
    } catch (err) {
      return { status: 400, body: { faultstring: `Slack request body could not be read: ${errorMessage(err)}` } };
    }
    if (body.ssl_check === '1') return { status: 200, body: {} };
    if (body.type === 'url_verification') return { status: 200, body: { challenge: body.challenge } };
    const retryNum = Number(firstHeader(req, 'x-slack-retry-num') ?? Number.NaN);
    const retryReason = firstHeader(req, 'x-slack-retry-reason');
    return new Promise<ApiResponse>((resolve) => {
      let settled = false;
      const finish = (response: ApiResponse): void => {
        if (settled) return;
        settled = true;
        timer.cancel();
        resolve(response);
      };
      const timer = this.#clock.setTimeout(() => {
        this.#logger.warn('slack request not acknowledged in time', { type: body.type ?? body.command });
        finish({ status: 200, body: undefined });
      }, ACK_TIMEOUT_MS);
      const event: ReceiverEvent = {
        body,
        ack: async (response?: unknown) => finish({ status: 200, body: response }),
        ...(Number.isInteger(retryNum) ? { retryNum } : {}),
        ...(retryReason !== undefined ? { retryReason } : {}),
      };
      app.processEvent(event).then(
        () => finish({ status: 404, body: { faultstring: 'no handler for this Slack request' } }),
        (err: unknown) => {
          this.#logger.error('slack request failed', { error: errorMessage(err) });
          finish({ status: 500, body: { faultstring: 'the Slack request could not be processed' } });
        },
      );
    });
  }

  /** The reason a request is refused, or undefined when its signature and timestamp are good. */
  #verify(req: ApiRequest): string | undefined {
    const signature = firstHeader(req, 'x-slack-signature');
    const timestamp = Number(firstHeader(req, 'x-slack-request-timestamp'));
    if (!signature || !Number.isInteger(timestamp)) return 'missing signature headers';
    const nowMs = this.#clock.now();
    if (timestamp > nowMs / 1000 + MAX_SKEW_S) return 'timestamp is in the future';
    try {
      verifySlackRequest({
        signingSecret: this.#signingSecret,
        body: req.rawBody.toString('utf8'),
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: nowMs,
      });
      return undefined;
    } catch (err) {
      return errorMessage(err);
    }
  }
}

/** Events are JSON; commands are a form; interactivity is a form with one JSON `payload` field. */
function parseBody(req: ApiRequest): Record<string, unknown> {
  const raw = req.rawBody.toString('utf8');
  const type = firstHeader(req, 'content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
    return Object.fromEntries(form);
  }
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('body is not a JSON object');
  return parsed as Record<string, unknown>;
}

function firstHeader(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
