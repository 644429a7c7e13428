import { SquallError } from '../errors/index.js';
import type { CliCommand } from './command.js';
import { parseKeyValues } from './args.js';
import { publicExecution } from './execution-view.js';
import { json } from './format.js';
import { WORKFLOW_RUNNERS } from '../workflows/engine.js';
import { describeWithTasks, followWorkflow } from './workflow-view.js';

/** `squall run <ref> key=value ...`: run an action and print the result (or only its id with --async). */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run an action: squall run <pack.action> key=value ... [--async] [--json]',
  usage: [
    'Usage: squall run <pack.action> [key=value ...] [--async] [--json]',
    '',
    'Runs the action and waits for it, then prints the execution. Values are strings cast to each',
    "parameter's declared type (integers, booleans, JSON for objects and arrays).",
    'A workflow prints a line per task status change while it runs, and its tasks at the end.',
    '  --async   print the execution id at once and nothing more',
    '  --json    print the execution record as JSON',
    'Exit code: 0 when the execution succeeded, 1 otherwise.',
  ].join('\n'),
  booleanFlags: ['async', 'json'],
  async run(args, io, env) {
    const [ref, ...words] = args.positionals;
    if (!ref) throw new SquallError('USAGE', 'squall run needs an action reference, such as core.local');
    const { params, rest } = parseKeyValues(words);
    if (rest.length) throw new SquallError('USAGE', `expected key=value, got: ${rest.join(' ')}`);
    const app = await env.app();
    // A workflow's tasks are shown as they go (its first ones start during the request); JSON output stays one document.
    const follower = !args.flags.json && !args.flags.async && WORKFLOW_RUNNERS.includes(app.content.action(ref)?.runner_type ?? '') ? followWorkflow(app, (line) => io.out(line)) : undefined;
    // An operator at the terminal writes templates on purpose, as with `st2 run`.
    let execution;
    try {
      execution = app.executor.request({ ref, parameters: params, context: { source: 'cli', user: app.config.systemUser }, trustedTemplates: true });
    } catch (err) {
      follower?.stop();
      throw err;
    }
    follower?.follow(execution.id);
    if (args.flags.async) {
      io.out(args.flags.json ? json({ id: execution.id, status: execution.status }) : `execution ${execution.id} requested; see: squall execution get ${execution.id}`);
      // Inside a running server the execution goes on after the reply; with no server, this
      // process hosts it and must stay until it completes.
      if (!env.hosted) await app.executor.wait(execution.id);
      return 0;
    }
    // An inquiry (core.ask) or a paused workflow waits for a person: report it as it stands.
    const done = await app.executor.wait(execution.id, { settled: true }).finally(() => follower?.stop());
    io.out(args.flags.json ? json(publicExecution(done)) : describeWithTasks(app, done));
    return done.status === 'succeeded' || done.status === 'pending' || done.status === 'paused' ? 0 : 1;
  },
};
