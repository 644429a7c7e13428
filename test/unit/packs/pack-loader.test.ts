import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../../src/errors/index.js';
import { loadPack } from '../../../src/packs/pack-loader.js';
import { FIXTURES, manifest, tempDir, writePack } from './pack-fixture.js';

const good = () => loadPack(path.join(FIXTURES, 'good_pack'));
const broken = () => loadPack(path.join(FIXTURES, 'broken_pack'));

function errorsIn(errors: ErrorDetail[], file: string): ErrorDetail[] {
  return errors.filter((e) => e.file === file);
}

describe('loadPack on a pack using every kind of content', () => {
  it('loads everything without errors and normalises the metadata', () => {
    const p = good();
    expect(p.errors).toEqual([]);
    expect(p.loaded).toBe(true);
    expect(p.ref).toBe('good_pack');
    // `version: 0.2` is a YAML number; StackStorm reads it as "0.2" and normalises it to 0.2.0
    expect(p.pack).toMatchObject({ ref: 'good_pack', name: 'good_pack', version: '0.2.0', python_versions: ['3'] });
    expect(p.actions.map((a) => a.ref)).toEqual(['good_pack.echo', 'good_pack.flow', 'good_pack.greet', 'good_pack.py_thing']);
    expect(p.rules.map((r) => r.ref)).toEqual(['good_pack.on_event', 'good_pack.on_hook']);
    expect(p.aliases.map((a) => a.ref)).toEqual(['good_pack.greet']);
    expect(p.sensors.map((s) => s.ref)).toEqual(['good_pack.Watcher']);
    expect(p.triggerTypes.map((t) => t.ref).sort()).toEqual(['good_pack.change', 'good_pack.event']);
    expect(p.policies.map((x) => x.ref)).toEqual(['good_pack.echo_retry']);
  });

  it('treats actions/workflows as entry points, not as action metadata', () => {
    const flow = good().actions.find((a) => a.name === 'flow')!;
    expect(flow.entry_point).toBe('workflows/flow.yaml');
    const p = good();
    expect(p.actions).toHaveLength(4);
    expect([...p.errors, ...p.warnings].some((d) => d.file?.includes('workflows'))).toBe(false);
  });

  it('marks actions on known but unrunnable runners unavailable with a reason', () => {
    const byName = Object.fromEntries(good().actions.map((a) => [a.name, a]));
    expect(byName.echo).toMatchObject({ available: true, runner_type: 'local-shell-cmd', enabled: true, pack_path: path.join(FIXTURES, 'good_pack') });
    expect(byName.py_thing).toMatchObject({ available: false, unavailable_reason: 'runner python-script not available' });
    // orquesta workflows run now: only runners Squall lacks are unavailable.
    expect(byName.flow?.available).not.toBe(false);
    const custom = loadPack(path.join(FIXTURES, 'good_pack'), { availableRunners: new Set(['python-script']) });
    expect(custom.actions.find((a) => a.name === 'py_thing')!.available).toBe(true);
    expect(custom.actions.find((a) => a.name === 'echo')!.available).toBe(false);
  });

  it('normalises rules, aliases, sensors and policies', () => {
    const p = good();
    const hook = p.rules.find((r) => r.name === 'on_hook')!;
    expect(hook).toMatchObject({ enabled: true, type: 'standard', trigger: { type: 'core.st2.webhook', parameters: { url: 'good' } }, action: { ref: 'good_pack.echo' } });
    expect(hook.source?.file).toBe(path.join(FIXTURES, 'good_pack/rules/on_hook.yaml'));
    // StackStorm's rule `enabled` defaults to false; `type.ref: backstop` is kept
    expect(p.rules.find((r) => r.name === 'on_event')).toMatchObject({ enabled: false, type: 'backstop', action: { parameters: {} } });
    expect(p.aliases[0]!.formats).toEqual([
      { display: 'greet {{ who }}', representation: ['greet {{ who }}'] },
      { display: 'say hello to <who>', representation: ['say hello to {{ who }}', 'hello {{ who }}'] },
    ]);
    expect(p.sensors[0]).toMatchObject({ class_name: 'Watcher', entry_point: 'watcher.js', poll_interval: 30, enabled: true });
    expect(p.sensors[0]!.trigger_types[0]).toMatchObject({ ref: 'good_pack.change', pack: 'good_pack', payload_schema: { type: 'object' } });
    expect(p.policies[0]!.parameters).toEqual({ retry_on: 'failure', max_retry_count: 2, delay: 0 });
  });
});

