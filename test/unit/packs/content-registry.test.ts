import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSquallError } from '../../../src/errors/index.js';
import { ContentRegistry, SITE_ALIAS_PACK } from '../../../src/packs/content-registry.js';
import { FIXTURES, manifest, tempDir, writePack } from './pack-fixture.js';

function twoPathsWithPacks() {
  const root = tempDir();
  const first = path.join(root, 'first');
  const second = path.join(root, 'second');
  writePack(first, 'alpha', { 'pack.yaml': manifest('alpha'), 'actions/run.yaml': 'name: run\nrunner_type: noop\ndescription: first\n' });
  writePack(first, 'broken', { 'pack.yaml': 'name: broken\n' });
  writePack(first, 'not_a_pack', { 'README.md': 'no pack.yaml here' });
  writePack(second, 'alpha', { 'pack.yaml': manifest('alpha'), 'actions/run.yaml': 'name: run\nrunner_type: noop\ndescription: second\n' });
  writePack(second, 'beta', {
    'pack.yaml': manifest('beta'),
    'actions/go.yaml': 'name: go\nrunner_type: local-shell-cmd\n',
    'actions/bad.yaml': 'name: bad\nrunner_type: nope\n',
    'rules/r.yaml': 'name: r\nenabled: true\ntrigger:\n  type: beta.tick\naction:\n  ref: alpha.missing\n',
    'aliases/a.yaml': 'name: a\naction_ref: beta.go\nformats: ["go"]\n',
    'sensors/s.yaml': 'class_name: S\nentry_point: s.js\ntrigger_types:\n  - name: tick\n',
    'sensors/s.js': '',
    'policies/p.yaml': 'name: p\nresource_ref: beta.go\npolicy_type: action.concurrency\nparameters:\n  threshold: 2\n',
    'configs/beta.yaml': 'x: 1\n',
  });
  return { root, first, second };
}

describe('ContentRegistry', () => {
  it('loads every pack, keeps the broken ones with their errors, and lets a broken pack not stop the others', () => {
    const { first, second } = twoPathsWithPacks();
    const reg = new ContentRegistry();
    const packs = reg.loadAll([first, second, path.join(first, 'does-not-exist')]);
    expect(packs.map((p) => [p.ref, p.loaded])).toEqual([
      ['alpha', true],
      ['broken', false],
      ['beta', true],
    ]);
    expect(reg.actions().map((a) => a.ref)).toEqual(['alpha.run', 'beta.go']);
    expect(reg.action('beta.go')?.runner_type).toBe('local-shell-cmd');
    expect(reg.rules().map((r) => r.ref)).toEqual(['beta.r']);
    expect(reg.aliases().map((a) => a.ref)).toEqual(['beta.a']);
    expect(reg.sensors().map((s) => s.ref)).toEqual(['beta.S']);
    expect(reg.triggerTypes().map((t) => t.ref)).toEqual(['beta.tick']);
    expect(reg.policies().map((p) => p.ref)).toEqual(['beta.p']);
    expect(reg.packConfig('beta')).toEqual({ x: 1 });
    expect(reg.pack('broken')?.errors.length).toBeGreaterThan(0);
    const errors = reg.errors();
    expect(errors.filter((e) => e.pack === 'broken').map((e) => e.field)).toEqual(['description', 'version', 'author']);
    expect(errors.filter((e) => e.pack === 'beta')).toEqual([expect.objectContaining({ file: 'actions/bad.yaml', line: 2, field: 'runner_type' })]);
  });

  it('lets the earlier path win on a duplicate ref and says so in the warnings', () => {
    const { first, second } = twoPathsWithPacks();
    const reg = new ContentRegistry();
    reg.loadAll([first, second]);
    expect(reg.action('alpha.run')?.description).toBe('first');
    expect(reg.pack('alpha')?.path).toBe(path.join(first, 'alpha'));
    expect(reg.warnings()).toContainEqual(expect.objectContaining({ pack: 'alpha', message: expect.stringMatching(/ignored: the one in .*first.* came first/) }));
  });

  it('warns about references to actions no loaded pack declares', () => {
    const { first, second } = twoPathsWithPacks();
    const reg = new ContentRegistry();
    reg.loadAll([first, second]);
    expect(reg.warnings()).toContainEqual({ pack: 'beta', file: 'rules/r.yaml', field: 'action.ref', message: 'rule beta.r runs alpha.missing, which no loaded pack declares' });
    expect(reg.warnings().some((w) => w.field === 'trigger.type')).toBe(false);
  });

  it('reloads one pack after an edit, keeping the others', () => {
    const { first, second } = twoPathsWithPacks();
    const reg = new ContentRegistry();
    reg.loadAll([first, second]);
    fs.writeFileSync(path.join(second, 'beta', 'actions', 'bad.yaml'), 'name: bad\nrunner_type: noop\n');
    const reloaded = reg.reloadPack('beta');
    expect(reloaded.errors).toEqual([]);
    expect(reg.actions().map((a) => a.ref)).toEqual(['alpha.run', 'beta.bad', 'beta.go']);
    expect(reg.packs().map((p) => p.ref)).toEqual(['alpha', 'broken', 'beta']);
    try {
      reg.reloadPack('nope');
      expect.unreachable();
    } catch (err) {
      expect(isSquallError(err) && err.code).toBe('PACK_NOT_FOUND');
    }
  });

  it('loads site-wide aliases after the packs, under pack `default` unless the file names one', () => {
    const { root, first, second } = twoPathsWithPacks();
    const aliasesDir = path.join(root, 'aliases');
    writePack(root, 'aliases', {
      'hello.yaml': 'name: hello\naction_ref: beta.go\nformats: ["hello"]\n',
      'mine.yaml': 'name: mine\npack: ops\naction_ref: alpha.run\nformats: ["mine"]\n',
      'clash.yaml': 'name: a\npack: beta\naction_ref: beta.go\nformats: ["clash"]\n',
      'broken.yaml': 'name: broken\nformats: ["x"]\n',
    });
    const reg = new ContentRegistry();
    reg.loadAll([first, second], { aliasesDir });
    expect(reg.aliases().map((a) => a.ref)).toEqual(['beta.a', `${SITE_ALIAS_PACK}.hello`, 'ops.mine']);
    const siteErrors = reg.errors().filter((e) => e.file?.startsWith('aliases/'));
    expect(siteErrors.map((e) => [e.file, e.line, e.field])).toEqual([
      ['aliases/broken.yaml', 1, 'action_ref'],
      ['aliases/clash.yaml', 1, 'name'],
    ]);
  });

  it('loads the fixture packs side by side: the broken ones report, the good one works', () => {
    const reg = new ContentRegistry();
    reg.loadAll([FIXTURES]);
    expect(reg.pack('good_pack')?.errors).toEqual([]);
    expect(reg.action('good_pack.echo')).toBeDefined();
    expect(reg.action('broken_pack.ok')).toBeDefined();
    expect(reg.pack('broken_manifest')?.loaded).toBe(false);
  });
});
