import { describe, expect, it } from 'vitest';
import { createRunners } from '../../../src/actions/runners/index.js';
import { makeAction, makeRequest, makeServices, tempPack, writeAction, type RecordedTrigger } from './helpers.js';

const runner = createRunners({ baseEnv: {}, packConfig: (pack) => (pack === 'nodepack' ? { region: 'eu' } : undefined) }).nodejs!;

describe('nodejs runner', () => {
  it('imports the entry point and returns what run() returns, with the context filled in', async () => {
    const pack = tempPack('nodepack');
    writeAction(
      pack,
      'hello.mjs',
      `export async function run(params, context) {
        context.kv.set('seen', params.name);
        context.dispatchTrigger('nodepack.greeted', { name: params.name }, 'tag-1');
        return { greeting: 'hello ' + params.name, keys: Object.keys(params), execution: context.execution_id, pack: context.pack, action: context.action, config: context.config, debug: context.debug };
      }`,
    );
    const action = makeAction({ pack_path: pack, runner_type: 'nodejs', name: 'hello', entry_point: 'hello.mjs', parameters: { name: { type: 'string' } } });
    const triggers: RecordedTrigger[] = [];
    const services = makeServices(triggers);
    const out = await runner.run(makeRequest(runner, action, { name: 'ada' }, { services }));
    expect(out).toEqual({
      status: 'succeeded',
      result: { greeting: 'hello ada', keys: ['name'], execution: 'exec-0001', pack: 'nodepack', action: 'nodepack.hello', config: { region: 'eu' }, debug: false },
    });
    expect(services.kv.get('seen')?.value).toBe('ada');
    expect(triggers).toEqual([{ trigger: 'nodepack.greeted', payload: { name: 'ada' }, traceTag: 'tag-1' }]);
  });

  it('loads TypeScript modules', async () => {
    const pack = tempPack();
    writeAction(pack, 'typed.ts', 'export function run(params: { n: number }): number { return params.n * 2; }\n');
    const action = makeAction({ pack_path: pack, runner_type: 'nodejs', entry_point: 'typed.ts', parameters: { n: { type: 'integer' } } });
    expect(await runner.run(makeRequest(runner, action, { n: 21 }))).toEqual({ status: 'succeeded', result: 42 });
  });

  it('fails with the message of a thrown error', async () => {
    const pack = tempPack();
    writeAction(pack, 'boom.mjs', 'export function run() { throw new Error("it broke"); }');
    const action = makeAction({ pack_path: pack, runner_type: 'nodejs', entry_point: 'boom.mjs' });
    expect(await runner.run(makeRequest(runner, action))).toEqual({ status: 'failed', result: { error: 'it broke' } });
  });

  it('re-imports a module whose file changed', async () => {
    const pack = tempPack();
    writeAction(pack, 'v.mjs', 'export const run = () => "first";');
    const action = makeAction({ pack_path: pack, runner_type: 'nodejs', entry_point: 'v.mjs' });
    expect((await runner.run(makeRequest(runner, action))).result).toBe('first');
    expect((await runner.run(makeRequest(runner, action))).result).toBe('first');
    writeAction(pack, 'v.mjs', 'export const run = () => "second version";');
    expect((await runner.run(makeRequest(runner, action))).result).toBe('second version');
  });

  it('times out, aborting the context signal', async () => {
    const pack = tempPack();
    writeAction(pack, 'hang.mjs', 'export function run(_p, ctx) { ctx.signal.addEventListener("abort", () => { globalThis.__squallAborted = true; }); return new Promise(() => {}); }');
    const action = makeAction({ pack_path: pack, runner_type: 'nodejs', entry_point: 'hang.mjs' });
    const started = Date.now();
    const out = await runner.run(makeRequest(runner, action, { timeout: 1 }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(out).toEqual({ status: 'timeout', result: { error: 'Action failed to complete in 1 seconds' } });
    expect((globalThis as { __squallAborted?: boolean }).__squallAborted).toBe(true);
  });

  it('is canceled through the request signal', async () => {
    const pack = tempPack();
    writeAction(pack, 'wait.mjs', 'export function run() { return new Promise(() => {}); }');
    const action = makeAction({ pack_path: pack, runner_type: 'nodejs', entry_point: 'wait.mjs' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const out = await runner.run(makeRequest(runner, action, {}, { signal: controller.signal }));
    expect(out.status).toBe('canceled');
  });

  it('reports modules without run() or with syntax errors as ENTRY_POINT_INVALID', async () => {
    const pack = tempPack();
    writeAction(pack, 'norun.mjs', 'export const other = 1;');
    writeAction(pack, 'broken.mjs', 'export function run( {');
    for (const entry of ['norun.mjs', 'broken.mjs', 'absent.mjs']) {
      const action = makeAction({ pack_path: pack, runner_type: 'nodejs', entry_point: entry });
      await expect(runner.run(makeRequest(runner, action))).rejects.toMatchObject({ code: 'ENTRY_POINT_INVALID' });
    }
  });
});
