import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startTestApp, stopTestApps } from '../../helpers/app.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { childOf, children, workflowFiles } from './helpers.js';

afterEach(() => stopTestApps());
afterAll(() => removeTempDirs());

const ITEMS = {
  version: 1.0,
  input: ['names'],
  tasks: {
    greet: {
      with: { items: 'name in {{ ctx().names }}', concurrency: 2 },
      action: 'core.local',
      input: { cmd: 'sleep 0.15; echo "hi {{ item(\'name\') }}"' },
      next: [{ when: '{{ succeeded() }}', publish: [{ lines: '{{ result() | map(attribute="stdout") | list }}' }] }],
    },
  },
  output: [{ lines: '{{ ctx().lines }}' }],
};

const CHILD = {
  version: 1.0,
  input: ['n'],
  tasks: {
    double: { action: 'core.local', input: { cmd: 'echo $(( {{ ctx().n }} * 2 ))' }, next: [{ when: '{{ succeeded() }}', publish: [{ doubled: '{{ result().stdout | int }}' }] }] },
  },
  output: [{ doubled: '{{ ctx().doubled }}' }, { parent: '{{ ctx().parent.parent.execution_id }}' }],
};

const PARENT = {
  version: 1.0,
  tasks: {
    sub: { action: 'wf.child', input: { n: 21 }, next: [{ when: '{{ succeeded() }}', publish: [{ answer: '{{ result().output.doubled }}' }], do: 'after' }] },
    after: { action: 'core.local', input: { cmd: 'echo got {{ ctx().answer }}' }, next: [{ publish: [{ said: '{{ result().stdout }}' }] }] },
  },
  output: [{ said: '{{ ctx().said }}' }, { via: '{{ task("sub").result.output.parent }}' }],
};

const BROKEN_CHILD = { version: 1.0, tasks: { boom: { action: 'core.local', input: { cmd: 'exit 9' } } } };
const PARENT_OF_BROKEN = {
  version: 1.0,
  tasks: { sub: { action: 'wf.broken_child', next: [{ when: '{{ failed() }}', publish: [{ why: '{{ result().errors[0].task_id }}' }], do: 'noop' }] } },
  output: [{ why: '{{ ctx().why }}' }],
};

describe('with-items tasks', () => {
  it('runs one child per item, never more than `concurrency` at once, and collects results in item order', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ items: { definition: ITEMS, parameters: { names: { type: 'array' } } } }) }) });
    // At each start, how many of the workflow's children are running (the records, not the event order).
    let peak = 0;
    app.executions.on((event) => {
      if (event.type !== 'status' || event.execution.status !== 'running' || !event.execution.parent) return;
      const running = children(app, event.execution.parent).filter((c) => c.status === 'running').length;
      peak = Math.max(peak, running);
    });
    const names = ['ann', 'bob', 'cy', 'dee', 'eve'];
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.items', parameters: { names } }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { lines: names.map((n) => `hi ${n}`) } });
    expect(peak).toBe(2);
    const kids = children(app, done);
    expect(kids).toHaveLength(5);
    expect(kids.map((k) => k.context.parent?.item_id).sort()).toEqual([0, 1, 2, 3, 4]);
    const [view] = app.workflows.tasks(done.id)!;
    expect(view).toMatchObject({ task_id: 'greet', status: 'succeeded', items: { count: 5, started: 5 } });
    expect(view!.executions).toHaveLength(5);
  });

  it('a with-items task over no items succeeds with an empty result', async () => {
    const { app } = await startTestApp({ packsDir: tempPacksDir({ wf: workflowFiles({ items: { definition: ITEMS, parameters: { names: { type: 'array' } } } }) }) });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.items', parameters: { names: [] } }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { lines: [] } });
    expect(done.children).toEqual([]);
  });
});

describe('subworkflows', () => {
  it('runs an orquesta action as a child execution whose output the parent reads', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ child: { definition: CHILD, parameters: { n: { type: 'integer' } } }, parent: { definition: PARENT } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.parent' }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { said: 'got 42', via: done.id } });
    const sub = childOf(app, done.id, 'sub')!;
    expect(sub).toMatchObject({ action: { ref: 'wf.child', runner_type: 'orquesta' }, status: 'succeeded', parent: done.id, result: { output: { doubled: 42 } } });
    expect(children(app, sub).map((c) => [c.action.ref, c.parent])).toEqual([['core.local', sub.id]]);
  });

  it('a failed subworkflow fails its task, and the parent sees its errors', async () => {
    const packsDir = tempPacksDir({ wf: workflowFiles({ broken_child: { definition: BROKEN_CHILD }, parent: { definition: PARENT_OF_BROKEN } }) });
    const { app } = await startTestApp({ packsDir });
    const done = await app.executor.wait(app.executor.request({ ref: 'wf.parent' }).id);
    expect(done.status).toBe('succeeded');
    expect(done.result).toEqual({ output: { why: 'boom' } });
    expect(childOf(app, done.id, 'sub')?.status).toBe('failed');
  });
});
