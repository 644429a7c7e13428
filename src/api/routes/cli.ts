import { SquallError } from '../../errors/index.js';
import type { App } from '../../app.js';
import type { Route } from '../http-server.js';

/**
 * `POST /api/v1/cli {argv, cwd}`: runs a `squall` command inside the running server, so that the
 * CLI and the bot share one process, one store and one set of running executions. The reply
 * carries the exit code and what the command printed.
 */
export function cliRoutes(app: () => App): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/api\/v1\/cli$/,
      async handle(req) {
        const body = req.body as { argv?: unknown; cwd?: unknown } | undefined;
        if (!body || !Array.isArray(body.argv) || !body.argv.every((a) => typeof a === 'string')) {
          throw new SquallError('USAGE', 'body must be {"argv": [strings], "cwd": "/path"}');
        }
        // The server is what `start` would start: running it again here would open the store twice.
        if (body.argv[0] === 'start') throw new SquallError('USAGE', 'squall start: the server is already running');
        const { runCli } = await import('../../cli/main.js');
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(
          body.argv as string[],
          { out: (t) => out.push(t), err: (t) => err.push(t) },
          { cwd: typeof body.cwd === 'string' ? body.cwd : process.cwd(), vars: {}, app: async () => app(), hosted: true },
        );
        return { status: 200, body: { code, stdout: out.join('\n'), stderr: err.join('\n') } };
      },
    },
  ];
}
