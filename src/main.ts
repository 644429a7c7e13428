/**
 * `npm start` / `squall start`: builds the application, opens the HTTP API on 127.0.0.1, records
 * where it listens so the CLI can find it, and stops cleanly on SIGINT or SIGTERM.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createApp, type App } from './app.js';
import { HttpServer } from './api/http-server.js';
import { loadOrCreateApiKey } from './api/api-key.js';
import { webhookRoutes } from './api/routes/webhooks.js';
import { cliRoutes } from './api/routes/cli.js';
import { apiKeyFile, serverInfoFile } from './cli/remote.js';
import type { CliIo } from './cli/command.js';
import { SquallError, errorMessage, isSquallError } from './errors/index.js';
import { isMainModule } from './util/is-main.js';
import { createChatAdapters, type AdapterEnvironment } from './chat/adapters.js';
import { startChat, type RunningChat } from './chat/start-chat.js';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A started server: the application, the port it listens on, and how to stop it. */
export interface RunningServer {
  app: App;
  port: number;
  stop(): Promise<void>;
  /** Resolves once the server has stopped (signal or stop()). */
  stopped: Promise<void>;
  /** The chat bot, when any chat adapter runs. */
  chat?: RunningChat;
}

/**
 * Starts the application and its HTTP API, writes `<dataDir>/server.json` ({pid, host, port}, the
 * port the system picked when the configured one is 0) and, unless `signals` is false, stops on
 * SIGINT or SIGTERM, removing server.json and releasing the data directory.
 */
export async function startServer(options: {
  root: string;
  env: Record<string, string | undefined>;
  io: CliIo;
  signals?: boolean;
  /** The console chat's terminal; default this process's stdin and stdout. */
  chatConsole?: Omit<AdapterEnvironment['console'], 'onInterrupt' | 'onClose'>;
}): Promise<RunningServer> {
  const app = await createApp({ root: options.root, env: options.env });
  // Ctrl-C at the console prompt and the end of its input stop the server, as they would a shell.
  let stopFromChat = (): void => {};
  const terminal = options.chatConsole ?? { input: process.stdin, output: process.stdout, isTTY: Boolean(process.stdin.isTTY) };
  let chatAdapters: Awaited<ReturnType<typeof createChatAdapters>> = { adapters: [], routes: [] };
  try {
    if (app.config.chat.enabled) {
      chatAdapters = await createChatAdapters(app.config.chat, {
        clock: app.clock,
        logger: app.logger,
        console: { ...terminal, onInterrupt: () => stopFromChat(), ...(terminal.isTTY ? { onClose: () => stopFromChat() } : {}) },
      });
    }
  } catch (err) {
    await app.stop();
    throw err;
  }
  const apiKey = loadOrCreateApiKey(apiKeyFile(app.config.dataDir));
  const http = new HttpServer({
    apiKey,
    logger: app.logger.child({ component: 'api' }),
    routes: [
      ...webhookRoutes({ rules: () => app.rules.list(), dispatch: (t, p, o) => app.triggers.dispatch(t, p, o) }),
      ...cliRoutes(() => app),
      ...chatAdapters.routes,
    ],
  });
  let port: number;
  try {
    port = await http.listen(app.config.http.host, app.config.http.port);
  } catch (err) {
    // A port in use must not leave the data directory locked behind a half-started server.
    await app.stop();
    throw new SquallError('CONFIG_INVALID', `cannot listen on ${app.config.http.host}:${app.config.http.port}: ${errorMessage(err)}`);
  }
  app.setApiAddress(app.config.http.host, port);
  const infoFile = serverInfoFile(app.config.dataDir);
  writeFileSync(infoFile, JSON.stringify({ pid: process.pid, host: app.config.http.host, port }), { mode: 0o600 });

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  let chat: RunningChat | undefined;
  // `on`, not `once`: a second signal (Ctrl-C reaches every process of the terminal's group, and
  // launchers relay it too) must not fall through to the default action and kill a clean stop.
  const onSignal = () => void stop();
  const stop = () =>
    (stopping ??= (async () => {
      app.logger.info('stopping');
      rmSync(infoFile, { force: true });
      await chat?.stop();
      await http.close();
      await app.stop();
      if (options.signals !== false) for (const s of SIGNALS) process.off(s, onSignal);
      resolveStopped();
    })());

  if (options.signals !== false) for (const s of SIGNALS) process.on(s, onSignal);
  const counts = `${app.content.packs().length} packs, ${app.content.actions().length} actions, ${app.rules.list().length} rules`;
  options.io.out(`Squall is running: ${counts}; API on http://${app.config.http.host}:${port} (Ctrl-C stops)`);
  for (const p of app.problems) options.io.err(`warning: ${p.file ? `${p.file}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.message}`);
  stopFromChat = () => void stop();
  if (chatAdapters.adapters.length) {
    try {
      chat = await startChat(app, chatAdapters.adapters);
    } catch (err) {
      // The engine, the API and the rules are still worth running when no chat platform could connect.
      options.io.err(`warning: chat did not start: ${isSquallError(err) ? err.describe() : errorMessage(err)}`);
    }
  }
  return { app, port, stop, stopped, ...(chat ? { chat } : {}) };
}

if (isMainModule(import.meta.url)) {
  const io: CliIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };
  // No top-level await: modules this one imports lazily (the CLI route) must not wait on it.
  startServer({ root: process.env.SQUALL_ROOT ?? process.cwd(), env: process.env, io })
    .then((server) => server.stopped)
    .catch((err: unknown) => {
      io.err(isSquallError(err) ? err.describe() : `squall failed to start: ${errorMessage(err)}`);
      process.exitCode = 1;
    });
}
