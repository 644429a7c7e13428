import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import type { ParameterSpec } from '../../../src/model/index.js';
import { checkOverride, mergeParameterSpecs } from '../../../src/actions/parameters/index.js';

const runner: Record<string, ParameterSpec> = {
  cmd: { type: 'string', description: 'Command to run' },
  timeout: { type: 'integer', default: 60, description: 'Seconds' },
  sudo: { type: 'boolean', default: false },
};

describe('checkOverride', () => {
  const allowed: [string, ParameterSpec][] = [
    ['default', { default: 120 }],
    ['description', { description: 'How long' }],
    ['enum', { enum: [30, 60] }],
    ['immutable', { immutable: true }],
    ['required', { required: true }],
    ['an equal type', { type: 'integer' }],
    ['several allowed attributes at once', { default: 5, immutable: true, required: false, description: 'x' }],
  ];
  it.each(allowed)('allows overriding %s', (_label, actionSpec) => {
    expect(checkOverride('timeout', runner.timeout!, actionSpec)).toEqual([]);
  });

  const rejected: [string, ParameterSpec, string][] = [
    ['type', { type: 'string' }, 'parameters.timeout.type'],
    ['secret', { secret: true }, 'parameters.timeout.secret'],
    ['position', { position: 0 }, 'parameters.timeout.position'],
    ['a JSON-schema keyword', { minimum: 1 }, 'parameters.timeout.minimum'],
  ];
  it.each(rejected)('rejects overriding %s and names the field', (_label, actionSpec, field) => {
    const details = checkOverride('timeout', runner.timeout!, actionSpec);
    expect(details).toHaveLength(1);
    expect(details[0]!.field).toBe(field);
    expect(details[0]!.message).toContain('cannot be overridden');
  });

  it('compares nested attributes structurally', () => {
    const r: ParameterSpec = { type: 'array', items: { type: 'string', minLength: 1 } };
    expect(checkOverride('hosts', r, { items: { minLength: 1, type: 'string' } })).toEqual([]);
    expect(checkOverride('hosts', r, { items: { type: 'string' } })).toHaveLength(1);
  });
});

describe('mergeParameterSpecs', () => {
  it('overlays action attributes on runner parameters and adds action parameters after them', () => {
    const merged = mergeParameterSpecs(runner, { timeout: { default: 5, immutable: true }, message: { type: 'string', required: true } });
    expect(Object.keys(merged)).toEqual(['cmd', 'timeout', 'sudo', 'message']);
    expect(merged.timeout).toEqual({ type: 'integer', default: 5, description: 'Seconds', immutable: true });
    expect(merged.cmd).toEqual(runner.cmd);
    expect(merged.message).toEqual({ type: 'string', required: true });
  });

  it('reports every forbidden override at once', () => {
    const action = { timeout: { type: 'string' as const }, sudo: { secret: true, position: 1 } };
    let caught: unknown;
    try {
      mergeParameterSpecs(runner, action);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SquallError);
    const e = caught as SquallError;
    expect(e.code).toBe('PARAMETERS_INVALID');
    expect(e.details.map((d) => d.field)).toEqual(['parameters.timeout.type', 'parameters.sudo.secret', 'parameters.sudo.position']);
    expect(e.message).toContain('parameters.timeout.type');
  });

  it('returns the same merged object for the same runner and action specs', () => {
    const action = { message: { type: 'string' as const } };
    const a = mergeParameterSpecs(runner, action);
    expect(mergeParameterSpecs(runner, action)).toBe(a);
    expect(mergeParameterSpecs(runner, { message: { type: 'string' } })).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
