import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../../../src/model/index.js';
import { buildShellArguments, serializePositional } from '../../../src/actions/runners/shell-args.js';

const RUNNER = new Set(['cmd', 'timeout', 'env', 'kwarg_op', 'sudo', 'sudo_password', 'cwd']);

describe('serializePositional (StackStorm rules)', () => {
  const cases: [ParameterSpec['type'], unknown, string][] = [
    ['string', 'hello world', 'hello world'],
    ['string', '', ''],
    ['string', null, ''],
    ['string', undefined, ''],
    ['string', 42, '42'],
    ['number', 1.5, '1.5'],
    ['integer', 0, '0'],
    ['integer', 7, '7'],
    ['boolean', true, '1'],
    ['boolean', false, '0'],
    ['boolean', null, ''],
    ['array', ['a', 'b', 3], 'a,b,3'],
    ['array', [], ''],
    ['object', { a: 1, b: 'x' }, '{"a":1,"b":"x"}'],
    ['object', {}, ''],
    ['null', null, ''],
    [undefined, true, '1'],
    [undefined, ['x', 'y'], 'x,y'],
    [undefined, { k: 'v' }, '{"k":"v"}'],
    [undefined, 'plain', 'plain'],
  ];
  it.each(cases)('type %s, value %j → %j', (type, value, expected) => {
    expect(serializePositional(type, value)).toBe(expected);
  });
});

describe('buildShellArguments', () => {
  it('puts named arguments first, then positional ones sorted by position', () => {
    const specs: Record<string, ParameterSpec> = {
      third: { type: 'string', position: 2 },
      first: { type: 'string', position: 0 },
      second: { type: 'boolean', position: 1 },
      name: { type: 'string' },
      count: { type: 'integer' },
    };
    const args = buildShellArguments({ first: 'a b', second: false, third: 'c', name: 'n', count: 3 }, specs, RUNNER, '--');
    expect(args).toEqual(['--name=n', '--count=3', 'a b', '0', 'c']);
  });

  it('gives true booleans as bare flags and drops false, null, undefined and empty strings', () => {
    const specs: Record<string, ParameterSpec> = { yes: { type: 'boolean' }, no: { type: 'boolean' }, nil: { type: 'string' }, empty: { type: 'string' }, missing: { type: 'string' } };
    expect(buildShellArguments({ yes: true, no: false, nil: null, empty: '' }, specs, RUNNER, '--')).toEqual(['--yes']);
  });

  it('includes every positional parameter, missing ones as empty strings', () => {
    const specs: Record<string, ParameterSpec> = { a: { type: 'string', position: 0 }, b: { type: 'string', position: 1 }, c: { type: 'integer', position: 2 } };
    expect(buildShellArguments({ c: 5 }, specs, RUNNER, '--')).toEqual(['', '', '5']);
  });

  it('never turns runner parameters into arguments and honours kwarg_op', () => {
    const specs: Record<string, ParameterSpec> = { cmd: { type: 'string' }, timeout: { type: 'integer' }, opt: { type: 'string' } };
    expect(buildShellArguments({ cmd: 'ls', timeout: 5, opt: 'v' }, specs, RUNNER, '-')).toEqual(['-opt=v']);
  });

  it('serializes named arrays and objects as JSON and keeps shell metacharacters verbatim', () => {
    const specs: Record<string, ParameterSpec> = { list: { type: 'array' }, obj: { type: 'object' }, text: { type: 'string' } };
    const args = buildShellArguments({ list: ['a', 'b'], obj: { k: 1 }, text: '$(rm -rf /); `id`' }, specs, RUNNER, '--');
    expect(args).toEqual(['--list=["a","b"]', '--obj={"k":1}', '--text=$(rm -rf /); `id`']);
  });

  it('passes parameters without a spec as named arguments after the declared ones', () => {
    expect(buildShellArguments({ extra: 'x', declared: 'y' }, { declared: { type: 'string' } }, RUNNER, '--')).toEqual(['--declared=y', '--extra=x']);
  });
});
