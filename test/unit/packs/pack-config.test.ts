import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, secretPaths } from '../../../src/packs/pack-config.js';
import { loadPack } from '../../../src/packs/pack-loader.js';
import { FIXTURES, manifest, tempDir, writePack } from './pack-fixture.js';

const SCHEMA = [
  'api_url:',
  '  type: string',
  '  required: true',
  'token:',
  '  type: string',
  '  secret: true',
  'retries:',
  '  type: integer',
  '  default: 3',
  'repositories:',
  '  type: array',
  '  items:',
  '    type: object',
  '    properties:',
  '      url: {type: string, required: true}',
  '      branch: {type: string, default: master}',
  '',
].join('\n');

describe('pack config', () => {
  it('converts StackStorm config schemas to JSON schemas (required booleans → lists, st2 keys dropped)', () => {
    const schema = configJsonSchema({
      a: { type: 'string', required: true, secret: true },
      b: { type: 'object', properties: { c: { type: 'integer', required: true, minimum: 1, exclusiveMinimum: true } } },
    });
    expect(schema).toEqual({
      type: 'object',
      properties: {
        a: { type: 'string' },
        b: { type: 'object', properties: { c: { type: 'integer', exclusiveMinimum: 1 } }, required: ['c'] },
      },
      required: ['a'],
      additionalProperties: true,
    });
    expect(secretPaths({ a: { secret: true }, b: { type: 'object', properties: { c: { secret: true } } } })).toEqual(['a', 'b.c']);
  });

  it('applies defaults (nested ones inside existing items too) and keeps templates for later', () => {
    const p = loadPack(path.join(FIXTURES, 'good_pack'));
    expect(p.config).toEqual({
      file: path.join(FIXTURES, 'good_pack/configs/good_pack.yaml'),
      values: { api_url: 'https://example.com', retries: '{{ st2kv.system.retries }}', nested: { flag: true }, token: '{{ st2kv.system.good_token }}' },
      secrets: ['token'],
    });
    expect(p.configSchema?.api_url).toEqual({ type: 'string', required: true });
  });

  it('reports invalid config values with file, line and field', () => {
    const dir = writePack(tempDir(), 'cfg', {
      'pack.yaml': manifest('cfg'),
      'config.schema.yaml': SCHEMA,
      'configs/cfg.yaml': 'token: abc\nretries: many\nrepositories:\n  - branch: main\n',
    });
    const p = loadPack(dir);
    expect(p.errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ['configs/cfg.yaml', 1, 'api_url'],
      ['configs/cfg.yaml', 2, 'retries'],
      ['configs/cfg.yaml', 4, 'repositories[0].url'],
    ]);
    expect(p.actions).toEqual([]);
    expect(p.loaded).toBe(true);
  });

  it('reads <configsDir>/<pack>.yaml before the pack’s own configs/<pack>.yaml', () => {
    const root = tempDir();
    const dir = writePack(root, 'cfg', { 'pack.yaml': manifest('cfg'), 'config.schema.yaml': SCHEMA, 'configs/cfg.yaml': 'api_url: from-pack\n' });
    const configsDir = path.join(root, 'site-configs');
    writePack(root, 'site-configs', { 'cfg.yaml': 'api_url: from-site\nrepositories:\n  - url: git@x\n' });
    const p = loadPack(dir, { configsDir });
    expect(p.errors).toEqual([]);
    expect(p.config?.file).toBe(path.join(configsDir, 'cfg.yaml'));
    expect(p.config?.values).toEqual({ api_url: 'from-site', retries: 3, repositories: [{ url: 'git@x', branch: 'master' }] });
    expect(loadPack(dir).config?.values.api_url).toBe('from-pack');
  });

  it('without a config file uses the defaults and only warns about required items', () => {
    const dir = writePack(tempDir(), 'cfg', { 'pack.yaml': manifest('cfg'), 'config.schema.yaml': SCHEMA });
    const p = loadPack(dir);
    expect(p.errors).toEqual([]);
    expect(p.config).toEqual({ values: { retries: 3 }, secrets: ['token'] });
    expect(p.warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/required items without defaults: api_url/) })]);
  });

  it('rejects a broken config schema and decrypt_kv on secret items', () => {
    const root = tempDir();
    const badSchema = loadPack(writePack(root, 'a', { 'pack.yaml': manifest('a'), 'config.schema.yaml': 'x:\n  type: text\n' }));
    expect(badSchema.errors).toEqual([expect.objectContaining({ file: 'config.schema.yaml', line: 2, field: 'x.type' })]);
    const decrypt = loadPack(
      writePack(root, 'b', {
        'pack.yaml': manifest('b'),
        'config.schema.yaml': SCHEMA,
        'configs/b.yaml': 'api_url: u\ntoken: "{{ st2kv.system.t | decrypt_kv }}"\n',
      }),
    );
    expect(decrypt.errors).toEqual([expect.objectContaining({ file: 'configs/b.yaml', line: 2, field: 'token', message: expect.stringMatching(/decrypt_kv/) })]);
  });

  it('keeps config values without a schema as they are', () => {
    const p = loadPack(writePack(tempDir(), 'free', { 'pack.yaml': manifest('free'), 'configs/free.yaml': 'anything: [1, 2]\n' }));
    expect(p.config?.values).toEqual({ anything: [1, 2] });
    expect(p.errors).toEqual([]);
  });
});
