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
import { errorMessage, isSquallError } from './errors/index.js';
import { isMainModule } from './util/is-main.js';

export interface RunningServer {
  app: App;
  port: number;
  stop(): Promise<void>;
  /** Resolves once the server has stopped (signal or stop()). */
  stopped: Promise<void>;
}

export async function startServer(options: { root: string; env: Record<string, string | undefined>; io: CliIo; signals?: boolean }): Promise<RunningServer> {
  const app = await createApp({ root: options.root, env: options.env });
  const apiKey = loadOrCreateApiKey(apiKeyFile(app.config.dataDir));
  const http = new HttpServer({
    apiKey,
    logger: app.logger.child({ component: 'api' }),
    routes: [
      ...webhookRoutes({ rules: () => app.rules.list(), dispatch: (t, p, o) => app.triggers.dispatch(t, p, o) }),
      ...cliRoutes(() => app),
    ],
  });
  const port = await http.listen(app.config.http.host, app.config.http.port);
  const infoFile = serverInfoFile(app.config.dataDir);
  writeFileSync(infoFile, JSON.stringify({ pid: process.pid, host: app.config.http.host, port }), { mode: 0o600 });

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      app.logger.info('stopping');
      rmSync(infoFile, { force: true });
      await http.close();
      await app.stop();
      resolveStopped();
    })());

  if (options.signals !== false) {
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  }
  const counts = `${app.content.packs().length} packs, ${app.content.actions().length} actions, ${app.rules.list().length} rules`;
  options.io.out(`Squall is running: ${counts}; API on http://${app.config.http.host}:${port} (Ctrl-C stops)`);
  for (const p of app.problems) options.io.err(`warning: ${p.file ? `${p.file}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.message}`);
  return { app, port, stop, stopped };
}

if (isMainModule(import.meta.url)) {
  const io: CliIo = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };
  try {
    const server = await startServer({ root: process.env.SQUALL_ROOT ?? process.cwd(), env: process.env, io });
    await server.stopped;
  } catch (err) {
    io.err(isSquallError(err) ? err.describe() : `squall failed to start: ${errorMessage(err)}`);
    process.exitCode = 1;
  }
}
