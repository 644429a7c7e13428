import { beforeEach, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import type { ActionMeta, ParameterSpec } from '../../../src/model/index.js';
import type { TemplateRenderer } from '../../../src/expressions/renderer.js';
import { MASKED } from '../../../src/util/mask.js';
import { ParameterPipeline, prepareParameters, type PrepareParametersInput } from '../../../src/actions/parameters/index.js';
import { MemoryKv } from './kv-fake.js';
import { makeRenderer } from './renderer-under-test.js';

/** The local-shell-cmd runner's parameters (reference §1). */
const shellRunner: Record<string, ParameterSpec> = {
  cmd: { type: 'string', description: 'Command to run' },
  cwd: { type: 'string' },
  env: { type: 'object' },
  kwarg_op: { type: 'string', default: '--' },
  sudo: { type: 'boolean', default: false },
  sudo_password: { type: 'string', secret: true, default: null },
  timeout: { type: 'integer', default: 60 },
};

function action(parameters: Record<string, ParameterSpec>, name = 'echo'): ActionMeta {
  return {
    ref: `core.${name}`,
    pack: 'core',
    name,
    runner_type: 'local-shell-cmd',
    enabled: true,
    entry_point: '',
    parameters,
    source: { file: `/packs/core/actions/${name}.yaml` },
    pack_path: '/packs/core',
  };
}

/** core.echo as StackStorm ships it: the command is an immutable template over `message`. */
const echo = action({
  message: { type: 'string', description: 'Message to print.', required: true, position: 0 },
  cmd: { immutable: true, default: 'echo "{{message}}"' },
  kwarg_op: { immutable: true },
  sudo: { default: false, immutable: true },
  sudo_password: { immutable: true },
});

let kv: MemoryKv;
let renderer: TemplateRenderer;

beforeEach(() => {
  kv = new MemoryKv();
  renderer = makeRenderer(kv);
});

function prepare(over: Partial<PrepareParametersInput> & Pick<PrepareParametersInput, 'action'>) {
  return prepareParameters({
    runnerParameters: shellRunner,
    supplied: {},
    trusted: false,
    context: { user: 'stanley' },
    renderer,
    ...over,
  });
}

function failure(fn: () => unknown): SquallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SquallError) return err;
    throw err;
  }
  throw new Error('expected a SquallError');
}

describe('prepareParameters: rendering', () => {
  it('renders core.echo: the cmd default reads the supplied message', () => {
    const { values, masked, specs } = prepare({ action: echo, supplied: { message: 'hello world' } });
    expect(values).toEqual({ message: 'hello world', cmd: 'echo "hello world"', kwarg_op: '--', sudo: false, sudo_password: null, timeout: 60 });
    expect(masked).toEqual(values);
    expect(specs.cmd).toEqual({ type: 'string', description: 'Command to run', immutable: true, default: 'echo "{{message}}"' });
  });

  it('renders a chain in dependency order: param → param → st2kv, whatever the declaration order', () => {
    kv.set('user_name', 'Ann');
    const chain = action({
      cmd: { immutable: true, default: 'echo {{ greeting }}' },
      greeting: { type: 'string', default: 'Hello {{ name }}!' },
      name: { type: 'string', default: '{{ st2kv.system.user_name }}' },
    });
    expect(prepare({ action: chain }).values).toMatchObject({ cmd: 'echo Hello Ann!', greeting: 'Hello Ann!', name: 'Ann' });
    // A supplied value replaces the default, and what reads it follows.
    expect(prepare({ action: chain, supplied: { name: 'Bob' } }).values).toMatchObject({ cmd: 'echo Hello Bob!' });
  });

  it('reads st2kv.user in the api_user scope, action_context and config_context', () => {
    kv.set('color', 'green', { scope: 'user', user: 'ann' });
    kv.set('region_key', 'eu-west-1');
    const a = action({
      who: { type: 'string', default: '{{ action_context.api_user }} via {{ action_context.user }} in {{ action_context.pack }}' },
      color: { type: 'string', default: '{{ st2kv.user.color }}' },
      region: { type: 'string', default: '{{ config_context.region }}' },
    });
    const { values } = prepare({ action: a, context: { user: 'stanley', api_user: 'ann' }, config: { region: '{{ st2kv.system.region_key }}' } });
    expect(values).toMatchObject({ who: 'ann via stanley in core', color: 'green', region: 'eu-west-1' });
  });

  it('renders typed where the declared type is not a string, and inside objects', () => {
    kv.set('limit', '25');
    const a = action({
      limit: { type: 'integer', default: '{{ st2kv.system.limit }}' },
      headers: { type: 'object', default: '{{ config_context.headers }}' },
      body: { type: 'object', default: { n: '{{ limit }}', text: 'limit={{ limit }}', fixed: true, list: ['{{ headers }}'] } },
      label: { type: 'string', default: '{{ limit }}' },
    });
    const { values } = prepare({ action: a, config: { headers: { Accept: 'json' } } });
    expect(values.limit).toBe(25);
    expect(values.headers).toEqual({ Accept: 'json' });
    expect(values.body).toEqual({ n: 25, text: 'limit=25', fixed: true, list: [{ Accept: 'json' }] });
    expect(values.label).toBe('25');
  });

  it('turns use_none into null and lets a supplied null fall back to the default', () => {
    const a = action({
      maybe: { type: 'string', default: '{{ action_context.nothing | default(None) | use_none }}' },
      count: { type: 'integer', default: 3 },
    });
    expect(prepare({ action: a, supplied: { count: null } }).values).toMatchObject({ maybe: null, count: 3 });
  });

  it('keeps text that only looks like Jinja (docker --format) when it reads nothing in scope', () => {
    const a = action({ cmd: { default: "docker ps --format '{{.Names}}'" } });
    expect(prepare({ action: a }).values.cmd).toBe("docker ps --format '{{.Names}}'");
  });
});

