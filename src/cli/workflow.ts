import { SquallError } from '../errors/index.js';
import type { CliCommand } from './command.js';
import { WORKFLOW_INSPECT_USAGE, workflowInspect } from './workflow-inspect.js';
import { WORKFLOW_REHEARSE_USAGE, workflowRehearse } from './workflow-rehearse.js';
import { WORKFLOW_EVAL_USAGE, workflowEval } from './workflow-eval.js';

/** `squall workflow eval|inspect|rehearse`: Orquesta workflow tools that need no running engine. */
export const workflowCommand: CliCommand = {
  name: 'workflow',
  summary: 'Orquesta workflows: eval "<expr>" --context FILE, inspect <file>, rehearse -p BASE (-f SPEC | -d DIR)',
  usage: ['Usage:', WORKFLOW_EVAL_USAGE, '', WORKFLOW_INSPECT_USAGE, '', WORKFLOW_REHEARSE_USAGE].join('\n'),
  booleanFlags: ['json', 'check-actions'],
  async run(args, io, env) {
    const [sub] = args.positionals;
    const rest = { ...args, positionals: args.positionals.slice(1) };
    switch (sub) {
      case 'eval':
        return workflowEval(rest, io, env);
      case 'inspect':
        return workflowInspect(rest, io, env);
      case 'rehearse':
        return workflowRehearse(rest, io, env);
      default:
        throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected eval, inspect or rehearse`);
    }
  },
};
