import { accessSync, constants, openSync, readSync, closeSync } from 'node:fs';
import { SquallError } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import { resolveEntryPoint } from './entry-point.js';
import type { Runner, RunOutcome, RunRequest } from './runner.js';
import { declaredParameters } from './runner-spec.js';
import { buildShellArguments } from './shell-args.js';
import { runShellAction, type Invocation, type ShellRunnerDeps } from './shell-process.js';

/**
 * `local-shell-script`: runs the entry point script with StackStorm's arguments (named
 * `--name=value` first, then positional ones), each value one argv entry. An executable script
 * runs directly; otherwise its `#!` line names the interpreter, and without one bash runs it.
 * (st2 makes the file executable first; Squall leaves pack files untouched.)
 */
export class LocalShellScriptRunner implements Runner {
  readonly name = 'local-shell-script';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('local-shell-script');
  readonly outputKey = 'stdout';
  readonly #deps: ShellRunnerDeps;
  readonly #runnerNames: ReadonlySet<string>;

  constructor(deps: ShellRunnerDeps) {
    this.#deps = deps;
    this.#runnerNames = new Set(Object.keys(this.parameters));
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const version = request.parameters.content_version;
    if (version !== undefined && version !== null && version !== '') {
      // st2 checks the pack out at that revision into a git worktree; Squall runs packs as installed.
      throw new SquallError('PARAMETERS_INVALID', 'content_version is not supported: Squall runs the installed pack content', { details: [{ field: 'content_version', message: 'not supported' }] });
    }
    const script = resolveEntryPoint(request.action);
    const kwargOp = typeof request.parameters.kwarg_op === 'string' ? request.parameters.kwarg_op : '--';
    const args = buildShellArguments(request.parameters, request.specs, this.#runnerNames, kwargOp);
    return runShellAction(request, scriptInvocation(script, args, this.#deps.shell), this.#deps);
  }
}

/** How to start `script`: directly when executable, else through its `#!` interpreter or the shell. */
export function scriptInvocation(script: string, args: string[], shell: string): Invocation {
  try {
    accessSync(script, constants.X_OK);
    return { file: script, args };
  } catch {
    // Not executable: fall through to the interpreter.
  }
  const interpreter = readShebang(script);
  if (interpreter) return { file: interpreter.file, args: [...interpreter.args, script, ...args] };
  return { file: shell, args: [script, ...args] };
}

/** The interpreter named by a `#!` first line, split as the kernel does (program plus one optional argument). */
function readShebang(file: string): { file: string; args: string[] } | undefined {
  const buffer = Buffer.alloc(256);
  let length = 0;
  const fd = openSync(file, 'r');
  try {
    length = readSync(fd, buffer, 0, buffer.length, 0);
  } finally {
    closeSync(fd);
  }
  const head = buffer.subarray(0, length).toString('utf8');
  if (!head.startsWith('#!')) return undefined;
  const line = head.slice(2).split('\n')[0]?.trim() ?? '';
  const space = line.search(/\s/);
  if (line === '') return undefined;
  if (space === -1) return { file: line, args: [] };
  const rest = line.slice(space).trim();
  return { file: line.slice(0, space), args: rest === '' ? [] : [rest] };
}
