import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunners } from '../../../src/actions/runners/index.js';
import { makeAction, makeRequest, tempPack } from './helpers.js';

const runner = createRunners({ baseEnv: {} })['http-request']!;
const action = makeAction({ pack_path: tempPack('httppack'), runner_type: 'http-request', name: 'call' });

function listen(server: http.Server | https.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

const handler = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/json') {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Custom': 'yes' });
    res.end('{"ok": true, "n": 1}');
  } else if (url.pathname === '/text') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('plain text');
  } else if (url.pathname.startsWith('/status/')) {
    res.writeHead(Number(url.pathname.slice(8)), { 'Content-Type': 'application/json' });
    res.end('{"status": "set"}');
  } else if (url.pathname === '/redirect') {
    res.writeHead(302, { Location: url.searchParams.get('to') ?? '/json' });
    res.end();
  } else if (url.pathname === '/gzip') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    res.end(zlib.gzipSync('{"zipped": true}'));
  } else if (url.pathname === '/slow') {
    // Never answers.
  } else {
    const body = await readBody(req);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  }
};

const server = http.createServer((req, res) => void handler(req, res));
let base = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${await listen(server)}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('http-request', () => {
  it('parses JSON bodies and returns status_code, body, parsed and headers', async () => {
    const out = await runner.run(makeRequest(runner, action, { url: `${base}/json` }));
    expect(out.status).toBe('succeeded');
    expect(out.result).toMatchObject({ status_code: 200, body: { ok: true, n: 1 }, parsed: true, headers: { 'X-Custom': 'yes' } });
  });

  it('keeps other bodies as text', async () => {
    const out = await runner.run(makeRequest(runner, action, { url: `${base}/text` }));
    expect(out.result).toMatchObject({ status_code: 200, body: 'plain text', parsed: false });
  });

  it.each([
    [200, 'succeeded'],
    [204, 'succeeded'],
    [206, 'succeeded'],
    [207, 'failed'],
    [404, 'failed'],
    [500, 'failed'],
  ])('maps HTTP %i to %s', async (code, status) => {
    const out = await runner.run(makeRequest(runner, action, { url: `${base}/status/${code}` }));
    expect(out.status).toBe(status);
    expect((out.result as { status_code: number }).status_code).toBe(code);
  });

  it('does not follow redirects unless allow_redirects', async () => {
    const stay = await runner.run(makeRequest(runner, action, { url: `${base}/redirect` }));
    expect(stay.status).toBe('failed');
    expect(stay.result).toMatchObject({ status_code: 302, headers: { Location: '/json' } });
    const follow = await runner.run(makeRequest(runner, action, { url: `${base}/redirect`, allow_redirects: true }));
    expect(follow).toMatchObject({ status: 'succeeded', result: { status_code: 200, body: { ok: true } } });
  });

  it('enforces the host lists, on redirects too', async () => {
    await expect(runner.run(makeRequest(runner, action, { url: `${base}/json`, url_hosts_blacklist: ['127.0.0.1'] }))).rejects.toMatchObject({ code: 'PARAMETERS_INVALID', message: expect.stringContaining('blacklisted') });
    await expect(runner.run(makeRequest(runner, action, { url: `${base}/json`, url_hosts_whitelist: ['example.com'] }))).rejects.toMatchObject({ message: expect.stringContaining('not whitelisted') });
    await expect(runner.run(makeRequest(runner, action, { url: `${base}/json`, url_hosts_blacklist: ['a'], url_hosts_whitelist: ['b'] }))).rejects.toMatchObject({ message: expect.stringContaining('mutually exclusive') });
    const ok = await runner.run(makeRequest(runner, action, { url: `${base}/json`, url_hosts_whitelist: ['127.0.0.1'] }));
    expect(ok.status).toBe('succeeded');
    const port = new URL(base).port;
    const hop = `${base}/redirect?to=${encodeURIComponent(`http://localhost:${port}/json`)}`;
    await expect(runner.run(makeRequest(runner, action, { url: hop, allow_redirects: true, url_hosts_whitelist: ['127.0.0.1'] }))).rejects.toMatchObject({ message: expect.stringContaining('not whitelisted') });
  });

  it('sends method, query params, headers, auth, cookies and a JSON body', async () => {
    const out = await runner.run(
      makeRequest(runner, action, {
        url: `${base}/echo?x=1`,
        method: 'put',
        params: { q: 'a b', n: 2, list: ['u', 'v'] },
        headers: { 'X-One': '1' },
        auth: 'x-auth-token=XYZ',
        cookies: { session: 'abc' },
        body: { hello: 'world' },
      }),
    );
    const echo = (out.result as { body: { method: string; url: string; headers: Record<string, string>; body: string } }).body;
    expect(echo.method).toBe('PUT');
    const query = new URL(echo.url, 'http://x').searchParams;
    expect([query.get('x'), query.get('q'), query.get('n')]).toEqual(['1', 'a b', '2']);
    expect(query.getAll('list')).toEqual(['u', 'v']);
    expect(echo.headers).toMatchObject({ 'x-one': '1', 'x-auth-token': 'XYZ', cookie: 'session=abc', 'content-type': 'application/json', 'x-stanley-action': 'call' });
    expect(JSON.parse(echo.body)).toEqual({ hello: 'world' });
    // Repeated response headers are joined, as Python requests does.
    expect((out.result as { headers: Record<string, string> }).headers['Set-Cookie']).toBe('a=1, b=2');
  });

  it('defaults to POST when there is a body and uses basic auth from username and password', async () => {
    const out = await runner.run(makeRequest(runner, action, { url: `${base}/echo`, body: 'raw text', username: 'u', password: 'p' }));
    const echo = (out.result as { body: { method: string; headers: Record<string, string>; body: string } }).body;
    expect(echo.method).toBe('POST');
    expect(echo.body).toBe('raw text');
    expect(echo.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('uploads file_content as multipart form data', async () => {
    const out = await runner.run(makeRequest(runner, action, { url: `${base}/echo`, file_name: 'notes.txt', file_content: 'file body', file_content_type: 'text/plain' }));
    const echo = (out.result as { body: { method: string; headers: Record<string, string>; body: string } }).body;
    expect(echo.method).toBe('POST');
    expect(echo.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(echo.body).toContain('filename="notes.txt"');
    expect(echo.body).toContain('\r\n\r\nfile body\r\n');
  });

  it('decodes gzip responses', async () => {
    const out = await runner.run(makeRequest(runner, action, { url: `${base}/gzip` }));
    expect(out.result).toMatchObject({ body: { zipped: true }, parsed: true });
  });

  it('times out with status timeout and is canceled by the signal', async () => {
    const slow = await runner.run(makeRequest(runner, action, { url: `${base}/slow`, timeout: 0.3 }));
    expect(slow.status).toBe('timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const canceled = await runner.run(makeRequest(runner, action, { url: `${base}/slow` }, { signal: controller.signal }));
    expect(canceled.status).toBe('canceled');
  });

  it('fails with an error when nothing listens', async () => {
    const closed = net.createServer();
    const port = await listen(closed as unknown as http.Server);
    closed.close();
    const out = await runner.run(makeRequest(runner, action, { url: `http://127.0.0.1:${port}/` }));
    expect(out.status).toBe('failed');
    expect((out.result as { error: string }).error).toMatch(/ECONNREFUSED/);
  });

  it('rejects URLs that are not http or https', async () => {
    await expect(runner.run(makeRequest(runner, action, { url: 'file:///etc/passwd' }))).rejects.toMatchObject({ code: 'PARAMETERS_INVALID' });
    await expect(runner.run(makeRequest(runner, action, { url: 'not a url' }))).rejects.toMatchObject({ code: 'PARAMETERS_INVALID' });
  });

  it('sends plain http through http_proxy', async () => {
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"via": "proxy"}');
    });
    const port = await listen(proxy);
    try {
      const out = await runner.run(makeRequest(runner, action, { url: 'http://upstream.invalid/path?a=1', http_proxy: `http://127.0.0.1:${port}` }));
      expect(out.result).toMatchObject({ body: { via: 'proxy' } });
      expect(seen).toEqual(['http://upstream.invalid/path?a=1']);
    } finally {
      proxy.close();
    }
  });
});

const opensslAvailable = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!opensslAvailable) console.warn('openssl not found: skipping the https tests of the http-request runner');

describe.skipIf(!opensslAvailable)('http-request over https', () => {
  let secure: https.Server;
  let securePort = 0;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'squall-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    secure = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"secure": true}');
    });
    securePort = await listen(secure);
  });
  afterAll(() => {
    secure.closeAllConnections();
    secure.close();
  });

  it('verifies certificates unless verify_ssl_cert is false', async () => {
    const strict = await runner.run(makeRequest(runner, action, { url: `https://127.0.0.1:${securePort}/` }));
    expect(strict.status).toBe('failed');
    expect((strict.result as { error: string }).error).toMatch(/certificate/i);
    const relaxed = await runner.run(makeRequest(runner, action, { url: `https://127.0.0.1:${securePort}/`, verify_ssl_cert: false }));
    expect(relaxed).toMatchObject({ status: 'succeeded', result: { body: { secure: true } } });
  });

  it('tunnels https through https_proxy with CONNECT', async () => {
    const tunnels: string[] = [];
    const proxy = http.createServer();
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket) => {
      tunnels.push(req.url ?? '');
      const upstream = net.connect(securePort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
    });
    const port = await listen(proxy);
    try {
      const out = await runner.run(makeRequest(runner, action, { url: `https://localhost:${securePort}/`, https_proxy: `http://127.0.0.1:${port}`, verify_ssl_cert: false }));
      expect(out).toMatchObject({ status: 'succeeded', result: { body: { secure: true } } });
      expect(tunnels).toEqual([`localhost:${securePort}`]);
    } finally {
      proxy.closeAllConnections();
      proxy.close();
    }
  });
});