describe('loadPack on broken content', () => {
  it('loads the good file and skips every broken one', () => {
    const p = broken();
    expect(p.loaded).toBe(true);
    expect(p.actions.map((a) => a.ref)).toEqual(['broken_pack.ok']);
    expect(p.rules).toEqual([]);
    expect(p.aliases).toEqual([]);
    expect(p.sensors).toEqual([]);
    expect(p.policies).toEqual([]);
  });

  it('reports YAML syntax errors, empty files and multi-document files with file and line', () => {
    const p = broken();
    expect(errorsIn(p.errors, 'actions/bad_yaml.yaml')).toEqual([expect.objectContaining({ line: 6, message: expect.stringMatching(/YAML syntax error/) })]);
    expect(errorsIn(p.errors, 'actions/empty.yaml')).toEqual([expect.objectContaining({ message: 'file is empty' })]);
    expect(errorsIn(p.errors, 'actions/two_docs.yaml')).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/2 YAML documents/) })]);
  });

  it('reports every schema error of a file at once, each with line and field', () => {
    const found = errorsIn(broken().errors, 'actions/schema_errors.yaml').map((e) => ({ line: e.line, field: e.field }));
    expect(found).toEqual([
      { line: 3, field: 'enabled' },
      { line: 8, field: 'parameters.count.type' },
      { line: 9, field: 'parameters.count.required' },
      { line: 10, field: 'parameters.bad-name' },
      { line: 14, field: 'parameters.where.position' },
      { line: 15, field: 'parameters.where.colour' },
      { line: 16, field: 'unknown_top' },
    ]);
    const top = errorsIn(broken().errors, 'actions/schema_errors.yaml').find((e) => e.field === 'unknown_top')!;
    expect(top.message).toMatch(/unknown key \(allowed: name, description, enabled, runner_type/);
  });

  it('reports a missing entry point, an unknown runner, illegal runner overrides and a foreign pack field', () => {
    const p = broken();
    expect(errorsIn(p.errors, 'actions/missing_entry.yaml')).toEqual([{ file: 'actions/missing_entry.yaml', line: 3, field: 'entry_point', message: 'file actions/nowhere.sh does not exist' }]);
    expect(errorsIn(p.errors, 'actions/unknown_runner.yaml')).toEqual([expect.objectContaining({ line: 2, field: 'runner_type', message: expect.stringMatching(/^unknown runner "teleport"/) })]);
    const overrides = errorsIn(p.errors, 'actions/bad_override.yaml');
    expect(overrides.map((e) => [e.line, e.field])).toEqual([
      [7, 'parameters.timeout.type'],
      [11, 'parameters.sudo.secret'],
    ]);
    expect(overrides[0]!.message).toMatch(/cannot override "type" of runner parameter "timeout"/);
    expect(errorsIn(p.errors, 'actions/wrong_pack.yaml')).toEqual([expect.objectContaining({ line: 2, field: 'pack' })]);
  });

  it('checks rules, aliases, sensors and policies too', () => {
    const p = broken();
    expect(errorsIn(p.errors, 'rules/bad_rule.yaml').map((e) => [e.line, e.field])).toEqual([
      [5, 'trigger.parameters.url'],
      [5, 'trigger.parameters.uri'],
      [8, 'criteria.trigger.x.type'],
      [11, 'action.ref'],
    ]);
    expect(errorsIn(p.errors, 'aliases/bad_alias.yaml').map((e) => e.field)).toEqual(['formats[0].representation', 'formats[1]']);
    expect(errorsIn(p.errors, 'sensors/bad_sensor.yaml')).toEqual([expect.objectContaining({ line: 4, field: 'trigger_types[0].name', message: 'is required' })]);
    expect(errorsIn(p.errors, 'policies/bad_policy.yaml')).toEqual([expect.objectContaining({ line: 5, field: 'parameters.threshold' })]);
  });

  it('fails the whole pack when pack.yaml is broken, reporting every problem in it', () => {
    const p = loadPack(path.join(FIXTURES, 'broken_manifest'));
    expect(p.loaded).toBe(false);
    expect(p.ref).toBe('broken_manifest');
    expect(p.actions).toEqual([]);
    expect(p.errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ['pack.yaml', 1, 'author'],
      ['pack.yaml', 3, 'version'],
      ['pack.yaml', 4, 'colour'],
    ]);
    expect(p.errors.find((e) => e.field === 'version')!.message).toBe('"one" is not a semantic version such as 1.0.0');
  });
});

