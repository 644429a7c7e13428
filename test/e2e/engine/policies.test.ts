import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Execution } from '../../../src/model/index.js';
import { startTestApp, statusLog, stopTestApps, waitForStatus, type TestApp } from '../../helpers/app.js';
import { removeTempDirs, shellCmdAction, tempPacksDir, writeFiles } from '../../helpers/temp-pack.js';

const SLOW = 'sleep 0.3; echo done';

const PACK = {
  'actions/slow.yaml': shellCmdAction('slow', SLOW),
  'actions/slow_data.yaml': shellCmdAction('slow_data', `sleep 0.2; printf '%s' "$1"`, { parameters: { data: { type: 'object', position: 0 } } }),
  'policies/slow_data.yaml': { name: 'slow_data_one', resource_ref: 'pol.slow_data', policy_type: 'action.concurrency', parameters: { threshold: 1 } },
  'actions/slow_cancel.yaml': shellCmdAction('slow_cancel', SLOW),
  'actions/per_host.yaml': shellCmdAction('per_host', SLOW, { parameters: { host: { type: 'string', required: true } } }),
  'actions/flaky.yaml': shellCmdAction('flaky', 'exit 1', { parameters: { label: { type: 'string' } } }),
  'actions/unbounded.yaml': shellCmdAction('unbounded', SLOW),
  'policies/slow.yaml': { name: 'slow_one', resource_ref: 'pol.slow', policy_type: 'action.concurrency', parameters: { threshold: 1, action: 'delay' } },
  'policies/slow_cancel.yaml': { name: 'slow_cancel_one', resource_ref: 'pol.slow_cancel', policy_type: 'action.concurrency', parameters: { threshold: 1, action: 'cancel' } },
  'policies/per_host.yaml': {
    name: 'one_per_host',
    resource_ref: 'pol.per_host',
    policy_type: 'action.concurrency.attr',
    parameters: { threshold: 1, attributes: ['host'] },
  },
  'policies/flaky.yaml': { name: 'flaky_retry', resource_ref: 'pol.flaky', policy_type: 'action.retry', parameters: { retry_on: 'failure', max_retry_count: 2 } },
  'policies/unbounded.yaml': ['name: broken_limit', 'resource_ref: pol.unbounded', 'policy_type: action.concurrency', 'parameters:', '  threshold: many', ''].join('\n'),
};

const ms = (iso: string | undefined) => Date.parse(iso ?? '');
const at = (e: Execution, status: Execution['status']) => ms(e.log.find((l) => l.status === status)?.timestamp);

