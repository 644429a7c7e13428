import { SquallError } from '../errors/index.js';
import type { ExecutionStatus } from '../model/index.js';
import type { CliCommand } from './command.js';
import { parseKeyValues, stringFlag } from './args.js';
import { publicExecution, describeExecution, formatDuration, triggeredBy } from './execution-view.js';
import { json, table } from './format.js';

/** `squall execution list|get|cancel|re-run`. */
export const executionCommand: CliCommand = {
  name: 'execution',
  summary: 'Inspect executions: list, get <id>, cancel <id>, re-run <id> [key=value ...]',
  usage: [
    'Usage:',
    '  squall execution list [--action REF] [--status S] [-n N] [--json]',
    '  squall execution get <id> [--json]',
    '  squall execution cancel <id>',
    '  squall execution re-run <id> [key=value ...] [--json]',
  ].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, id, ...words] = args.positionals;
    const app = await env.app();
    switch (sub) {
      case 'list': {
        const limit = Number(stringFlag(args, 'n') ?? 50);
        const status = stringFlag(args, 'status') as ExecutionStatus | undefined;
        const action = stringFlag(args, 'action');
        const list = app.executions.list({ ...(action ? { action } : {}), ...(status ? { status } : {}), limit: Number.isFinite(limit) && limit > 0 ? limit : 50 });
        if (args.flags.json) io.out(json(list.map(publicExecution)));
        else
          io.out(
            table(
              ['id', 'action', 'status', 'started', 'took', 'triggered by'],
              list.map((e) => [e.id, e.action.ref, e.status, e.start_timestamp, e.elapsed_ms === undefined ? '' : formatDuration(e.elapsed_ms), triggeredBy(e)]),
            ),
          );
        return 0;
      }
      case 'get': {
        const e = app.executions.get(required(id));
        if (!e) throw new SquallError('EXECUTION_NOT_FOUND', `execution ${id} not found`);
        io.out(args.flags.json ? json(publicExecution(e)) : describeExecution(e));
        return 0;
      }
      case 'cancel': {
        const e = app.executor.cancel(required(id));
        const done = e.status === 'canceling' ? await app.executor.wait(e.id) : e;
        io.out(args.flags.json ? json(publicExecution(done)) : `execution ${done.id} is ${done.status}`);
        return 0;
      }
      case 're-run': {
        const { params, rest } = parseKeyValues(words);
        if (rest.length) throw new SquallError('USAGE', `expected key=value, got: ${rest.join(' ')}`);
        const e = app.executor.reRun(required(id), params, { source: 'cli' });
        const done = await app.executor.wait(e.id);
        io.out(args.flags.json ? json(publicExecution(done)) : describeExecution(done));
        return done.status === 'succeeded' ? 0 : 1;
      }
      default:
        throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list, get, cancel or re-run`);
    }
  },
};

function required(id: string | undefined): string {
  if (!id) throw new SquallError('USAGE', 'an execution id is required');
  return id;
}
