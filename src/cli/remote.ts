import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SquallError, errorMessage } from '../errors/index.js';

/** What a running server writes to `<dataDir>/server.json`, so that the CLI can find it. */
export interface ServerInfo {
  pid: number;
  host: string;
  port: number;
}

export function serverInfoFile(dataDir: string): string {
  return path.join(dataDir, 'server.json');
}

export function apiKeyFile(dataDir: string): string {
  return path.join(dataDir, 'keys', 'api_key');
}

/** The running server for this data directory, if there is one and its process is alive. */
export function findServer(dataDir: string): ServerInfo | undefined {
  const file = serverInfoFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as ServerInfo;
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}

/**
 * Sends one CLI invocation to the server and returns what it printed and its exit code. node:http
 * rather than fetch: a command such as `squall run` waits for its execution, which may take longer
 * than fetch's five-minute limit on response headers.
 */
export async function runRemote(server: ServerInfo, apiKey: string, argv: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const host = server.host === '0.0.0.0' || server.host === '::' ? '127.0.0.1' : server.host;
  const payload = JSON.stringify({ argv, cwd });
  let reply: { status: number; text: string };
  try {
    reply = await new Promise((resolve, reject) => {
      const req = http.request(
        { host, port: server.port, path: '/api/v1/cli', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-squall-api-key': apiKey } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  } catch (err) {
    throw new SquallError('SERVER_UNREACHABLE', `cannot reach the Squall server (pid ${server.pid}) at http://${host}:${server.port}: ${errorMessage(err)}`);
  }
  let body: { code?: number; stdout?: string; stderr?: string; faultstring?: string };
  try {
    body = JSON.parse(reply.text) as typeof body;
  } catch {
    throw new SquallError('SERVER_UNREACHABLE', `the Squall server at http://${host}:${server.port} answered ${reply.status} with a body that is not JSON`);
  }
  if (reply.status !== 200) return { code: 1, stdout: '', stderr: `server refused the command (${reply.status}): ${body.faultstring ?? ''}` };
  return { code: body.code ?? 1, stdout: body.stdout ?? '', stderr: body.stderr ?? '' };
}