describe('prepareParameters: untrusted values are data', () => {
  const injected = '{{ st2kv.system.secret | decrypt_kv }}';

  beforeEach(() => {
    kv.set('secret', 's3cr3t', { encrypt: true });
  });

  it('never renders a supplied value from chat, nor re-renders it inside a default', () => {
    const { values } = prepare({ action: echo, supplied: { message: injected }, trusted: false });
    expect(values.message).toBe(injected);
    expect(values.cmd).toBe(`echo "${injected}"`);
    expect(JSON.stringify(values)).not.toContain('s3cr3t');
  });

  it('renders supplied values when the caller says they are authored templates', () => {
    expect(prepare({ action: echo, supplied: { message: injected }, trusted: true }).values.message).toBe('s3cr3t');
  });

  it('renders only the listed supplied keys when given a list', () => {
    const a = action({ fixed: { type: 'string' }, typed: { type: 'string' } });
    const { values } = prepare({ action: a, supplied: { fixed: '{{ st2kv.system.secret | decrypt_kv }}', typed: injected }, trusted: ['fixed'] });
    expect(values).toMatchObject({ fixed: 's3cr3t', typed: injected });
  });
});

describe('prepareParameters: errors', () => {
  const strict = action({
    message: { type: 'string', required: true },
    count: { type: 'integer', default: 1 },
    level: { type: 'string', enum: ['info', 'warn'] },
    locked: { type: 'string', default: 'fixed', immutable: true },
  });

  it('reports unknown, missing, wrong type, enum and immutable problems all at once', () => {
    const e = failure(() => prepare({ action: strict, supplied: { count: 'many', level: 'debug', typo: 'x', locked: 'mine', timeout: '30' } }));
    expect(e.code).toBe('PARAMETERS_INVALID');
    expect(e.details).toEqual([
      { field: 'typo', message: 'is not a parameter of this action' },
      { field: 'count', message: 'must be an integer, got "many"' },
      { field: 'message', message: 'is required' },
      { field: 'level', message: 'must be one of ["info","warn"]' },
      { field: 'locked', message: 'is immutable and cannot be overridden' },
    ]);
  });

  it('casts chat strings before checking types', () => {
    const { values } = prepare({ action: strict, supplied: { message: 'hi', count: '7', sudo: 'yes', timeout: '30', env: '{"A": "1"}' } });
    expect(values).toMatchObject({ count: 7, sudo: true, timeout: 30, env: { A: '1' } });
  });

  it('gives PARAMETER_IMMUTABLE when only immutable parameters were overridden', () => {
    const e = failure(() => prepare({ action: echo, supplied: { message: 'hi', cmd: 'rm -rf /' } }));
    expect(e.code).toBe('PARAMETER_IMMUTABLE');
    expect(e.message).toBe('Override of immutable parameter(s) cmd is unsupported');
  });

  it('names every parameter on a cycle, and those that depend on it', () => {
    const cyclic = action({
      a: { type: 'string', default: '{{ b }}' },
      b: { type: 'string', default: '{{ a }}' },
      c: { type: 'string', default: '{{ a }}-suffix' },
      d: { type: 'string', default: 'fine' },
    });
    const e = failure(() => prepare({ action: cyclic }));
    expect(e.code).toBe('PARAMETERS_INVALID');
    expect(e.details).toEqual([
      { field: 'a', message: 'is part of a dependency cycle: a -> b -> a' },
      { field: 'c', message: 'depends on "a", which cannot be rendered' },
    ]);
  });

  it('reports a self-reference as a cycle', () => {
    const e = failure(() => prepare({ action: action({ x: { type: 'string', default: 'again {{ x }}' } }) }));
    expect(e.details).toEqual([{ field: 'x', message: 'is part of a dependency cycle: x -> x' }]);
  });

  it('reports a template that fails to render, and what reads it, by field', () => {
    const broken = action({
      msg: { type: 'string', default: 'x' },
      bad: { type: 'string', default: '{{ msg | no_such_filter }}' },
      uses_bad: { type: 'string', default: '[{{ bad }}]' },
    });
    const e = failure(() => prepare({ action: broken }));
    expect(e.details.map((d) => d.field)).toEqual(['bad', 'uses_bad']);
    expect(e.details[0]!.message).toMatch(/^cannot be rendered: /);
    expect(e.details[1]!.message).toBe('depends on "bad", which cannot be rendered');
  });

  it('rejects an action that overrides a runner attribute it may not', () => {
    const e = failure(() => prepare({ action: action({ timeout: { type: 'string' } }) }));
    expect(e.code).toBe('PARAMETERS_INVALID');
    expect(e.details[0]!.field).toBe('parameters.timeout.type');
  });
});

