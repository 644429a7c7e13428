import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SquallError, errorMessage } from '../errors/index.js';
import { JinjaRenderer } from '../expressions/jinja.js';
import { WORKFLOW_JINJA_FILTERS, createWorkflowExpressions } from '../expressions/workflow-expressions.js';
import { runnerParameters } from '../packs/runner-parameters.js';
import { inspectWorkflow, type ActionLookup, type InspectionError } from '../workflows/inspect.js';
import type { CliEnv, CliIo, ParsedArgs } from './command.js';
import { json } from './format.js';

/** Usage text of `squall workflow inspect`, for the `workflow` verb's help. */
export const WORKFLOW_INSPECT_USAGE = [
  '  squall workflow inspect <file> [--json] [--check-actions]',
  '                                     every problem in an Orquesta workflow definition, as',
  '                                     spec_path (line N): [type] message (exit 1 when there are errors);',
  '                                     --check-actions also checks the actions against the loaded packs',
].join('\n');

/**
 * `squall workflow inspect <file>`: inspects a workflow definition file and prints every error
 * (syntax, semantic, expression, context; content too with `--check-actions`, which loads the
 * application to learn the registered actions). `args.positionals` is `[file]` or
 * `['inspect', file]`. Returns 0 when the definition is valid, 1 otherwise.
 */
export async function workflowInspect(args: ParsedArgs, io: CliIo, env: CliEnv): Promise<number> {
  const words = args.positionals[0] === 'inspect' ? args.positionals.slice(1) : args.positionals;
  const file = words[0];
  if (!file) throw new SquallError('USAGE', 'squall workflow inspect needs a workflow definition file');
  let text: string;
  try {
    text = readFileSync(path.resolve(env.cwd, file), 'utf8');
  } catch (err) {
    throw new SquallError('WORKFLOW_INVALID', `cannot read ${file}: ${errorMessage(err)}`);
  }
  const lookup = args.flags['check-actions'] ? await actionLookup(env) : {};
  const errors = inspectWorkflow(text, { expressions: createWorkflowExpressions({ jinja: new JinjaRenderer({ filters: WORKFLOW_JINJA_FILTERS }) }), file, ...lookup });
  if (args.flags.json) {
    io.out(json(errors));
  } else {
    const lines = errors.map(describeError);
    lines.push(errors.length === 0 ? `${file}: ok` : `${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
    io.out(lines.join('\n'));
  }
  return errors.length === 0 ? 0 : 1;
}

/** One error as `spec_path (line N): [type] message`, with the expression when there is one. */
export function describeError(e: InspectionError): string {
  const where = `${e.spec_path ?? '(workflow)'}${e.line !== undefined ? ` (line ${e.line})` : ''}`;
  const expression = e.expression !== undefined && !e.message.includes(e.expression) ? ` in ${e.expression}` : '';
  return `${where}: [${e.type}] ${e.message}${expression}`;
}

/** Registered actions and their parameters (runner's and action's), from the loaded packs. */
async function actionLookup(env: CliEnv): Promise<ActionLookup> {
  const { content } = await env.app();
  return {
    actionExists: (ref) => content.action(ref) !== undefined,
    actionParameters: (ref) => {
      const action = content.action(ref);
      return action ? { ...(runnerParameters(action.runner_type) ?? {}), ...action.parameters } : undefined;
    },
  };
}
