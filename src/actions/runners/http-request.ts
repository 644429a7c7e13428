import { randomBytes } from 'node:crypto';
import { SquallError, errorMessage } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import type { Clock } from '../../util/clock.js';
import { sendHttp } from './http-client.js';
import type { Runner, RunOutcome, RunRequest } from './runner.js';
import { declaredParameters } from './runner-spec.js';

/** What the http runner needs from its surroundings. */
export interface HttpRunnerDeps {
  clock: Clock;
  /** Largest response body kept, in bytes. */
  maxBodyBytes: number;
  /** Sent as User-Agent unless the action sets its own. */
  userAgent: string;
}

/** StackStorm's default request timeout (seconds) when the action declares none. */
const DEFAULT_TIMEOUT = 60;
const MAX_REDIRECTS = 10;

/**
 * `http-request`: one HTTP request with StackStorm's parameters and result
 * `{status_code, body, parsed, headers}`. Succeeds only for 200–206; a body whose content type is
 * application/json is parsed (`parsed: true`). Redirects are not followed unless
 * `allow_redirects`; when they are, every hop is checked against the host lists again.
 */
export class HttpRequestRunner implements Runner {
  readonly name = 'http-request';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('http-request');
  readonly outputKey = 'body';
  readonly #deps: HttpRunnerDeps;

