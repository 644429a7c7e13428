import { describe, expect, it } from 'vitest';
import { canTransition } from '../../../../src/executions/transitions.js';
import type { ExecutionStatus } from '../../../../src/model/index.js';
import { executionStatusOf, transitionPath } from '../../../../src/workflows/engine-status.js';

describe('moving a workflow execution record along with its conductor', () => {
  it('finds the shortest allowed path, every step a transition the table allows', () => {
    const cases: [ExecutionStatus, ExecutionStatus, ExecutionStatus[] | undefined][] = [
      ['running', 'running', []],
      ['running', 'paused', ['paused']],
      ['paused', 'failed', ['resuming', 'failed']],
      ['paused', 'succeeded', ['resuming', 'succeeded']],
      ['pausing', 'resuming', ['paused', 'resuming']],
      ['succeeded', 'running', undefined],
    ];
    for (const [from, to, expected] of cases) {
      const path = transitionPath(from, to);
      expect(path, `${from} → ${to}`).toEqual(expected);
      let at = from;
      for (const step of path ?? []) {
        expect(canTransition(at, step), `${at} → ${step}`).toBe(true);
        at = step;
      }
    }
  });

  it('shows workflow statuses as execution statuses; `resuming` only on a paused record', () => {
    expect(executionStatusOf('pausing', 'running')).toBe('pausing');
    expect(executionStatusOf('canceled', 'canceling')).toBe('canceled');
    expect(executionStatusOf('resuming', 'paused')).toBe('resuming');
    expect(executionStatusOf('resuming', 'running')).toBeUndefined();
    expect(executionStatusOf('null', 'running')).toBeUndefined();
    expect(executionStatusOf('retrying', 'running')).toBeUndefined();
  });
});
