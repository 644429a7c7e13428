import { describe, expect, it } from 'vitest';
import { AVAILABLE_RUNNERS, KNOWN_RUNNERS, RUNNERS, runnerNeedsEntryPoint, runnerParameters } from '../../../src/packs/runner-parameters.js';
import { CONTENT_KINDS, ContentSchemas } from '../../../src/packs/schemas/index.js';

const schemas = new ContentSchemas();
const action = (parameters: unknown) => ({ name: 'a', runner_type: 'noop', parameters });
const validAction = (parameters: unknown) => schemas.validator('action')(action(parameters));

describe('the action parameter meta-schema', () => {
  it.each([
    [{ type: 'string', required: true, secret: true, immutable: false, position: 0, default: 'x', description: 'd' }],
    [{ type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }],
    [{ type: 'object', properties: { a: { type: 'integer', required: true } }, additionalProperties: false }],
    [{ type: 'number', minimum: 0, exclusiveMinimum: true }],
    [{ type: 'string', enum: ['a', 'b'], pattern: '^a', format: 'uri' }],
    [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }],
    [{ default: 'runner override without a type' }],
  ])('accepts %j', (spec) => {
    expect(validAction({ p: spec })).toBe(true);
  });

  it.each([
    [{ type: 'text' }, 'type is not a JSON type'],
    [{ type: ['string', 'null'] }, 'type lists are not allowed'],
    [{ type: 'string', required: 'yes' }, 'required is a boolean'],
    [{ type: 'string', position: -1 }, 'positions are >= 0'],
    [{ type: 'string', enum: [] }, 'an enum needs values'],
    [{ type: 'string', colour: 'red' }, 'unknown keys are refused'],
    [{ type: 'string', pattern: '(unclosed' }, 'a pattern must be a regex'],
    [{ type: 'number', exclusiveMinimum: true }, 'exclusiveMinimum needs minimum'],
  ] as [unknown, string][])('refuses %j (%s)', (spec) => {
    expect(validAction({ p: spec })).toBe(false);
  });

  it('refuses parameter names that are not word characters', () => {
    expect(validAction({ 'my-param': { type: 'string' } })).toBe(false);
    expect(validAction({ my_param2: { type: 'string' } })).toBe(true);
  });
});

describe('the content kinds table', () => {
  it('names a schema for every kind of pack content', () => {
    expect(Object.keys(CONTENT_KINDS).sort()).toEqual(['action', 'alias', 'configSchema', 'pack', 'policy', 'rule', 'sensor', 'triggerType']);
    for (const kind of Object.keys(CONTENT_KINDS) as (keyof typeof CONTENT_KINDS)[]) expect(typeof schemas.validator(kind)).toBe('function');
  });

  it('refuses unknown top-level keys on content kinds', () => {
    expect(schemas.validator('rule')({ name: 'r', trigger: { type: 'a.b' }, action: { ref: 'a.b' }, extra: 1 })).toBe(false);
    expect(schemas.validator('alias')({ name: 'a', action_ref: 'a.b', formats: ['x'], color: 1 })).toBe(false);
    expect(schemas.validator('policy')({ name: 'p', resource_ref: 'a.b', policy_type: 'action.retry', extra: 1 })).toBe(false);
    expect(schemas.validator('sensor')({ class_name: 'S', entry_point: 's.py', extra: 1 })).toBe(false);
  });
});

describe('the runner table', () => {
  it('knows every StackStorm runner plus nodejs, and only known runners are available', () => {
    for (const r of ['local-shell-cmd', 'local-shell-script', 'remote-shell-cmd', 'remote-shell-script', 'python-script', 'http-request', 'orquesta', 'action-chain', 'inquirer', 'noop', 'announcement', 'winrm-cmd', 'winrm-ps-cmd', 'winrm-ps-script', 'nodejs']) {
      expect(KNOWN_RUNNERS).toContain(r);
    }
    expect(AVAILABLE_RUNNERS).toEqual(['local-shell-cmd', 'local-shell-script', 'http-request', 'noop', 'nodejs', 'inquirer', 'orquesta']);
    for (const r of AVAILABLE_RUNNERS) expect(KNOWN_RUNNERS).toContain(r);
  });

  it('declares parameters that pass the action parameter meta-schema', () => {
    for (const [name, spec] of Object.entries(RUNNERS)) expect(validAction(spec.parameters), name).toBe(true);
  });

  it('records StackStorm facts the loader relies on', () => {
    expect(runnerParameters('python-script')?.timeout).toMatchObject({ type: 'integer', default: 600 });
    expect(runnerParameters('local-shell-cmd')?.sudo_password).toMatchObject({ secret: true });
    expect(runnerParameters('remote-shell-cmd')?.hosts).toMatchObject({ required: true });
    expect(runnerParameters('remote-shell-cmd')?.dir).toMatchObject({ immutable: true });
    expect(runnerParameters('http-request')?.url).toMatchObject({ type: 'string', required: true });
    expect(runnerParameters('teleport')).toBeUndefined();
    expect(runnerNeedsEntryPoint('local-shell-script')).toBe(true);
    expect(runnerNeedsEntryPoint('orquesta')).toBe(true);
    expect(runnerNeedsEntryPoint('local-shell-cmd')).toBe(false);
  });
});
