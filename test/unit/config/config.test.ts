import path from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';

describe('loadConfig', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'squall-config-'));

  it('defaults to ./data, ./packs and ./aliases under the root, loopback only, frozen', () => {
    const c = loadConfig(root, {});
    expect(c.dataDir).toBe(path.join(root, 'data'));
    expect(c.packsPaths).toEqual([path.join(root, 'packs')]);
    expect(c.aliasesDir).toBe(path.join(root, 'aliases'));
    expect(c.keyFile).toBe(path.join(root, 'data', 'keys', 'datastore_key.json'));
    expect(c.http.host).toBe('127.0.0.1');
    expect(Object.isFrozen(c) && Object.isFrozen(c.http)).toBe(true);
  });

  it('environment overrides the file, and the key file follows the data dir', () => {
    writeFileSync(path.join(root, 'squall.yaml'), 'systemUser: bob\nretention: { executions: 7 }\n');
    const c = loadConfig(root, { SQUALL_DATA_DIR: 'other', SQUALL_PACKS_PATH: `a${path.delimiter}b`, PATH: '/usr/bin', SECRET_TOKEN: 'x' });
    expect(c.systemUser).toBe('bob');
    expect(c.retention.executions).toBe(7);
    expect(c.retention.triggerInstances).toBeGreaterThan(0);
    expect(c.dataDir).toBe(path.join(root, 'other'));
    expect(c.keyFile).toBe(path.join(root, 'other', 'keys', 'datastore_key.json'));
    expect(c.packsPaths).toEqual([path.join(root, 'a'), path.join(root, 'b')]);
    // Only the variables actions may see are carried; tokens in Squall's environment are not.
    expect(c.actionEnv).toEqual({ PATH: '/usr/bin' });
  });

  it('reports every invalid field at once', () => {
    expect(() => loadConfig(root, { SQUALL_LOG_LEVEL: 'loud' }, { retention: { executions: 0 } as never })).toThrowError(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.arrayContaining([expect.objectContaining({ field: 'log.level' }), expect.objectContaining({ field: 'retention.executions' })]) }),
    );
  });
});