describe('prepareParameters: secrets', () => {
  it('returns clear values for the runner and masked values for storage, nested members included', () => {
    kv.set('db_pw', 'pw-from-kv');
    const a = action({
      api_key: { type: 'string', secret: true, required: true },
      db: { type: 'object', default: { host: 'db1', password: '{{ st2kv.system.db_pw }}' }, properties: { host: { type: 'string' }, password: { type: 'string', secret: true } } },
    });
    const { values, masked } = prepare({ action: a, supplied: { api_key: 'k-123', sudo_password: 'root' } });
    expect(values).toMatchObject({ api_key: 'k-123', sudo_password: 'root', db: { host: 'db1', password: 'pw-from-kv' } });
    expect(masked).toMatchObject({ api_key: MASKED, sudo_password: MASKED, db: { host: 'db1', password: MASKED } });
    expect(JSON.stringify(masked)).not.toMatch(/k-123|root|pw-from-kv/);
  });
});

describe('ParameterPipeline', () => {
  it('runs the same pipeline with its renderer injected', () => {
    const pipeline = new ParameterPipeline({ renderer });
    const out = pipeline.prepare({ action: echo, runnerParameters: shellRunner, supplied: { message: 'hi' }, trusted: false, context: { user: 'stanley' }, config: undefined });
    expect(out.values.cmd).toBe('echo "hi"');
  });
});

describe('prepareParameters: defaults', () => {
  it('fills defaults of members inside supplied objects and arrays of objects', () => {
    const a = action({
      opts: { type: 'object', properties: { retries: { type: 'integer', default: 3 }, mode: { type: 'string', default: 'fast' }, inner: { type: 'object', properties: { x: { type: 'string', default: 'dx' } } } } },
      items: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer', default: 22 } } } },
    });
    const { values } = prepare({ action: a, supplied: { opts: { mode: 'slow', inner: {} }, items: [{ host: 'a' }, { host: 'b', port: 2222 }] } });
    expect(values.opts).toEqual({ mode: 'slow', retries: 3, inner: { x: 'dx' } });
    expect(values.items).toEqual([{ host: 'a', port: 22 }, { host: 'b', port: 2222 }]);
  });

  it('passes a metadata default that does not fit its own type as declared, but checks supplied values', () => {
    const sloppy = action({
      inclusive: { type: 'boolean', default: 0 },
      restricted: { type: 'boolean', default: '' },
      latest: { type: 'number', default: 'now' },
    });
    expect(prepare({ action: sloppy }).values).toMatchObject({ inclusive: 0, restricted: '', latest: 'now' });
    const e = failure(() => prepare({ action: sloppy, supplied: { latest: 'later', inclusive: 2 } }));
    expect(e.details).toEqual([
      { field: 'latest', message: 'must be a number, got "later"' },
      { field: 'inclusive', message: 'must be boolean' },
    ]);
  });

  it('lets templates read other parameters as their declared types', () => {
    const a = action({
      verbose: { type: 'boolean', default: false },
      flags: { type: 'string', default: '{% if verbose %}-v{% else %}-q{% endif %}' },
    });
    expect(prepare({ action: a, supplied: { verbose: 'false' } }).values).toMatchObject({ verbose: false, flags: '-q' });
    expect(prepare({ action: a, supplied: { verbose: 'yes' } }).values).toMatchObject({ verbose: true, flags: '-v' });
  });
});