describe('loadPack rules from StackStorm', () => {
  it('uses `ref` when given, else `name`, which must then be a valid ref', () => {
    const root = tempDir();
    const withRef = writePack(root, 'nice', { 'pack.yaml': 'ref: nice\nname: Nice Pack\ndescription: d\nversion: 1.0.0\nauthor: a\n' });
    expect(loadPack(withRef).ref).toBe('nice');
    const badName = writePack(root, 'bad', { 'pack.yaml': 'name: Bad Pack\ndescription: d\nversion: 1.0.0\nauthor: a\n' });
    const r = loadPack(badName);
    expect(r.loaded).toBe(false);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'pack.yaml', line: 1, field: 'name', message: expect.stringMatching(/add a "ref"/) })]);
    const noManifest = loadPack(writePack(root, 'empty', { 'README.md': 'x' }));
    expect(noManifest.errors[0]!.message).toMatch(/has no pack.yaml/);
  });

  it('skips a workflow YAML that sits in actions/ when an action names it as entry point, and warns about orphans', () => {
    const dir = writePack(tempDir(), 'wf', {
      'pack.yaml': manifest('wf'),
      'actions/main.yaml': 'name: main\nrunner_type: orquesta\nentry_point: main_flow.yaml\n',
      'actions/main_flow.yaml': 'version: 1.0\ntasks:\n  a:\n    action: core.noop\n',
      'actions/orphan_flow.yaml': 'version: 1.0\ntasks:\n  a:\n    action: core.noop\n',
    });
    const p = loadPack(dir);
    expect(p.errors).toEqual([]);
    expect(p.actions.map((a) => a.name)).toEqual(['main']);
    expect(p.warnings).toEqual([expect.objectContaining({ file: 'actions/orphan_flow.yaml', message: expect.stringMatching(/workflow definition/) })]);
  });

  it('checks positions, immutable defaults and runner-immutable parameters', () => {
    const dir = writePack(tempDir(), 'params', {
      'pack.yaml': manifest('params'),
      'actions/a.yaml': [
        'name: a',
        'runner_type: remote-shell-cmd',
        'parameters:',
        '  one: {type: string, position: 0}',
        '  two: {type: string, position: 0}',
        '  frozen: {type: string, immutable: true}',
        '  dir: {default: /x, immutable: true}',
        '  cmd: {immutable: true}',
        '',
      ].join('\n'),
      'actions/entry_outside.yaml': 'name: entry_outside\nrunner_type: local-shell-script\nentry_point: ../../etc/passwd\n',
      'actions/no_entry.yaml': 'name: no_entry\nrunner_type: python-script\n',
    });
    const errors = loadPack(dir).errors;
    expect(errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ['actions/a.yaml', 5, 'parameters.two.position'],
      ['actions/a.yaml', 6, 'parameters.frozen.immutable'],
      ['actions/a.yaml', 7, 'parameters.dir.immutable'],
      ['actions/a.yaml', 8, 'parameters.cmd.immutable'],
      ['actions/entry_outside.yaml', 3, 'entry_point'],
      ['actions/no_entry.yaml', 2, 'runner_type'],
    ]);
    expect(errors[0]!.message).toMatch(/same position 0/);
    expect(errors[2]!.message).toMatch(/declared immutable by the runner/);
    expect(errors[4]!.message).toMatch(/outside the pack/);
    expect(errors[5]!.message).toBe('runner python-script needs an entry_point file');
  });

  it('uses the runnerParameters and knownRunners options', () => {
    const dir = writePack(tempDir(), 'opts', {
      'pack.yaml': manifest('opts'),
      'actions/a.yaml': 'name: a\nrunner_type: custom\nparameters:\n  level:\n    type: string\n',
    });
    const p = loadPack(dir, {
      knownRunners: new Set(['custom']),
      availableRunners: new Set(['custom']),
      runnerParameters: (r) => (r === 'custom' ? { level: { type: 'integer' } } : undefined),
    });
    expect(p.errors).toEqual([expect.objectContaining({ line: 5, field: 'parameters.level.type' })]);
  });

  it('refuses two items with the same ref in one pack and duplicate trigger types', () => {
    const dir = writePack(tempDir(), 'dup', {
      'pack.yaml': manifest('dup'),
      'actions/a.yaml': 'name: same\nrunner_type: noop\n',
      'actions/b.yaml': 'name: same\nrunner_type: noop\n',
      'triggers/t.yaml': 'name: tick\n',
      'sensors/s.yaml': 'class_name: S\nentry_point: s.js\ntrigger_types:\n  - name: tick\n',
      'sensors/s.js': '',
    });
    const p = loadPack(dir);
    expect(p.actions).toHaveLength(1);
    expect(p.errors.map((e) => [e.file, e.line, e.field])).toEqual([
      ['actions/b.yaml', 1, 'name'],
      ['sensors/s.yaml', 4, 'trigger_types[0].name'],
    ]);
  });

  it('checks rule trigger parameters against the pack’s own trigger types and warns about uncheckable schemas', () => {
    const dir = writePack(tempDir(), 'trig', {
      'pack.yaml': manifest('trig'),
      'triggers/level.yaml': 'name: level\nparameters_schema:\n  type: object\n  properties:\n    n: {type: integer}\n  additionalProperties: false\n',
      'triggers/legacy.yaml': 'name: legacy\npayload_schema:\n  type: object\n  properties:\n    a: {type: string, required: true}\n',
      'rules/r.yaml': 'name: r\ntrigger:\n  type: trig.level\n  parameters:\n    n: high\naction:\n  ref: core.noop\n',
    });
    const p = loadPack(dir);
    expect(p.errors).toEqual([expect.objectContaining({ file: 'rules/r.yaml', line: 5, field: 'trigger.parameters.n', message: 'must be integer' })]);
    expect(p.warnings).toEqual([expect.objectContaining({ file: 'triggers/legacy.yaml', line: 3, field: 'payload_schema' })]);
    expect(p.triggerTypes.map((t) => t.ref)).toEqual(['trig.legacy', 'trig.level']);
  });

  it('warns on unknown keys nested inside parameter schemas instead of failing (real packs have typos there)', () => {
    const dir = writePack(tempDir(), 'nested', {
      'pack.yaml': manifest('nested'),
      'actions/a.yaml': 'name: a\nrunner_type: noop\nparameters:\n  data:\n    type: object\n    properties:\n      teams:\n        type: array\n        item:\n          type: object\n',
    });
    const p = loadPack(dir);
    expect(p.errors).toEqual([]);
    expect(p.warnings).toEqual([expect.objectContaining({ line: 9, field: 'parameters.data.properties.teams.item' })]);
  });

  it('reads .yml and .json content files and ignores other files', () => {
    const dir = writePack(tempDir(), 'exts', {
      'pack.yaml': manifest('exts'),
      'actions/a.yml': 'name: a\nrunner_type: noop\n',
      'actions/b.json': '{"name": "b", "runner_type": "noop"}',
      'actions/notes.txt': 'not content',
      'actions/.hidden.yaml': 'broken: [',
    });
    expect(loadPack(dir).actions.map((a) => a.name)).toEqual(['a', 'b']);
    fs.rmSync(dir, { recursive: true });
  });
});
