/** The small interfaces the workflow engine is built from; the composition root supplies each. */
import type { ActionRequest } from '../actions/action-executor.js';
import type { KeyValueStore } from '../datastore/key-value.js';
import type { ExecutionService } from '../executions/execution-service.js';
import type { Execution } from '../model/index.js';
import type { Collection, Doc } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { WorkflowRun } from './engine-run.js';

/** How tasks become executions: the action executor's request, cancel and re-run. */
export interface TaskLauncher {
  request(request: ActionRequest): Execution;
  cancel(id: string): Execution;
  reRun(id: string, overrides?: Record<string, unknown>, context?: Record<string, unknown>): Execution;
}

/** What one workflow run uses. */
export interface RunDeps {
  executions: ExecutionService;
  launcher: TaskLauncher;
  /** The `workflows` collection, where checkpoints are kept (see engine-checkpoint.ts). */
  checkpoints: Collection<Doc>;
  clock: Clock;
  logger: Logger;
  /** Encrypts the checkpoints of workflows whose input holds secrets. */
  kv: Pick<KeyValueStore, 'encrypt' | 'decrypt'>;
  /** A completed child's result as its task sees it (an inquiry's response with secrets in clear). */
  clearResult(execution: Execution): unknown;
  /** True for executions of workflow runners (a subworkflow). */
  isWorkflow(execution: Execution): boolean;
  pauseWorkflow(id: string): void;
  resumeWorkflow(id: string): void;
  /** The run completed and nothing of it is in flight any more. */
  finished(run: WorkflowRun): void;
}
