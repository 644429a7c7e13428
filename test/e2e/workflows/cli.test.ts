import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliProject, startServerProcess, type CliProject, type ServerProcess } from '../../helpers/cli-process.js';
import { removeTempDirs, tempPacksDir } from '../../helpers/temp-pack.js';
import { workflowFiles } from './helpers.js';

const SEQ = {
  version: 1.0,
  input: ['who'],
  tasks: {
    hello: { action: 'core.local', input: { cmd: 'echo hello {{ ctx().who }}' }, next: [{ when: '{{ succeeded() }}', publish: [{ said: '{{ result().stdout }}' }], do: 'sub' }] },
    sub: { action: 'cliwf.inner', next: [{ when: '{{ succeeded() }}', do: 'each' }] },
    each: { with: { items: '{{ [1, 2] }}' }, action: 'core.noop' },
  },
  output: [{ said: '{{ ctx().said }}' }],
};
const INNER = { version: 1.0, tasks: { deep: { action: 'core.noop' } } };
const SLOW = {
  version: 1.0,
  tasks: {
    first: { action: 'core.local', input: { cmd: 'sleep 4' }, next: [{ when: '{{ succeeded() }}', do: 'second' }] },
    second: { action: 'core.noop' },
  },
};

interface ExecutionJson {
  id: string;
  status: string;
  result?: unknown;
  tasks?: { task_id: string; route: number; status: string; executions: string[] }[];
}

afterAll(() => removeTempDirs());

describe('workflows from the command line', () => {
  let project: CliProject;
  beforeAll(() => {
    const packs = tempPacksDir({ cliwf: workflowFiles({ seq: { definition: SEQ, parameters: { who: { type: 'string' } } }, inner: { definition: INNER }, slow: { definition: SLOW } }) });
    project = cliProject([packs]);
  });

  it('squall run shows the task tree as it progresses, then the execution and its tasks', async () => {
    const r = await project.run(['run', 'cliwf.seq', 'who=you']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    expect(at(/^ {2}hello running {2}core\.local \S+$/)).toBeGreaterThanOrEqual(0);
    expect(at(/^ {2}hello succeeded \(\d+(\.\d)?m?s\) {2}core\.local/)).toBeGreaterThan(at(/^ {2}hello running/));
    // A subworkflow's tasks are indented under it.
    expect(at(/^ {4}deep succeeded/)).toBeGreaterThan(at(/^ {2}sub running/));
    expect(at(/^ {2}sub succeeded/)).toBeGreaterThan(at(/^ {4}deep succeeded/));
    expect(at(/^ {2}each\[0\] succeeded/)).toBeGreaterThan(at(/^ {2}sub succeeded/));
    expect(at(/^ {2}each\[1\] succeeded/)).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/^status: succeeded/m);
    expect(r.stdout).toMatch(/^ {2}output: \{"said":"hello you"\}$/m);
    expect(r.stdout).toMatch(/^tasks:$/m);
    expect(r.stdout).toMatch(/^ {2}each \(2\/2 items\) +0 +succeeded/m);
  });

  it('squall execution get lists a workflow\'s tasks, in text and JSON', async () => {
    const run = await project.json<ExecutionJson>(['run', 'cliwf.seq', 'who=json']);
    expect(run.status).toBe('succeeded');
    const got = await project.json<ExecutionJson>(['execution', 'get', run.id]);
    expect(got.tasks?.map((t) => [t.task_id, t.route, t.status, t.executions.length])).toEqual([
      ['hello', 0, 'succeeded', 1],
      ['sub', 0, 'succeeded', 1],
      ['each', 0, 'succeeded', 2],
    ]);
    const text = await project.run(['execution', 'get', run.id]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ {2}task +route +status +execution +started +took$/m);
    expect(text.stdout).toMatch(new RegExp(`^ {2}hello +0 +succeeded +${got.tasks![0]!.executions[0]}`, 'm'));
  });

  describe('with a running server', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await startServerProcess(project);
    });
    afterAll(async () => {
      if (server && server.child.exitCode === null) await server.stop();
    });

    it('squall execution pause and resume a running workflow', async () => {
      const started = await project.json<{ id: string }>(['run', 'cliwf.slow', '--async']);
      const get = () => project.json<ExecutionJson>(['execution', 'get', started.id]);
      const paused = await project.run(['execution', 'pause', started.id]);
      expect(paused.stderr).toBe('');
      expect(paused.stdout.trim()).toBe(`execution ${started.id} is pausing`);
      let current = await get();
      for (const deadline = Date.now() + 10_000; current.status !== 'paused' && Date.now() < deadline; current = await get()) await new Promise((r) => setTimeout(r, 100));
      expect(current.status).toBe('paused');
      expect(current.tasks?.map((t) => t.task_id)).toEqual(['first']);

      const resumed = await project.run(['execution', 'resume', started.id]);
      expect(resumed.stdout.trim()).toMatch(new RegExp(`^execution ${started.id} is (resuming|running|succeeded)$`));
      for (const deadline = Date.now() + 10_000; current.status !== 'succeeded' && Date.now() < deadline; current = await get()) await new Promise((r) => setTimeout(r, 100));
      expect(current.status).toBe('succeeded');
      expect(current.tasks?.map((t) => t.task_id)).toEqual(['first', 'second']);

      const again = await project.run(['execution', 'resume', started.id]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain(`workflow execution ${started.id} has completed (succeeded)`);
    });
  });
});
