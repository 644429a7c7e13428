import { describe, expect, it } from 'vitest';
import { TASK_MACHINE, WORKFLOW_MACHINE, isTransitionValid, nextStatus } from '../../../../src/workflows/machines.js';
import { ACTIVE_STATUSES, COMPLETED_STATUSES, STATUS, isStatus } from '../../../../src/workflows/statuses.js';
import { actionEvent, engineEvent, eventName, itemEvent, workflowEvent } from '../../../../src/workflows/events.js';
import { isSquallError } from '../../../../src/errors/index.js';

const ALL = Object.values(STATUS);

describe('statuses', () => {
  it('are Orquesta\'s fifteen statuses plus the unset "null"', () => {
    expect(ALL.sort()).toEqual(
      ['abandoned', 'canceled', 'canceling', 'delayed', 'failed', 'null', 'paused', 'pausing', 'pending', 'requested', 'resuming', 'retrying', 'running', 'scheduled', 'succeeded', 'timeout'].sort(),
    );
    expect(isStatus('timeout')).toBe(true);
    expect(isStatus('expired')).toBe(false);
    expect(COMPLETED_STATUSES.has('canceled')).toBe(true);
    expect(ACTIVE_STATUSES.has('paused')).toBe(false);
  });
});

describe('machine tables', () => {
  it('have a row for every status and lead only to statuses', () => {
    for (const machine of [WORKFLOW_MACHINE, TASK_MACHINE]) {
      expect(Object.keys(machine).sort()).toEqual([...ALL].sort());
      for (const row of Object.values(machine)) for (const to of Object.values(row)) expect(isStatus(to)).toBe(true);
    }
  });

  it('name every event in the workflow/task/action vocabulary', () => {
    const names = /^(workflow|task|action)_[a-z_]+$/;
    for (const machine of [WORKFLOW_MACHINE, TASK_MACHINE]) for (const row of Object.values(machine)) for (const e of Object.keys(row)) expect(e).toMatch(names);
  });

  it('fail a running workflow fast and complete it when the last task succeeds', () => {
    expect(nextStatus(WORKFLOW_MACHINE, 'running', 'task_failed_workflow_active')).toBe('failed');
    expect(nextStatus(WORKFLOW_MACHINE, 'running', 'task_succeeded_workflow_dormant_completed')).toBe('succeeded');
    expect(nextStatus(WORKFLOW_MACHINE, 'running', 'task_succeeded_workflow_active_incomplete')).toBe('running');
    expect(nextStatus(WORKFLOW_MACHINE, 'pausing', 'task_succeeded_workflow_dormant_incomplete')).toBe('paused');
    expect(nextStatus(WORKFLOW_MACHINE, 'failed', 'workflow_running')).toBeUndefined();
  });

  it('keep a with-items task running while other items are in flight', () => {
    expect(nextStatus(TASK_MACHINE, 'running', 'action_succeeded_task_active_items_incomplete')).toBe('running');
    expect(nextStatus(TASK_MACHINE, 'running', 'action_succeeded_task_dormant_items_completed')).toBe('succeeded');
    expect(nextStatus(TASK_MACHINE, 'running', 'action_failed_task_dormant_items_incomplete')).toBe('failed');
    expect(nextStatus(TASK_MACHINE, 'running', 'action_timeout')).toBe('failed');
    expect(nextStatus(TASK_MACHINE, 'succeeded', 'task_retry_requested')).toBe('retrying');
  });

  it('validate direct changes as Orquesta does', () => {
    expect(isTransitionValid(WORKFLOW_MACHINE, 'running', 'paused')).toBe(true);
    expect(isTransitionValid(WORKFLOW_MACHINE, 'succeeded', 'failed')).toBe(true);
    expect(isTransitionValid(WORKFLOW_MACHINE, 'canceled', 'running')).toBe(false);
    expect(isTransitionValid(TASK_MACHINE, 'failed', 'failed')).toBe(true);
  });
});

describe('events', () => {
  it('derive their base names', () => {
    expect(eventName(actionEvent('succeeded', 1))).toBe('action_succeeded');
    expect(eventName(itemEvent(2, 'failed'))).toBe('action_failed');
    expect(eventName(engineEvent('noop'))).toBe('task_noop_requested');
    expect(engineEvent('fail').status).toBe('failed');
    expect(eventName(workflowEvent('pausing'))).toBe('workflow_pausing');
  });

  it('reject statuses and item ids that do not exist', () => {
    const caught = (f: () => unknown): unknown => {
      try {
        f();
      } catch (err) {
        return err;
      }
      return undefined;
    };
    const bad = caught(() => actionEvent('done' as never));
    expect(isSquallError(bad) && bad.code).toBe('WORKFLOW_STATE_INVALID');
    expect(isSquallError(caught(() => itemEvent(-1, 'running')))).toBe(true);
  });
});
