import { SquallError } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import type { Runner, RunOutcome, RunRequest } from './runner.js';
import { declaredParameters } from './runner-spec.js';
import { buildShellArguments } from './shell-args.js';
import { runShellAction, type ShellRunnerDeps } from './shell-process.js';

/**
 * `local-shell-cmd`: runs the rendered `cmd` with `bash -c`, as StackStorm does.
 *
 * StackStorm passes an action's other parameters to the command only through template rendering
 * of `cmd`. Squall additionally hands them to bash as positional parameters, built by the same
 * rules as script arguments (`$0` is the action ref, then named `--name=value` entries, then
 * positional ones). Commands that ignore `$@` behave exactly as in st2; commands that read
 * `"$1"` get the value without it ever being parsed as shell code (see packs/core/README.md).
 */
export class LocalShellCmdRunner implements Runner {
  readonly name = 'local-shell-cmd';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('local-shell-cmd');
  readonly outputKey = 'stdout';
  readonly #deps: ShellRunnerDeps;
  readonly #runnerNames: ReadonlySet<string>;

  constructor(deps: ShellRunnerDeps) {
    this.#deps = deps;
    this.#runnerNames = new Set(Object.keys(this.parameters));
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const cmd = request.parameters.cmd;
    if (typeof cmd !== 'string' || cmd.trim() === '') {
      throw new SquallError('PARAMETERS_INVALID', `action ${request.action.ref} has no command to run`, { details: [{ field: 'cmd', message: 'is required and must be a non-empty string' }] });
    }
    const kwargOp = typeof request.parameters.kwarg_op === 'string' ? request.parameters.kwarg_op : '--';
    const args = buildShellArguments(request.parameters, request.specs, this.#runnerNames, kwargOp);
    return runShellAction(request, { file: this.#deps.shell, args: ['-c', cmd, request.action.ref, ...args] }, this.#deps);
  }
}
