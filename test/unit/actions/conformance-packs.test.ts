import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { ActionMeta, ParameterSpec } from '../../../src/model/index.js';
import { compiledValidator, mergeParameterSpecs, prepareParameters, secretKeys } from '../../../src/actions/parameters/index.js';
import { MemoryKv } from './kv-fake.js';
import { makeRenderer } from './renderer-under-test.js';

const packsDir = path.resolve(process.cwd(), '../shared/conformance/packs');
const present = existsSync(packsDir);
if (!present) console.warn(`conformance packs not found at ${packsDir}: skipping the real-pack parameter checks`);

/** Runner parameters of the runners the conformance packs use (reference §1). */
const shell: Record<string, ParameterSpec> = {
  cmd: { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'object' },
  kwarg_op: { type: 'string', default: '--' },
  sudo: { type: 'boolean', default: false },
  sudo_password: { type: 'string', secret: true, default: null },
  timeout: { type: 'integer', default: 60 },
};
const RUNNERS: Record<string, Record<string, ParameterSpec>> = {
  'local-shell-cmd': shell,
  'remote-shell-cmd': {
    ...shell,
    bastion_host: { type: 'string' },
    cwd: { type: 'string', default: '/tmp' },
    dir: { type: 'string', default: '/tmp', immutable: true },
    hosts: { type: 'string', required: true },
    parallel: { type: 'boolean', default: false, immutable: true },
    passphrase: { type: 'string', secret: true },
    password: { type: 'string', secret: true },
    port: { type: 'integer' },
    private_key: { type: 'string', secret: true },
    username: { type: 'string' },
  },
  'python-script': {
    debug: { type: 'boolean', default: false },
    content_version: { type: 'string' },
    env: { type: 'object' },
    timeout: { type: 'integer', default: 600 },
    log_level: { type: 'string', enum: ['AUDIT', 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG'], default: 'DEBUG' },
  },
  orquesta: { notify: { type: 'array', default: [] } },
};

interface LoadedAction {
  file: string;
  meta: ActionMeta;
  /** A pack config built from the pack's config.schema.yaml: defaults, else sample values. */
  config: Record<string, unknown>;
}

function packConfig(pack: string): Record<string, unknown> {
  const file = path.join(packsDir, pack, 'config.schema.yaml');
  if (!existsSync(file)) return {};
  const schema = (YAML.parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, ParameterSpec>;
  return Object.fromEntries(Object.entries(schema).map(([k, spec]) => [k, spec.default ?? sample(spec)]));
}

function loadActions(): LoadedAction[] {
  if (!present) return [];
  const out: LoadedAction[] = [];
  for (const pack of readdirSync(packsDir).sort()) {
    const dir = path.join(packsDir, pack, 'actions');
    if (!existsSync(dir)) continue;
    const config = packConfig(pack);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
      const doc = YAML.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
      const name = String(doc.name);
      out.push({
        file: `${pack}/actions/${f}`,
        meta: {
          ref: `${pack}.${name}`,
          pack,
          name,
          runner_type: String(doc.runner_type),
          enabled: doc.enabled !== false,
          entry_point: String(doc.entry_point ?? ''),
          parameters: (doc.parameters ?? {}) as Record<string, ParameterSpec>,
          source: { file: path.join(dir, f) },
          pack_path: path.join(packsDir, pack),
        },
        config,
      });
    }
  }
  return out;
}

/** A value that satisfies a spec, for filling required parameters. */
function sample(spec: ParameterSpec): unknown {
  if (spec.enum && spec.enum.length > 0) return spec.enum[0];
  switch (spec.type) {
    case 'integer':
    case 'number':
      return typeof spec.minimum === 'number' ? spec.minimum : 1;
    case 'boolean':
      return true;
    case 'object':
      return {};
    case 'array':
      return [];
    default:
      return 'sample';
  }
}

describe.skipIf(!present)('real packs: every action parameter set merges, compiles and prepares', () => {
  const actions = loadActions();
  let passed = 0;

  it('found the packs', () => {
    expect(actions.length).toBeGreaterThan(300);
  });

  it.each(actions.map((a) => [a.file, a] as const))('%s', (_file, { meta, config }) => {
    const runner = RUNNERS[meta.runner_type];
    expect(runner, `runner ${meta.runner_type}`).toBeDefined();
    const specs = mergeParameterSpecs(runner!, meta.parameters);
    expect(() => compiledValidator(specs)).not.toThrow();
    expect(Array.isArray(secretKeys(specs))).toBe(true);

    const supplied = Object.fromEntries(
      Object.entries(specs)
        .filter(([, s]) => s.required === true && s.default === undefined && s.immutable !== true)
        .map(([name, s]) => [name, sample(s)]),
    );
    const kv = new MemoryKv();
    const out = prepareParameters({ action: meta, runnerParameters: runner!, supplied, trusted: false, context: { user: 'stanley', api_user: 'ann' }, config, renderer: makeRenderer(kv) });
    for (const [name, value] of Object.entries(supplied)) expect(out.values[name]).toEqual(value);
    passed += 1;
  });

  it('reports the pass count', () => {
    console.info(`real-pack parameter conformance: ${passed}/${actions.length} actions prepared`);
    expect(passed).toBe(actions.length);
  });
});

describe.skipIf(!present)('real packs: shell commands render from parameters', () => {
  const loaded = loadActions();
  const byFile = new Map(loaded.map((a) => [a.file, a.meta]));

  it('git.clone renders its immutable cmd from source, ref and destination', () => {
    const meta = byFile.get('git/actions/clone.yaml')!;
    const out = prepareParameters({
      action: meta,
      runnerParameters: RUNNERS['remote-shell-cmd']!,
      supplied: { source: 'https://example.com/r.git', destination: '/srv/r', hosts: 'web1' },
      trusted: false,
      context: { user: 'stanley' },
      renderer: makeRenderer(new MemoryKv()),
    });
    expect(out.values.cmd).toBe('git clone -b master https://example.com/r.git /srv/r');
  });

  it('git.get_remote_repo_latest_commit keeps its {% raw %} awk program', () => {
    const meta = byFile.get('git/actions/get_remote_repo_latest_commit.yaml')!;
    const out = prepareParameters({
      action: meta,
      runnerParameters: RUNNERS['local-shell-cmd']!,
      supplied: { repo_remote: 'origin' },
      trusted: false,
      context: { user: 'stanley' },
      renderer: makeRenderer(new MemoryKv()),
    });
    expect(out.values.cmd).toBe("git ls-remote origin master | awk '{ print $1 }' | tr -d '\n'");
  });

  it('pagerduty incident.create.events_v1 renders its object default from other parameters and the pack config', () => {
    const meta = byFile.get('pagerduty/actions/incident.create.events_v1.yaml')!;
    const out = prepareParameters({
      action: meta,
      runnerParameters: RUNNERS['python-script']!,
      supplied: { description: 'disk full', details: '{"host": "web1"}' },
      trusted: false,
      context: { user: 'stanley' },
      config: { service_key: 'svc-123' },
      renderer: makeRenderer(new MemoryKv()),
    });
    expect(out.values.service_key).toBe('svc-123');
    expect(out.values.details).toEqual({ host: 'web1' });
    expect(out.values.data).toMatchObject({ service_key: 'svc-123', event_type: 'trigger', description: 'disk full', client: 'Not Specified' });
  });
});
