import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, stopTestApps } from '../../helpers/app.js';
import { removeTempDirs, sensorFiles, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

describe('broken content', () => {
  afterAll(async () => {
    await stopTestApps();
    removeTempDirs();
  });

  it('starts with a broken pack next to a good one: the good rules work, the problems name file and line', async () => {
    const packsDir = tempPacksDir({
      broken: {
        'actions/bad.yaml': ['name: bad', 'runner_type: local-shell-cmd', 'parameters:', '  cmd:', '    default: [unclosed', '    immutable: true', ''].join('\n'),
        'actions/fine.yaml': shellCmdAction('fine', 'echo fine'),
        'rules/bad_rule.yaml': 'name: bad_rule\ntrigger: {type: core.st2.webhook\naction: {ref: broken.fine}\n',
      },
      good: {
        ...sensorFiles('Feed', [{ name: 'item', payload_schema: { type: 'object', properties: { title: { type: 'string' } } } }]),
        'actions/store_title.yaml': shellCmdAction('store_title', `printf '%s' "$1"`, { parameters: { title: { type: 'string', position: 0 } } }),
        'rules/on_item.yaml': {
          name: 'on_item',
          pack: 'good',
          enabled: true,
          trigger: { type: 'good.item' },
          criteria: { 'trigger.title': { type: 'icontains', pattern: 'NEWS' } },
          action: { ref: 'good.store_title', parameters: { title: '{{ trigger.title }}' } },
        },
      },
    });
    const { app } = await startTestApp({ packsDir });

    const yamlProblem = app.problems.find((p) => p.file === 'actions/bad.yaml');
    // The flow sequence opened on line 5 is found unclosed where the file ends (line 6).
    expect(yamlProblem?.line).toBeGreaterThanOrEqual(5);
    expect(yamlProblem?.line).toBeLessThanOrEqual(6);
    expect(yamlProblem?.message).toMatch(/YAML/);
    expect(app.problems.find((p) => p.file === 'rules/bad_rule.yaml')?.line).toBe(3);
    expect(app.problems.every((p) => ['actions/bad.yaml', 'rules/bad_rule.yaml'].includes(p.file ?? ''))).toBe(true);
    expect(app.content.action('broken.bad')).toBeUndefined();

    const instance = app.triggers.dispatch('good.item', { title: 'Latest news' });
    await app.idle();
    const [execution] = app.executions.list({ triggerInstance: instance.id });
    expect(execution?.status).toBe('succeeded');
    expect((execution!.result as { stdout: string }).stdout).toBe('Latest news');
  });
});