  constructor(deps: HttpRunnerDeps) {
    this.#deps = deps;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const p = request.parameters;
    let url = withQuery(parseUrl(p.url), p.params);
    const hosts = hostLists(p);
    checkHost(url, hosts);
    const timeout = typeof p.timeout === 'number' && p.timeout > 0 ? p.timeout : DEFAULT_TIMEOUT;
    let { method, headers, body } = buildRequest(request, this.#deps.userAgent);

    const deadline = new AbortController();
    const timer = this.#deps.clock.setTimeout(() => deadline.abort(), timeout * 1000);
    const signal = AbortSignal.any([request.signal, deadline.signal]);
    try {
      for (let hop = 0; ; hop++) {
        const reply = await sendHttp({
          url,
          method,
          headers,
          body,
          rejectUnauthorized: p.verify_ssl_cert !== false,
          proxy: proxyFor(url, p),
          signal,
          maxBodyBytes: this.#deps.maxBodyBytes,
        });
        const location = headerValue(reply.headers, 'location');
        if (p.allow_redirects === true && location !== undefined && [301, 302, 303, 307, 308].includes(reply.status)) {
          if (hop >= MAX_REDIRECTS) throw new SquallError('PARAMETERS_INVALID', `more than ${MAX_REDIRECTS} redirects from ${String(p.url)}`);
          const next = new URL(location, url);
          checkHost(next, hosts);
          // Python requests' rules: 303 (and 301/302 after POST) become GET without a body.
          if (reply.status === 303 ? method !== 'HEAD' : [301, 302].includes(reply.status) && method === 'POST') {
            method = 'GET';
            body = undefined;
            headers = withoutHeaders(headers, ['content-type']);
          }
          // Credentials stay with the host they were given for.
          if (next.host !== url.host) headers = withoutHeaders(headers, ['authorization', 'cookie']);
          url = next;
          continue;
        }
        const { body: decoded, parsed } = parseBody(reply.body, headerValue(reply.headers, 'content-type'));
        const result = { status_code: reply.status, body: decoded, parsed, headers: reply.headers };
        return { status: reply.status >= 200 && reply.status <= 206 ? 'succeeded' : 'failed', result };
      }
    } catch (err) {
      if (request.signal.aborted) return { status: 'canceled', result: { error: 'Request was canceled' } };
      if (deadline.signal.aborted) return { status: 'timeout', result: { error: `Request to ${url.href} did not complete in ${timeout} seconds` } };
      if (err instanceof SquallError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_INVALID_CHAR' || code === 'ERR_HTTP_INVALID_HEADER_VALUE') {
        throw new SquallError('PARAMETERS_INVALID', `invalid request header: ${errorMessage(err)}`, { details: [{ field: 'headers', message: errorMessage(err) }] });
      }
      return { status: 'failed', result: { error: `Request to ${url.href} failed: ${errorMessage(err)}` } };
    } finally {
      timer.cancel();
    }
  }
}

interface HostLists {
  blacklist: string[];
  whitelist: string[];
}

function parseUrl(value: unknown): URL {
  const invalid = (message: string): SquallError => new SquallError('PARAMETERS_INVALID', `url ${JSON.stringify(value)} ${message}`, { details: [{ field: 'url', message }] });
  if (typeof value !== 'string' || value === '') throw invalid('is required');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('must use http or https');
  return url;
}

/** Adds the `params` object to the query string; array values repeat the key, as Python requests does. */
function withQuery(url: URL, params: unknown): URL {
  if (params === undefined || params === null) return url;
  if (typeof params !== 'object' || Array.isArray(params)) throw new SquallError('PARAMETERS_INVALID', 'params must be an object of query parameters', { details: [{ field: 'params', message: 'must be an object' }] });
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      url.searchParams.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  return url;
}

function hostLists(p: Record<string, unknown>): HostLists {
  const list = (name: string): string[] => {
    const value = p[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw new SquallError('PARAMETERS_INVALID', `${name} must be a list of host names`, { details: [{ field: name, message: 'must be an array of strings' }] });
    }
    return value.map((v: string) => v.trim().toLowerCase().replace(/^\[|\]$/g, ''));
  };
  const lists = { blacklist: list('url_hosts_blacklist'), whitelist: list('url_hosts_whitelist') };
  if (lists.blacklist.length > 0 && lists.whitelist.length > 0) {
    throw new SquallError('PARAMETERS_INVALID', '"url_hosts_blacklist" and "url_hosts_whitelist" parameters are mutually exclusive. Only one should be provided.', {
      details: [{ field: 'url_hosts_whitelist', message: 'cannot be combined with url_hosts_blacklist' }],
    });
  }
  return lists;
}

/** st2 compares the URL's host without port or brackets against the lists. */
function checkHost(url: URL, lists: HostLists): void {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (lists.blacklist.includes(host)) throw new SquallError('PARAMETERS_INVALID', `URL "${url.href}" is blacklisted`, { details: [{ field: 'url', message: `host ${host} is in url_hosts_blacklist` }] });
  if (lists.whitelist.length > 0 && !lists.whitelist.includes(host)) {
    throw new SquallError('PARAMETERS_INVALID', `URL "${url.href}" is not whitelisted`, { details: [{ field: 'url', message: `host ${host} is not in url_hosts_whitelist` }] });
  }
}

function buildRequest(request: RunRequest, userAgent: string): { method: string; headers: Record<string, string>; body: Buffer | undefined } {
  const p = request.parameters;
  const headers: Record<string, string> = {};
  if (p.headers !== undefined && p.headers !== null) {
    if (typeof p.headers !== 'object' || Array.isArray(p.headers)) throw new SquallError('PARAMETERS_INVALID', 'headers must be an object', { details: [{ field: 'headers', message: 'must be an object' }] });
    for (const [k, v] of Object.entries(p.headers)) if (v !== undefined && v !== null) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  const has = (name: string): boolean => headerValue(headers, name) !== undefined;
  if (!has('user-agent')) headers['User-Agent'] = userAgent;
  headers['X-Stanley-Action'] = request.action.name;
  if (!has('accept-encoding')) headers['Accept-Encoding'] = 'gzip, deflate, br';

  if (typeof p.auth === 'string' && p.auth !== '') {
    // core.http's auth is a "name=value" header such as x-auth-token=XYZ; a bare value is an Authorization header.
    const eq = p.auth.indexOf('=');
    if (eq > 0) headers[p.auth.slice(0, eq).trim()] = p.auth.slice(eq + 1).trim();
    else headers.Authorization = p.auth;
  }
  if ((typeof p.username === 'string' && p.username !== '') || (typeof p.password === 'string' && p.password !== '')) {
    const credentials = `${typeof p.username === 'string' ? p.username : ''}:${typeof p.password === 'string' ? p.password : ''}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  if (p.cookies && typeof p.cookies === 'object' && !Array.isArray(p.cookies)) {
    const cookie = Object.entries(p.cookies as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join('; ');
    if (cookie) headers.Cookie = has('cookie') ? `${headerValue(headers, 'cookie')}; ${cookie}` : cookie;
  }

  let body: Buffer | undefined;
  const fileName = typeof p.file_name === 'string' && p.file_name !== '' ? p.file_name : undefined;
  if (fileName && typeof p.file_content === 'string') {
    if (p.body !== undefined && p.body !== null && p.body !== '') throw new SquallError('PARAMETERS_INVALID', 'body cannot be combined with a file upload', { details: [{ field: 'body', message: 'not allowed with file_name/file_content' }] });
    const boundary = `squall-${randomBytes(12).toString('hex')}`;
    const type = typeof p.file_content_type === 'string' && p.file_content_type !== '' ? p.file_content_type : 'application/octet-stream';
    const name = fileName.replace(/["\r\n]/g, '_');
    body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.from(p.file_content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`;
  } else if (p.body !== undefined && p.body !== null && p.body !== '') {
    if (typeof p.body === 'object') {
      body = Buffer.from(JSON.stringify(p.body));
      if (!has('content-type')) headers['Content-Type'] = 'application/json';
    } else {
      body = Buffer.from(String(p.body));
    }
  }
  const method = typeof p.method === 'string' && p.method !== '' ? p.method.toUpperCase() : body ? 'POST' : 'GET';
  return { method, headers, body };
}

function proxyFor(url: URL, p: Record<string, unknown>): URL | undefined {
  const value = url.protocol === 'https:' ? p.https_proxy : p.http_proxy;
  if (typeof value !== 'string' || value === '') return undefined;
  const field = url.protocol === 'https:' ? 'https_proxy' : 'http_proxy';
  let proxy: URL;
  try {
    proxy = new URL(value.includes('://') ? value : `http://${value}`);
  } catch {
    throw new SquallError('PARAMETERS_INVALID', `${field} is not a valid URL`, { details: [{ field, message: 'is not a valid URL' }] });
  }
  if (proxy.protocol !== 'http:') throw new SquallError('PARAMETERS_INVALID', `${field} must be an http:// proxy`, { details: [{ field, message: 'only http:// proxies are supported' }] });
  return proxy;
}

/** StackStorm parses exactly `application/json` bodies; anything else stays text. */
function parseBody(raw: Buffer, contentType: string | undefined): { body: unknown; parsed: boolean } {
  const text = raw.toString('utf8');
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') return { body: text, parsed: false };
  try {
    return { body: JSON.parse(text) as unknown, parsed: true };
  } catch {
    return { body: text, parsed: false };
  }
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !names.includes(k.toLowerCase())));
}
