import { describe, expect, it } from 'vitest';
import { InProcessTriggerBus } from '../../../src/triggers/in-process-bus.js';
import { TriggerTypeRegistry } from '../../../src/triggers/trigger-type-registry.js';
import { TriggerDispatcher } from '../../../src/triggers/trigger-dispatcher.js';
import { BUILTIN_TRIGGER_TYPES } from '../../../src/triggers/builtin-trigger-types.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { ManualClock } from '../../../src/util/clock.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import type { TriggerInstance } from '../../../src/model/index.js';

describe('built-in trigger types', () => {
  it("has StackStorm's core.st2 types", () => {
    const refs = BUILTIN_TRIGGER_TYPES.map((t) => t.ref);
    for (const ref of [
      'core.st2.webhook',
      'core.st2.IntervalTimer',
      'core.st2.DateTimer',
      'core.st2.CronTimer',
      'core.st2.generic.actiontrigger',
      'core.st2.generic.notifytrigger',
      'core.st2.action.file_written',
      'core.st2.generic.inquiry',
      'core.st2.sensor.process_spawn',
      'core.st2.sensor.process_exit',
      'core.st2.key_value_pair.create',
      'core.st2.key_value_pair.update',
      'core.st2.key_value_pair.delete',
      'core.st2.key_value_pair.value_change',
    ])
      expect(refs).toContain(ref);
  });

  it('checks trigger parameters against the type', () => {
    const types = new TriggerTypeRegistry();
    expect(types.checkParameters('core.st2.webhook', { url: 'a/b' })).toEqual([]);
    expect(types.checkParameters('core.st2.webhook', {})).toEqual([{ field: 'trigger.parameters.url', message: 'is required' }]);
    expect(types.checkParameters('core.st2.IntervalTimer', { unit: 'fortnights', delta: 1 })[0]?.field).toBe('trigger.parameters.unit');
    expect(types.checkParameters('nope.trigger', {})[0]?.message).toMatch(/unknown trigger type/);
  });
});

describe('TriggerDispatcher', () => {
  function setup(retention = 100) {
    const logger = new MemoryLogger();
    const types = new TriggerTypeRegistry();
    types.register({ ref: 'pack.alert', pack: 'pack', name: 'alert', payload_schema: { type: 'object', properties: { level: { type: 'integer' } }, required: ['level'] } });
    const bus = new InProcessTriggerBus(logger);
    const dispatcher = new TriggerDispatcher({ types, bus, store: new MemoryStore(), clock: new ManualClock(), retention });
    return { bus, dispatcher, logger };
  }

  it('validates the payload against the type, naming the field', () => {
    const { dispatcher } = setup();
    expect(() => dispatcher.dispatch('pack.alert', { level: 'high' })).toThrowError(
      expect.objectContaining({ code: 'TRIGGER_PAYLOAD_INVALID', details: [expect.objectContaining({ field: 'payload.level' })] }),
    );
    expect(() => dispatcher.dispatch('pack.nope', {})).toThrowError(expect.objectContaining({ code: 'TRIGGER_TYPE_UNKNOWN' }));
    expect(dispatcher.list()).toHaveLength(0);
  });

  it('stores instances with bounded history and delivers them in order on a later tick', async () => {
    const { bus, dispatcher } = setup(3);
    const seen: TriggerInstance[] = [];
    bus.subscribe((i) => void seen.push(i));
    for (let level = 0; level < 5; level++) dispatcher.dispatch('pack.alert', { level });
    expect(seen).toHaveLength(0); // never inside the publisher's stack
    await bus.drain();
    expect(seen.map((i) => i.payload.level)).toEqual([0, 1, 2, 3, 4]);
    expect(dispatcher.list().map((i) => i.payload.level)).toEqual([2, 3, 4]);
    dispatcher.markProcessed(seen[4]!, false);
    expect(dispatcher.get(seen[4]!.id)?.status).toBe('processed');
  });

  it('a failing subscriber is logged and does not stop the others', async () => {
    const { bus, dispatcher, logger } = setup();
    const seen: number[] = [];
    bus.subscribe(() => {
      throw new Error('bad handler');
    });
    bus.subscribe((i) => void seen.push(i.payload.level as number));
    dispatcher.dispatch('pack.alert', { level: 1 });
    dispatcher.dispatch('pack.alert', { level: 2 });
    await bus.drain();
    expect(seen).toEqual([1, 2]);
    expect(logger.records.filter((r) => r.msg === 'trigger handler failed')).toHaveLength(2);
  });
});
