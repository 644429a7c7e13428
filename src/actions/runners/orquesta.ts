import { errorMessage } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import type { WorkflowOutcome, WorkflowStart } from '../../workflows/engine.js';
import { resolveEntryPoint } from './entry-point.js';
import type { Runner, RunOutcome, RunRequest } from './runner.js';
import { declaredParameters } from './runner-spec.js';

/** What the runner needs from the workflow engine. */
export interface WorkflowHost {
  start(input: WorkflowStart): WorkflowOutcome;
  cancel(executionId: string): void;
}

/**
 * `orquesta`: runs the workflow definition named by the entry point (relative to the pack's
 * `actions/` directory). The workflow is handed to the engine, which runs its tasks as child
 * executions and completes this execution with `{output, errors?}`; the runner finishes
 * `running` at once, so a workflow never holds a queue slot while its tasks wait for one.
 * A definition that fails inspection fails the execution with `{output: null, errors}`.
 */
export class OrquestaRunner implements Runner {
  readonly name = 'orquesta';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('orquesta');
  readonly outputKey = 'output';
  readonly #host: WorkflowHost;

  constructor(host: WorkflowHost) {
    this.#host = host;
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    let file: string;
    try {
      file = resolveEntryPoint(request.action);
    } catch (err) {
      return { status: 'failed', result: { output: null, errors: [{ message: errorMessage(err) }] } };
    }
    return this.#host.start({
      execution: request.execution,
      action: request.action,
      parameters: request.parameters,
      runnerParameters: Object.keys(this.parameters),
      file,
    });
  }

  cancel(executionId: string): void {
    this.#host.cancel(executionId);
  }
}
