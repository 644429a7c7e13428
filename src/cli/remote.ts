import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

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

/** Sends one CLI invocation to the server and returns what it printed and its exit code. */
export async function runRemote(server: ServerInfo, apiKey: string, argv: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const res = await fetch(`http://${server.host === '0.0.0.0' ? '127.0.0.1' : server.host}:${server.port}/api/v1/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-squall-api-key': apiKey },
    body: JSON.stringify({ argv, cwd }),
  });
  const body = (await res.json()) as { code?: number; stdout?: string; stderr?: string; faultstring?: string };
  if (!res.ok) return { code: 1, stdout: '', stderr: `server refused the command (${res.status}): ${body.faultstring ?? ''}` };
  return { code: body.code ?? 1, stdout: body.stdout ?? '', stderr: body.stderr ?? '' };
}
