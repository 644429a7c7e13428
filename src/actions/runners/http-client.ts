import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';

/**
 * One HTTP exchange, without following redirects. Built on node:http/https rather than fetch so
 * that certificate verification can be switched off per request (`verify_ssl_cert: false`) and
 * proxies can be given per request, with no extra dependency.
 */
export interface HttpCall {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
  /** False skips certificate verification for https URLs. */
  rejectUnauthorized: boolean;
  /** An http:// proxy: absolute-form requests for http URLs, a CONNECT tunnel for https URLs. */
  proxy?: URL | undefined;
  signal: AbortSignal;
  /** Largest (decoded) response body accepted. */
  maxBodyBytes: number;
}

export interface HttpReply {
  status: number;
  /** Header names as the server sent them; repeated headers joined with ", " (as Python requests does). */
  headers: Record<string, string>;
  /** Decoded (gzip, deflate, br) body bytes. */
  body: Buffer;
}

/** Sends one request and reads the whole response. Rejects on network errors, aborts and oversize bodies. */
export async function sendHttp(call: HttpCall): Promise<HttpReply> {
  const secure = call.url.protocol === 'https:';
  const host = call.url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(call.url.port) || (secure ? 443 : 80);
  const headers: Record<string, string> = { ...call.headers };
  if (call.body) headers['Content-Length'] = String(call.body.length);

  let options: https.RequestOptions;
  let transport: typeof http | typeof https = secure ? https : http;
  if (call.proxy && !secure) {
    // Plain HTTP through a proxy: the request line carries the absolute URL.
    transport = http;
    options = {
      host: call.proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(call.proxy.port) || 80,
      path: call.url.href,
      headers: { ...headers, Host: call.url.host, ...proxyAuthorization(call.proxy) },
    };
  } else if (call.proxy && secure) {
    const socket = await openTunnel(call.proxy, host, port, call.signal);
    const tlsOptions: tls.ConnectionOptions = { socket, rejectUnauthorized: call.rejectUnauthorized };
    if (!isIP(host)) tlsOptions.servername = host;
    options = { host, port, path: pathOf(call.url), headers, createConnection: () => tls.connect(tlsOptions) };
  } else {
    options = { host, port, path: pathOf(call.url), headers, rejectUnauthorized: call.rejectUnauthorized };
  }
  options.method = call.method;
  options.signal = call.signal;
  // No connection pooling: each execution's request stands alone and leaves nothing open. (A
  // tunnelled request has no agent at all: with one, Node would ignore createConnection.)
  if (!options.createConnection) options.agent = false;

  return new Promise<HttpReply>((resolve, reject) => {
    let req: http.ClientRequest;
    try {
      req = transport.request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > call.maxBodyBytes) {
            req.destroy(new Error(`response body is larger than ${call.maxBodyBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          try {
            const raw = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: joinHeaders(res.rawHeaders), body: decodeBody(raw, res.headers['content-encoding'], call.maxBodyBytes) });
          } catch (err) {
            reject(err);
          }
        });
      });
    } catch (err) {
      reject(err);
      return;
    }
    req.on('error', reject);
    req.end(call.body);
  });
}

function pathOf(url: URL): string {
  return `${url.pathname || '/'}${url.search}`;
}

/** Asks an http proxy for a raw TCP tunnel to host:port. */
function openTunnel(proxy: URL, host: string, port: number, signal: AbortSignal): Promise<Socket> {
  const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return new Promise<Socket>((resolve, reject) => {
    const req = http.request({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: Number(proxy.port) || 80,
      method: 'CONNECT',
      path: authority,
      headers: { Host: authority, ...proxyAuthorization(proxy) },
      agent: false,
      signal,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`proxy ${proxy.host} refused the tunnel to ${authority} with status ${res.statusCode}`));
      }
    });
    req.once('error', reject);
    req.end();
  });
}

function proxyAuthorization(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'Proxy-Authorization': `Basic ${Buffer.from(credentials).toString('base64')}` };
}

function joinHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const byLower = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const known = byLower.get(name.toLowerCase());
    if (known === undefined) {
      byLower.set(name.toLowerCase(), name);
      out[name] = value;
    } else {
      out[known] = `${out[known]}, ${value}`;
    }
  }
  return out;
}

function decodeBody(raw: Buffer, encoding: string | undefined, limit: number): Buffer {
  const options = { maxOutputLength: limit };
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.gunzipSync(raw, options);
    case 'deflate':
      // Servers send both zlib-wrapped and raw deflate under this name.
      try {
        return zlib.inflateSync(raw, options);
      } catch {
        return zlib.inflateRawSync(raw, options);
      }
    case 'br':
      return zlib.brotliDecompressSync(raw, options);
    default:
      return raw;
  }
}
