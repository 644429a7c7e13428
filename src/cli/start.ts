import { SquallError } from '../errors/index.js';
import { loadConfig } from '../config/config.js';
import type { CliCommand } from './command.js';
import { findServer } from './remote.js';

/** `squall start`: runs the bot in the foreground, as `npm start` does. */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Start Squall in the foreground (what `npm start` runs)',
  usage: ['Usage: squall start', '', 'Loads the packs, opens the store, starts the HTTP API on 127.0.0.1 and the chat adapters, and runs until', 'interrupted (Ctrl-C or SIGTERM).'].join('\n'),
  async run(_args, io, env) {
    // Say plainly that a server is up, rather than the generic lock message the store would give.
    const dataDir = loadConfig(env.cwd, env.vars).dataDir;
    const running = findServer(dataDir);
    if (running) {
      throw new SquallError('STORE_LOCKED', `a Squall server is already running on ${dataDir} (pid ${running.pid}, http://${running.host}:${running.port}); commands are sent to it`);
    }
    const { startServer } = await import('../main.js');
    const server = await startServer({ root: env.cwd, env: env.vars, io });
    await server.stopped;
    return 0;
  },
};
