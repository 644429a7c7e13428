import { SquallError } from '../errors/index.js';
import type { ExecutionStatus } from '../model/index.js';
import type { CliCommand } from './command.js';
import { parseKeyValues, stringFlag } from './args.js';
import { publicExecution, formatDuration, triggeredBy } from './execution-view.js';
import { json, table } from './format.js';
import { describeWithTasks } from './workflow-view.js';

/** `squall execution list|get|cancel|pause|resume|re-run`. */
export const executionCommand: CliCommand = {
  name: 'execution',
  summary: 'Inspect executions: list, get <id>, cancel <id>, pause <id>, resume <id>, re-run <id> [key=value ...]',
  usage: [
    'Usage:',
    '  squall execution list [--action REF] [--status S] [-n N] [--json]',
    '  squall execution get <id> [--json]          (a workflow also lists its tasks)',
    '  squall execution cancel <id>',
    '  squall execution pause <id>                 (a workflow: no new tasks; paused once its running tasks end)',
    '  squall execution resume <id>',
    '  squall execution re-run <id> [key=value ...] [--json]',
    '  squall execution re-run <id> --tasks T1,T2 [--no-reset T1]',
    '                                              (a completed workflow: continue from those tasks, default the failed ones)',
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
        if (args.flags.json) {
          const tasks = app.workflows.isWorkflow(e) ? app.workflows.tasks(e.id) : undefined;
          io.out(json(tasks ? { ...publicExecution(e), tasks } : publicExecution(e)));
        } else io.out(describeWithTasks(app, e));
        return 0;
      }
      case 'pause':
      case 'resume': {
        const e = sub === 'pause' ? app.workflows.pause(required(id)) : app.workflows.resume(required(id));
        io.out(args.flags.json ? json(publicExecution(e)) : `execution ${e.id} is ${e.status}`);
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
        const tasks = listFlag(args, 'tasks');
        const noReset = listFlag(args, 'no-reset');
        if ((tasks || noReset) && Object.keys(params).length) throw new SquallError('USAGE', 're-run from tasks takes no key=value parameters');
        const e = tasks || noReset ? app.workflows.reRun(required(id), { ...(tasks ? { tasks } : {}), ...(noReset ? { noReset } : {}) }) : app.executor.reRun(required(id), params, { source: 'cli' });
        const done = await app.executor.wait(e.id, { settled: true });
        io.out(args.flags.json ? json(publicExecution(done)) : describeWithTasks(app, done));
        return done.status === 'succeeded' ? 0 : 1;
      }
      default:
        throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list, get, cancel, pause, resume or re-run`);
    }
  },
};

/** A comma-separated list flag (`--tasks a,b`), or undefined when absent. */
function listFlag(args: Parameters<CliCommand['run']>[0], name: string): string[] | undefined {
  const value = args.flags[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new SquallError('USAGE', `--${name} needs a comma-separated list of task names`);
  return value.split(',').map((t) => t.trim()).filter(Boolean);
}

function required(id: string | undefined): string {
  if (!id) throw new SquallError('USAGE', 'an execution id is required');
  return id;
}
