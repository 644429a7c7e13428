import { SquallError } from '../errors/index.js';
import type { CliCommand } from './command.js';
import { parseKeyValues } from './args.js';
import { publicExecution, describeExecution } from './execution-view.js';
import { json } from './format.js';

/** `squall run <ref> key=value ...`: run an action and print the result (or only its id with --async). */
export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run an action: squall run <pack.action> key=value ... [--async] [--json]',
  usage: [
    'Usage: squall run <pack.action> [key=value ...] [--async] [--json]',
    '',
    'Runs the action and waits for it, then prints the execution. Values are strings cast to each',
    "parameter's declared type (integers, booleans, JSON for objects and arrays).",
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
    // An operator at the terminal writes templates on purpose, as with `st2 run`.
    const execution = app.executor.request({ ref, parameters: params, context: { source: 'cli', user: app.config.systemUser }, trustedTemplates: true });
    if (args.flags.async) {
      io.out(args.flags.json ? json({ id: execution.id, status: execution.status }) : `execution ${execution.id} requested; see: squall execution get ${execution.id}`);
      // Inside a running server the execution goes on after the reply; with no server, this
      // process hosts it and must stay until it completes.
      if (!env.hosted) await app.executor.wait(execution.id);
      return 0;
    }
    // An inquiry (core.ask) or a paused workflow waits for a person: report it as it stands.
    const done = await app.executor.wait(execution.id, { settled: true });
    io.out(args.flags.json ? json(publicExecution(done)) : describeExecution(done));
    return done.status === 'succeeded' || done.status === 'pending' || done.status === 'paused' ? 0 : 1;
  },
};
