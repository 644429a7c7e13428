import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SquallError, errorMessage } from '../errors/index.js';
import { JinjaRenderer } from '../expressions/jinja.js';
import { WORKFLOW_JINJA_FILTERS, createWorkflowExpressions, type WorkflowExpressions } from '../expressions/workflow-expressions.js';
import { isPlainObject } from '../python/values.js';
import { stringFlag } from './args.js';
import type { CliEnv, CliIo, ParsedArgs } from './command.js';

/** Usage text of `squall workflow eval`, for the `workflow` verb's help. */
export const WORKFLOW_EVAL_USAGE = [
  '  squall workflow eval "<text>" [--context FILE] [--json]',
  '                                     evaluates a value as a workflow would: <% YAQL %> or {{ Jinja }},',
  '                                     with ctx() reading the JSON or YAML object in FILE',
  '  squall workflow eval --batch FILE  one JSON object a line, {"expr": ..., "context": {...}};',
  '                                     prints {"result": ...} or {"error": "..."} a line',
].join('\n');

/**
 * `squall workflow eval`: tries an expression without running a workflow. `args.positionals` is
 * `[text]` or `['eval', text]`. Prints the value (text as it is, anything else as JSON; with
 * `--json`, `{"result": value}`); an expression that fails prints Orquesta's message and
 * returns 1. With `--batch`, every line is answered and the exit code is 0.
 */
export async function workflowEval(args: ParsedArgs, io: CliIo, env: CliEnv): Promise<number> {
  const words = args.positionals[0] === 'eval' ? args.positionals.slice(1) : args.positionals;
  const batch = args.flags.batch;
  const expressions = createWorkflowExpressions({ jinja: new JinjaRenderer({ filters: WORKFLOW_JINJA_FILTERS }) });
  if (batch !== undefined) {
    if (typeof batch !== 'string') throw new SquallError('USAGE', 'squall workflow eval --batch needs a file of JSON lines');
    if (words.length > 0) throw new SquallError('USAGE', 'squall workflow eval takes an expression or --batch FILE, not both');
    for (const line of runBatch(readText(env, batch), expressions)) io.out(line);
    return 0;
  }
  if (words.length !== 1) throw new SquallError('USAGE', 'squall workflow eval takes one expression text (quote it)');
  const contextFile = stringFlag(args, 'context');
  if (args.flags.context !== undefined && contextFile === undefined) throw new SquallError('USAGE', '--context needs a file');
  const context = contextFile === undefined ? {} : readContext(env, contextFile);
  let result: unknown;
  try {
    result = expressions.evaluate(words[0], context);
  } catch (err) {
    if (args.flags.json) io.out(JSON.stringify({ error: errorMessage(err) }));
    else io.err(errorMessage(err));
    return 1;
  }
  if (args.flags.json) io.out(JSON.stringify({ result: result ?? null }));
  else io.out(typeof result === 'string' ? result : JSON.stringify(result ?? null, null, 2));
  return 0;
}

function readText(env: CliEnv, file: string): string {
  try {
    return readFileSync(path.resolve(env.cwd, file), 'utf8');
  } catch (err) {
    throw new SquallError('USAGE', `cannot read ${file}: ${errorMessage(err)}`);
  }
}

/** The context file: a JSON or YAML mapping. */
function readContext(env: CliEnv, file: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = YAML.parse(readText(env, file)) as unknown;
  } catch (err) {
    if (err instanceof SquallError) throw err;
    throw new SquallError('YAML_INVALID', `${file}: ${errorMessage(err)}`, { details: [{ file, message: errorMessage(err) }] });
  }
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data)) throw new SquallError('USAGE', `${file}: the context must be a mapping of variable names to values`, { details: [{ file, message: 'not a mapping' }] });
  return data;
}

/** One JSON line of output per non-empty input line. */
function* runBatch(text: string, expressions: WorkflowExpressions): Generator<string> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (!line) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line) as unknown;
    } catch (err) {
      yield JSON.stringify({ error: `line ${i + 1}: not JSON: ${errorMessage(err)}` });
      continue;
    }
    if (!isPlainObject(entry) || !Object.hasOwn(entry, 'expr')) {
      yield JSON.stringify({ error: `line ${i + 1}: expected an object with "expr" (and "context")` });
      continue;
    }
    const context = entry['context'] ?? {};
    if (!isPlainObject(context)) {
      yield JSON.stringify({ error: `line ${i + 1}: "context" must be an object` });
      continue;
    }
    try {
      yield JSON.stringify({ result: expressions.evaluate(entry['expr'], context) ?? null });
    } catch (err) {
      yield JSON.stringify({ error: errorMessage(err) });
    }
  }
}
