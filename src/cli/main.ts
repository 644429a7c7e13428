#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { isMainModule } from '../util/is-main.js';
import { SquallError, isSquallError, errorMessage } from '../errors/index.js';
import type { App } from '../app.js';
import { parseArgs } from './args.js';
import type { CliCommand, CliEnv, CliIo } from './command.js';
import { COMMANDS } from './commands.js';
import { loadConfig } from '../config/config.js';
import { apiKeyFile, findServer, runRemote } from './remote.js';

/** `squall --help`: one line per verb group. */
export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: squall <command> [arguments] [--json]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `squall <command> --help` for the arguments of one command.',
  ].join('\n');
}

/**
 * Runs one CLI invocation and returns the exit code. Every error is reported, never thrown:
 * SquallErrors with their code and details, anything else as an internal error.
 */
export async function runCli(argv: readonly string[], io: CliIo, env: Omit<CliEnv, 'app'> & { app?: CliEnv['app'] }): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.out(helpText());
    return verb ? 0 : 2;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === verb);
  if (!command) {
    io.err(`squall: unknown command "${verb}"\n\n${helpText()}`);
    return 2;
  }
  const args = parseArgs(rest, command.booleanFlags ?? []);
  if (args.flags.help) {
    io.out(command.usage);
    return 0;
  }
  let app: App | undefined;
  const fullEnv: CliEnv = {
    ...env,
    app:
      env.app ??
      (async () => {
        if (!app) {
          const { createApp } = await import('../app.js');
          app = await createApp({ root: env.cwd, env: env.vars, quiet: true });
        }
        return app;
      }),
  };
  try {
    // A running server owns the data directory: send the command there, so both share one engine.
    if (!env.app && command.name !== 'start') {
      const forwarded = await forwardToServer(argv, io, env);
      if (forwarded !== undefined) return forwarded;
    }
    return await command.run(args, io, fullEnv);
  } catch (err) {
    if (isSquallError(err)) {
      io.err(args.flags.json ? JSON.stringify({ error: err.toJSON() }, null, 2) : err.describe());
      return 1;
    }
    io.err(`INTERNAL: ${errorMessage(err)}`);
    return 1;
  } finally {
    if (app) await app.stop();
  }
}

async function forwardToServer(argv: readonly string[], io: CliIo, env: Omit<CliEnv, 'app'>): Promise<number | undefined> {
  let dataDir: string;
  try {
    dataDir = loadConfig(env.cwd, env.vars).dataDir;
  } catch {
    return undefined; // the local run reports the configuration problem
  }
  const server = findServer(dataDir);
  if (!server) return undefined;
  let key: string;
  try {
    key = readFileSync(apiKeyFile(dataDir), 'utf8').trim();
  } catch (err) {
    throw new SquallError('SERVER_UNREACHABLE', `a Squall server (pid ${server.pid}) is running on ${dataDir}, but its API key cannot be read: ${errorMessage(err)}`);
  }
  const result = await runRemote(server, key, argv, env.cwd);
  if (result.stdout) io.out(result.stdout);
  if (result.stderr) io.err(result.stderr);
  return result.code;
}

if (isMainModule(import.meta.url)) {
  const io: CliIo = { out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'), err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n') };
  // No top-level await: `squall start` runs for the life of the server, and the server's CLI route
  // imports this module; a module still evaluating would make that import wait forever.
  void runCli(process.argv.slice(2), io, { cwd: process.env.SQUALL_ROOT ?? process.cwd(), vars: process.env }).then((code) => {
    process.exitCode = code;
  });
}
