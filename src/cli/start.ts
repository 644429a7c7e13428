import type { CliCommand } from './command.js';

/** `squall start`: runs the bot in the foreground, as `npm start` does. */
export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Start Squall in the foreground (what `npm start` runs)',
  usage: ['Usage: squall start', '', 'Loads the packs, opens the store, starts the HTTP API on 127.0.0.1 and the chat adapters, and runs until', 'interrupted (Ctrl-C or SIGTERM).'].join('\n'),
  async run(_args, io, env) {
    const { startServer } = await import('../main.js');
    const server = await startServer({ root: env.cwd, env: env.vars, io });
    await server.stopped;
    return 0;
  },
};
