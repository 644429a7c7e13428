import { describe, expect, it } from 'vitest';
import type { ExecutionService } from '../../../../src/executions/execution-service.js';
import { MemoryStore } from '../../../../src/store/memory-store.js';
import type { Doc } from '../../../../src/store/store.js';
import { WorkflowConductor } from '../../../../src/workflows/conductor.js';
import { CHUNK, CheckpointWriter, deleteCheckpoint, loadCheckpoint } from '../../../../src/workflows/engine-checkpoint.js';
import type { TaskRunRecord } from '../../../../src/workflows/engine-records.js';
import { actionEvent } from '../../../../src/workflows/events.js';
import { deps, start } from '../conductor/helpers.js';

const TASKS = 2 * CHUNK + 5;
const yaml = ['version: 1.0', 'tasks:', ...Array.from({ length: TASKS }, (_, i) => `  t${i}:\n    action: core.noop\n${i + 1 < TASKS ? `    next:\n      - when: <% succeeded() %>\n        publish: [{n: ${i}}]\n        do: t${i + 1}\n` : ''}`)].join('\n');

const noExecutions = { get: () => undefined } as unknown as ExecutionService;
const cipher = { encrypt: (t: string) => `enc:${Buffer.from(t).toString('base64')}`, decrypt: (t: string) => Buffer.from(t.slice(4), 'base64').toString('utf8') };

/** Runs the sequence, checkpointing after every event; returns the ids of the documents each checkpoint wrote. */
function run(encrypted: boolean): { store: MemoryStore; conductor: WorkflowConductor; writes: string[][] } {
  const store = new MemoryStore();
  const docs = store.collection<Doc>('workflows');
  const writes: string[][] = [];
  const put = docs.put.bind(docs);
  const putMany = docs.putMany.bind(docs);
  let current: string[] = [];
  let batches = 0;
  docs.put = (doc) => {
    current.push(doc.id);
    put(doc);
  };
  docs.putMany = (batch) => {
    batches++;
    current.push(...batch.map((doc) => doc.id));
    putMany(batch);
  };
  const writer = new CheckpointWriter(docs, 'wf', encrypted ? cipher : undefined);
  const conductor = start(yaml);
  const records: TaskRunRecord[] = [];
  const checkpoint = (changed: number[]): void => {
    current = [];
    batches = 0;
    writer.write(conductor, records, changed, {}, 'now');
    // One checkpoint, one batch: a crash never leaves a chunk newer than its head.
    expect(batches).toBe(1);
    writes.push(current);
  };
  for (let next = conductor.getNextTasks(); next.length > 0; next = conductor.getNextTasks()) {
    const task = next[0]!;
    records.push({ task_id: task.id, route: task.route, status: 'running', start_timestamp: 'then', children: [`c${records.length}`] });
    conductor.updateTaskState(task.id, task.route, actionEvent('running'));
    checkpoint([records.length - 1]);
    records.at(-1)!.status = 'succeeded';
    conductor.updateTaskState(task.id, task.route, actionEvent('succeeded', null));
    checkpoint([records.length - 1]);
  }
  return { store, conductor, writes };
}

describe('bounded workflow checkpoints', () => {
  it('writes a bounded number of documents per event and reads the whole state back', () => {
    const { store, conductor, writes } = run(false);
    expect(conductor.status).toBe('succeeded');
    // After the first checkpoint: the head plus at most one chunk of each kind (contexts, runs, records).
    expect(Math.max(...writes.slice(1).map((w) => w.length))).toBeLessThanOrEqual(4);
    expect(writes.at(-1)).toContain('wf');
    const docs = store.collection<Doc>('workflows');
    const loaded = loadCheckpoint(docs, 'wf', cipher, noExecutions)!;
    expect(loaded.records).toHaveLength(TASKS);
    expect(loaded.records.at(-1)).toMatchObject({ task_id: `t${TASKS - 1}`, status: 'succeeded', children: [`c${TASKS - 1}`] });
    const again = WorkflowConductor.deserialize(loaded.snapshot, deps);
    expect(again.serialize()).toEqual(conductor.serialize());
    deleteCheckpoint(docs, 'wf');
    expect(docs.size()).toBe(0);
  });

  it('keeps secrets out of the stored documents of an encrypted workflow', () => {
    const { store, conductor } = run(true);
    const docs = store.collection<Doc>('workflows');
    expect(JSON.stringify(docs.list())).not.toContain('core.noop');
    const loaded = loadCheckpoint(docs, 'wf', cipher, noExecutions)!;
    expect(loaded.encrypted).toBe(true);
    expect(WorkflowConductor.deserialize(loaded.snapshot, deps).serialize()).toEqual(conductor.serialize());
  });
});
