/**
 * Runs the real `squall` command (`node bin/squall.js ...`) as a child process in a temporary
 * project: its own data dir, the test's packs plus the project's built-in packs, nothing else from
 * the test runner's environment. `startServerProcess` runs `squall start` and finds it through
 * `data/server.json`, as the CLI does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, waitFor } from './app.js';
import { makeTempDir } from './temp-pack.js';

export const SQUALL_BIN = path.join(PROJECT_ROOT, 'bin', 'squall.js');

/** What one `squall` invocation printed and how it exited. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

/** A temporary project directory to run `squall` in. */
export interface CliProject {
  /** The working directory of every command (relative paths resolve here). */
  readonly dir: string;
  readonly dataDir: string;
  /** The environment every command gets. */
  readonly env: Record<string, string>;
  /** Runs `squall ...args`; rejects only when the process cannot be started or exceeds `timeoutMs`. */
  run(args: string[], options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<CliResult>;
  /** Runs `squall ...args --json` expecting exit 0 and JSON on stdout. */
  json<T = unknown>(args: string[]): Promise<T>;
}

/** A new project whose packs path is `packsDirs` followed by the project's `packs/`. */
export function cliProject(packsDirs: string[] = []): CliProject {
  const dir = makeTempDir('squall-cli-');
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    SQUALL_DATA_DIR: dataDir,
    SQUALL_PACKS_PATH: [...packsDirs, path.join(PROJECT_ROOT, 'packs')].join(path.delimiter),
    SQUALL_LOG_LEVEL: 'warn',
  };
  const project: CliProject = {
    dir,
    dataDir,
    env,
    run: (args, options = {}) => runSquall(args, { cwd: dir, env: { ...env, ...options.env }, timeoutMs: options.timeoutMs ?? 20_000 }),
    async json<T>(args: string[]): Promise<T> {
      const r = await project.run([...args, '--json']);
      if (r.code !== 0) throw new Error(`squall ${args.join(' ')} --json exited ${r.code}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout) as T;
    },
  };
  return project;
}

/** Spawns `node bin/squall.js ...args` and collects its output. */
export function runSquall(args: string[], options: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<CliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [SQUALL_BIN, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  return collect(child, started, options.timeoutMs, `squall ${args.join(' ')}`);
}

function collect(child: ChildProcess, started: number, timeoutMs: number, what: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** What `squall start` wrote to `data/server.json`. */
export interface ServerInfoFile {
  pid: number;
  host: string;
  port: number;
}

/** A `squall start` child process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly info: ServerInfoFile;
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** The API key from `data/keys/api_key`. */
  readonly apiKey: string;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
  /** Sends SIGTERM to the `squall start` process and resolves with how it exited. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `squall start` with `SQUALL_HTTP_PORT=0` and waits until server.json names the port. */
export async function startServerProcess(project: CliProject, timeoutMs = 15_000): Promise<ServerProcess> {
  const infoFile = path.join(project.dataDir, 'server.json');
  const child = spawn(process.execPath, [SQUALL_BIN, 'start'], { cwd: project.dir, env: { ...project.env, SQUALL_HTTP_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));
  await waitFor(() => gone || (existsSync(infoFile) && stdout.includes('Squall is running')), 'squall start to listen', timeoutMs);
  if (gone) throw new Error(`squall start exited early\nstdout: ${stdout}\nstderr: ${stderr}`);
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as ServerInfoFile;
  return {
    child,
    info,
    baseUrl: `http://127.0.0.1:${info.port}`,
    apiKey: readFileSync(path.join(project.dataDir, 'keys', 'api_key'), 'utf8').trim(),
    output: () => ({ stdout, stderr }),
    async stop() {
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
