import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import type { ParameterSpec } from '../../../src/model/index.js';
import { buildParameterSchema, compiledValidator, validateRequest, validateValues } from '../../../src/actions/parameters/index.js';

const specs: Record<string, ParameterSpec> = {
  message: { type: 'string', required: true, description: 'What to say', position: 0 },
  count: { type: 'integer', default: 1, minimum: 1 },
  level: { type: 'string', enum: ['info', 'warn'] },
  locked: { type: 'string', default: 'x', immutable: true },
  token: { type: 'string', secret: true, default: null },
  options: { type: 'object', properties: { retries: { type: 'integer', required: true }, mode: { type: 'string', secret: true } } },
  ratio: { type: 'number', maximum: 1, exclusiveMaximum: true },
};

function thrown(fn: () => void): SquallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SquallError) return err;
    throw err;
  }
  throw new Error('expected a SquallError');
}

describe('buildParameterSchema', () => {
  it('builds a closed object schema, lifts required flags and strips st2 keys', () => {
    const schema = buildParameterSchema(specs) as { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['message']);
    expect(schema.properties.message).toEqual({ type: 'string', description: 'What to say' });
    expect(schema.properties.count).toEqual({ type: 'integer', minimum: 1 });
    expect(schema.properties.options).toEqual({ type: 'object', properties: { retries: { type: 'integer' }, mode: { type: 'string' } }, required: ['retries'] });
    expect(schema.properties.ratio).toEqual({ type: 'number', exclusiveMaximum: 1 });
  });

  it('compiles once per specs object', () => {
    expect(compiledValidator(specs)).toBe(compiledValidator(specs));
  });

  it('reports a schema that cannot compile as SCHEMA_INVALID', () => {
    const e = thrown(() => compiledValidator({ bad: { type: 'string', pattern: '(' } }));
    expect(e.code).toBe('SCHEMA_INVALID');
  });
});

describe('validateValues', () => {
  it('accepts good values and nulls for optional or null-default parameters', () => {
    expect(validateValues(specs, { message: 'hi', count: 2, level: 'info', token: null, ratio: 0.5, options: { retries: 1 } })).toEqual([]);
    expect(validateValues(specs, { message: 'hi', level: null })).toEqual([]);
  });

  it('treats a null required parameter as missing', () => {
    expect(validateValues(specs, { message: null })).toEqual([{ field: 'message', message: 'is required' }]);
  });

  it('reports nested problems with dotted fields', () => {
    expect(validateValues(specs, { message: 'hi', options: { retries: 'x' }, ratio: 1 })).toEqual([
      { field: 'options.retries', message: 'must be integer' },
      { field: 'ratio', message: 'must be < 1' },
    ]);
  });
});

describe('validateRequest', () => {
  it('reports unknown, missing, mistyped, enum and immutable problems all at once', () => {
    const e = thrown(() => validateRequest(specs, { count: 'three', level: 'debug', bogus: 1, locked: 'y' }));
    expect(e.code).toBe('PARAMETERS_INVALID');
    expect(e.details).toEqual([
      { field: 'bogus', message: 'is not a parameter of this action' },
      { field: 'message', message: 'is required' },
      { field: 'count', message: 'must be integer' },
      { field: 'level', message: 'must be one of ["info","warn"]' },
      { field: 'locked', message: 'is immutable and cannot be overridden' },
    ]);
    for (const field of ['bogus', 'message', 'count', 'level', 'locked']) expect(e.message).toContain(field);
  });

  it('gives PARAMETER_IMMUTABLE when immutable overrides are the only problem', () => {
    const e = thrown(() => validateRequest({ ...specs, other: { type: 'string', immutable: true } }, { message: 'hi', locked: 'y', other: 'z' }));
    expect(e.code).toBe('PARAMETER_IMMUTABLE');
    expect(e.message).toBe('Override of immutable parameter(s) locked, other is unsupported');
    expect(e.details.map((d) => d.field)).toEqual(['locked', 'other']);
  });

  it('passes a valid request', () => {
    expect(() => validateRequest(specs, { message: 'hi', count: 3 })).not.toThrow();
  });
});

describe('validateValues with null defaults', () => {
  it('accepts null for a required parameter whose default is null', () => {
    const s: Record<string, ParameterSpec> = { pw: { type: 'string', required: true, default: null } };
    expect(validateValues(s, { pw: null })).toEqual([]);
    expect(validateValues(s, {})).toEqual([{ field: 'pw', message: 'is required' }]);
  });
});