describe('policies', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ packsDir: tempPacksDir({ pol: PACK }) });
  });
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('action.concurrency with delay: the second request waits, then runs after the first completes', async () => {
    const first = t.app.executor.request({ ref: 'pol.slow' });
    const second = t.app.executor.request({ ref: 'pol.slow' });
    expect(t.app.executions.get(second.id)?.status).toBe('delayed');
    expect(t.app.executions.get(second.id)?.status_reason).toMatch(/concurrency/);
    const [a, b] = await Promise.all([t.app.executor.wait(first.id), t.app.executor.wait(second.id)]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    expect(statusLog(a)).toEqual(['requested', 'scheduled', 'running', 'succeeded']);
    expect(statusLog(b)).toEqual(['requested', 'delayed', 'scheduled', 'running', 'succeeded']);
    expect(at(b, 'running')).toBeGreaterThanOrEqual(ms(a.end_timestamp));
    expect(ms(b.end_timestamp) - ms(a.start_timestamp)).toBeGreaterThanOrEqual(550);
  });

  it('a delayed execution runs with the parameters as requested, whatever the caller does with its objects later', async () => {
    const first = { items: ['a'] };
    const second = { items: ['b'] };
    const a = t.app.executor.request({ ref: 'pol.slow_data', parameters: { data: first } });
    const b = t.app.executor.request({ ref: 'pol.slow_data', parameters: { data: second } });
    expect(t.app.executions.get(b.id)?.status).toBe('delayed');
    second.items.push('changed later');
    first.items.length = 0;
    const [ea, eb] = await Promise.all([t.app.executor.wait(a.id), t.app.executor.wait(b.id)]);
    expect(ea.parameters.data).toEqual({ items: ['a'] });
    expect(eb.parameters.data).toEqual({ items: ['b'] });
    expect((eb.result as { stdout: unknown }).stdout).toEqual({ items: ['b'] });
  });

  it('action.concurrency with cancel: the excess request is canceled at once', async () => {
    const first = t.app.executor.request({ ref: 'pol.slow_cancel' });
    const second = t.app.executor.request({ ref: 'pol.slow_cancel' });
    const b = t.app.executions.get(second.id)!;
    expect(b.status).toBe('canceled');
    expect(b.status_reason).toMatch(/concurrency/);
    expect(statusLog(b)).toEqual(['requested', 'canceled']);
    expect((await t.app.executor.wait(first.id)).status).toBe('succeeded');
    // With the slot free again, a new request runs.
    expect((await t.app.executor.wait(t.app.executor.request({ ref: 'pol.slow_cancel' }).id)).status).toBe('succeeded');
  });

  it('action.concurrency.attr counts per attribute value', async () => {
    const a1 = t.app.executor.request({ ref: 'pol.per_host', parameters: { host: 'a' } });
    const b1 = t.app.executor.request({ ref: 'pol.per_host', parameters: { host: 'b' } });
    const a2 = t.app.executor.request({ ref: 'pol.per_host', parameters: { host: 'a' } });
    expect(t.app.executions.get(b1.id)?.status).toBe('running');
    expect(t.app.executions.get(a2.id)?.status).toBe('delayed');
    const [ea1, eb1, ea2] = await Promise.all([a1, b1, a2].map((e) => t.app.executor.wait(e.id)));
    expect([ea1!.status, eb1!.status, ea2!.status]).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(statusLog(eb1!)).not.toContain('delayed');
    expect(at(ea2!, 'running')).toBeGreaterThanOrEqual(ms(ea1!.end_timestamp));
    expect(at(eb1!, 'running')).toBeLessThanOrEqual(ms(ea1!.end_timestamp));
  });

  it('action.retry re-runs a failed execution exactly max_retry_count times', async () => {
    const original = t.app.executor.request({ ref: 'pol.flaky', parameters: { label: 'x' } });
    await t.app.idle();
    const runs = t.app.executions.list({ action: 'pol.flaky' }).reverse();
    expect(runs.map((e) => e.status)).toEqual(['failed', 'failed', 'failed']);
    expect(runs[0]!.id).toBe(original.id);
    expect(runs.map((e) => e.context.retry_count)).toEqual([undefined, 1, 2]);
    expect(runs.map((e) => e.parameters.label)).toEqual(['x', 'x', 'x']);
    expect(runs[1]!.context.re_run).toEqual({ ref: runs[0]!.id });
    expect(runs[2]!.context.re_run).toEqual({ ref: runs[1]!.id });
  });

  it('reports a policy with bad parameters in app.problems and ignores it', async () => {
    const problem = t.app.problems.find((p) => p.file?.includes('policies/unbounded.yaml'));
    expect(problem).toMatchObject({ line: 5, field: 'parameters.threshold' });
    const first = t.app.executor.request({ ref: 'pol.unbounded' });
    const second = t.app.executor.request({ ref: 'pol.unbounded' });
    await waitForStatus(t.app, second.id, 'running');
    expect(t.app.executions.get(first.id)?.status).toBe('running');
    await t.app.idle();
    expect(statusLog(t.app.executions.get(second.id)!)).not.toContain('delayed');
  });
});

describe('policies on reload', () => {
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it.each([
    ['loosened', (dir: string) => writeFiles(dir, { 'policies/slow.yaml': { ...PACK['policies/slow.yaml'], parameters: { threshold: 2 } } })],
    ['removed', (dir: string) => rmSync(path.join(dir, 'policies', 'slow.yaml'))],
  ])('releases the executions a concurrency policy delayed once the policy is %s', async (_label, change) => {
    const packsDir = tempPacksDir({ pol: { 'actions/slow.yaml': PACK['actions/slow.yaml'], 'policies/slow.yaml': PACK['policies/slow.yaml'] } });
    const t = await startTestApp({ packsDir });
    const first = t.app.executor.request({ ref: 'pol.slow' });
    const second = t.app.executor.request({ ref: 'pol.slow' });
    expect(t.app.executions.get(second.id)?.status).toBe('delayed');

    change(path.join(packsDir, 'pol'));
    t.app.reload();
    expect(t.app.executions.get(second.id)?.status).toBe('running');
    const [a, b] = await Promise.all([t.app.executor.wait(first.id), t.app.executor.wait(second.id)]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    expect(at(b, 'running')).toBeLessThanOrEqual(ms(a.end_timestamp));
  });
});
