import { JinjaRenderer } from '../../../../src/expressions/jinja.js';
import { createWorkflowExpressions } from '../../../../src/expressions/workflow-expressions.js';
import { WorkflowConductor, type ConductorDeps, type NextTask } from '../../../../src/workflows/conductor.js';
import { actionEvent, itemEvent } from '../../../../src/workflows/events.js';
import { parseWorkflow } from '../../../../src/workflows/spec.js';
import type { Status } from '../../../../src/workflows/statuses.js';

/** The real workflow expression engines (YAQL and Jinja). */
export const deps: ConductorDeps = { expressions: createWorkflowExpressions({ jinja: new JinjaRenderer({}) }) };

/** A running conductor for a workflow written as YAML. */
export function start(yaml: string, inputs: Record<string, unknown> = {}): WorkflowConductor {
  const conductor = WorkflowConductor.create({ spec: parseWorkflow(yaml), inputs }, deps);
  conductor.requestWorkflowStatus('running');
  return conductor;
}

/** What a task's action does, by task id (default: succeeds with result null). */
export type Outcomes = Record<string, { status: Status; result?: unknown } | ((task: NextTask, itemId?: number) => { status: Status; result?: unknown })>;

/**
 * Runs a conductor to the end the way an engine would: start every offered action, then report
 * each completion, checkpointing (serialize → deserialize) after every event.
 * Returns the final conductor and the ids of the tasks in the order they were offered.
 */
export function drive(conductor: WorkflowConductor, outcomes: Outcomes = {}): { conductor: WorkflowConductor; offered: string[] } {
  const offered: string[] = [];
  const itemResults = new Map<string, unknown[]>();
  let current = conductor;
  const reload = (): void => {
    current = WorkflowConductor.deserialize(current.serialize(), deps);
  };
  for (let round = 0; round < 1000; round++) {
    const next = current.getNextTasks();
    if (next.length === 0) break;
    for (const task of next) {
      offered.push(task.id);
      const outcome = outcomes[task.id];
      for (const action of task.actions) {
        current.updateTaskState(task.id, task.route, actionEvent('running'));
        reload();
        const o = typeof outcome === 'function' ? outcome(task, action.itemId) : (outcome ?? { status: 'succeeded' as Status });
        if (action.itemId === undefined) {
          current.updateTaskState(task.id, task.route, actionEvent(o.status, o.result ?? null));
        } else {
          const results = itemResults.get(task.id) ?? [];
          itemResults.set(task.id, results);
          results[action.itemId] = o.result ?? null;
          current.updateTaskState(task.id, task.route, itemEvent(action.itemId, o.status, o.result ?? null, [...results]));
        }
        reload();
      }
    }
  }
  if (['succeeded', 'failed', 'canceled', 'timeout', 'abandoned'].includes(current.status)) current.renderWorkflowOutput();
  return { conductor: current, offered };
}
