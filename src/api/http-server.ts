import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorMessage, isSquallError } from '../errors/index.js';
import type { Logger } from '../util/logger.js';
import { apiKeyMatches } from './api-key.js';

/** A request as route handlers see it: body already read and parsed as JSON when it is JSON. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** Header names as sent, alternating with values (node's rawHeaders). */
  rawHeaders: string[];
  rawBody: Buffer;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface Route {
  method: string;
  /** Matched against the path; named groups become `params`. */
  pattern: RegExp;
  /** Routes that check a signature of their own (Slack events) skip the API key. */
  public?: boolean;
  handle(req: ApiRequest, params: Record<string, string>): Promise<ApiResponse> | ApiResponse;
}

const MAX_BODY = 1024 * 1024;

/**
 * The HTTP API: one node:http server, a table of routes, the API key checked on every non-public
 * route (header `St2-Api-Key`, `X-Squall-Api-Key` or query `st2-api-key`). Bodies over 1 MiB and
 * malformed JSON are refused with a clear 4xx; a handler error never takes the server down.
 */
export class HttpServer {
  readonly #routes: Route[];
  readonly #apiKey: string;
  readonly #logger: Logger;
  #server: http.Server | undefined;

  constructor(deps: { routes: Route[]; apiKey: string; logger: Logger }) {
    this.#routes = deps.routes;
    this.#apiKey = deps.apiKey;
    this.#logger = deps.logger;
  }

  async listen(host: string, port: number): Promise<number> {
    const server = http.createServer((req, res) => void this.#serve(req, res));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    this.#server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let response: ApiResponse;
    try {
      response = await this.#route(req, url);
    } catch (err) {
      const status = isSquallError(err) ? (err.code.endsWith('NOT_FOUND') ? 404 : 400) : 500;
      if (status === 500) this.#logger.error('api handler failed', { path: url.pathname, error: errorMessage(err) });
      response = { status, body: { faultstring: isSquallError(err) || status !== 500 ? errorMessage(err) : 'internal error', ...(isSquallError(err) ? { code: err.code, details: err.details } : {}) } };
    }
    const text = JSON.stringify(response.body ?? null);
    res.writeHead(response.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async #route(req: http.IncomingMessage, url: URL): Promise<ApiResponse> {
    const method = req.method ?? 'GET';
    const found = this.#routes.map((r) => ({ r, m: r.method === method ? r.pattern.exec(url.pathname) : null })).find((x) => x.m);
    if (!found || !found.m) return { status: 404, body: { faultstring: `no route for ${method} ${url.pathname}` } };
    const rawBody = await readBody(req);
    if (rawBody === undefined) return { status: 413, body: { faultstring: `body larger than ${MAX_BODY} bytes` } };
    if (!found.r.public) {
      const given = header(req, 'st2-api-key') ?? header(req, 'x-squall-api-key') ?? url.searchParams.get('st2-api-key') ?? undefined;
      if (!apiKeyMatches(this.#apiKey, given)) return { status: 401, body: { faultstring: 'missing or invalid API key' } };
    }
    let body: unknown = undefined;
    if (rawBody.length > 0) {
      const type = header(req, 'content-type') ?? 'application/json';
      if (type.includes('json')) {
        try {
          body = JSON.parse(rawBody.toString('utf8'));
        } catch (err) {
          return { status: 400, body: { faultstring: `body is not valid JSON: ${errorMessage(err)}` } };
        }
      } else if (type.includes('x-www-form-urlencoded')) {
        body = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
      } else {
        body = rawBody.toString('utf8');
      }
    }
    const apiReq: ApiRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawHeaders: req.rawHeaders, rawBody, body };
    return found.r.handle(apiReq, { ...(found.m.groups ?? {}) });
  }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
