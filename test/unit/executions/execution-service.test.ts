import { describe, expect, it } from 'vitest';
import { ExecutionService } from '../../../src/executions/execution-service.js';
import { InProcessExecutionQueue } from '../../../src/executions/execution-queue.js';
import { EXECUTION_TRANSITIONS, canTransition } from '../../../src/executions/transitions.js';
import { COMPLETED_STATUSES, EXECUTION_STATUS } from '../../../src/model/index.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';

function service(retention = 100) {
  const clock = new ManualClock();
  return { clock, svc: new ExecutionService({ store: new MemoryStore(), clock, retention }) };
}
const action = { ref: 'core.noop', runner_type: 'noop', pack: 'core', name: 'noop' };

describe('execution transitions', () => {
  it('covers every status, and completed statuses lead nowhere', () => {
    expect(Object.keys(EXECUTION_TRANSITIONS).sort()).toEqual(Object.values(EXECUTION_STATUS).sort());
    for (const s of COMPLETED_STATUSES) expect(EXECUTION_TRANSITIONS[s]).toEqual([]);
    expect(canTransition('running', 'succeeded')).toBe(true);
    expect(canTransition('succeeded', 'running')).toBe(false);
    expect(canTransition('requested', 'succeeded')).toBe(false);
  });
});

describe('ExecutionService', () => {
  it('records the status log, timestamps and elapsed time, and emits one event per change', () => {
    const { clock, svc } = service();
    const events: string[] = [];
    svc.on((e) => events.push(e.type === 'created' ? 'created' : `${e.previous}->${e.execution.status}`));
    const e = svc.create({ action, parameters: {}, context: { user: 'u' } });
    svc.transition(e.id, 'scheduled');
    clock.advance(10);
    svc.transition(e.id, 'running');
    clock.advance(250);
    const done = svc.transition(e.id, 'succeeded', { result: { ok: 1 } });
    expect(done.log.map((l) => l.status)).toEqual(['requested', 'scheduled', 'running', 'succeeded']);
    expect(done.elapsed_ms).toBe(260);
    expect(done.end_timestamp).toBe(new Date(clock.now()).toISOString());
    expect(events).toEqual(['created', 'requested->scheduled', 'scheduled->running', 'running->succeeded']);
    expect(svc.live()).toHaveLength(0);
  });

  it('refuses a move the table does not allow, and an unknown id', () => {
    const { svc } = service();
    const e = svc.create({ action, parameters: {}, context: { user: 'u' } });
    expect(() => svc.transition(e.id, 'succeeded')).toThrowError(expect.objectContaining({ code: 'EXECUTION_TRANSITION_INVALID' }));
    expect(() => svc.transition('nope', 'running')).toThrowError(expect.objectContaining({ code: 'EXECUTION_NOT_FOUND' }));
    expect(svc.get(e.id)?.status).toBe('requested');
  });

  it('links children to their parent', () => {
    const { svc } = service();
    const parent = svc.create({ action, parameters: {}, context: { user: 'u' } });
    const child = svc.create({ action, parameters: {}, context: { user: 'u' }, parent: parent.id });
    expect(svc.get(parent.id)?.children).toEqual([child.id]);
    expect(svc.list({ parent: parent.id }).map((e) => e.id)).toEqual([child.id]);
  });

  it('keeps only the newest completed executions beyond the retention limit, never a live one', () => {
    const { svc } = service(3);
    const live = svc.create({ action, parameters: {}, context: { user: 'u' } });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = svc.create({ action, parameters: { i }, context: { user: 'u' } });
      svc.transition(e.id, 'canceled');
      ids.push(e.id);
    }
    const kept = svc.list().map((e) => e.id);
    expect(kept).toContain(live.id);
    expect(kept.filter((id) => ids.includes(id))).toEqual(ids.slice(-2).reverse());
  });

  it('marks what a previous process left in flight as abandoned, and leaves pending ones waiting', () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    const first = new ExecutionService({ store, clock, retention: 100 });
    const running = first.create({ action, parameters: {}, context: { user: 'u' } });
    first.transition(running.id, 'scheduled');
    first.transition(running.id, 'running');
    const pending = first.create({ action, parameters: {}, context: { user: 'u' } });
    first.transition(pending.id, 'scheduled');
    first.transition(pending.id, 'running');
    first.transition(pending.id, 'pending');
    const second = new ExecutionService({ store, clock, retention: 100 });
    const abandoned = second.abandonInterrupted();
    expect(abandoned.map((e) => e.id)).toEqual([running.id]);
    expect(second.get(running.id)?.status).toBe('abandoned');
    expect(second.get(running.id)?.status_reason).toMatch(/stopped while the execution was running/);
    expect(second.get(pending.id)?.status).toBe('pending');
    expect(second.live().map((e) => e.id)).toEqual([pending.id]);
  });
});

describe('InProcessExecutionQueue', () => {
  it('runs at most `concurrency` at once, first in first out, and reports idle', async () => {
    const queue = new InProcessExecutionQueue(2);
    const started: string[] = [];
    let active = 0;
    let peak = 0;
    queue.process(async (id) => {
      started.push(id);
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    });
    for (const id of ['a', 'b', 'c', 'd', 'e']) queue.enqueue(id);
    expect(queue.stats()).toEqual({ waiting: 3, running: 2 });
    await queue.idle();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(peak).toBe(2);
    expect(queue.stats()).toEqual({ waiting: 0, running: 0 });
  });

  it('keeps going when a worker throws', async () => {
    const queue = new InProcessExecutionQueue(1);
    const done: string[] = [];
    queue.process(async (id) => {
      if (id === 'bad') throw new Error('boom');
      done.push(id);
    });
    queue.enqueue('bad');
    queue.enqueue('good');
    await queue.idle();
    expect(done).toEqual(['good']);
  });
});
