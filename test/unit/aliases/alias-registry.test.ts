import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { AliasMatchError } from '../../../src/aliases/match-error.js';
import { startTestApp, stopTestApps, waitForStatus } from '../../helpers/app.js';
import { removeTempDirs, shellCmdAction, tempPacksDir } from '../../helpers/temp-pack.js';

afterEach(stopTestApps);
afterAll(removeTempDirs);

const SAY = shellCmdAction('say', 'printf "%s|%s|%s|%s" "{{ message }}" "{{ hosts | join(\',\') }}" "{{ stage }}" "{{ who }}"', {
  parameters: { message: { type: 'string', required: true }, hosts: { type: 'array' }, stage: { type: 'string' }, who: { type: 'string' }, count: { type: 'integer' } },
});

function chatPack(): string {
  return tempPacksDir({
    chat: {
      'actions/say.yaml': SAY,
      'aliases/say.yaml': {
        name: 'say',
        pack: 'chat',
        action_ref: 'chat.say',
        description: 'Say something to some hosts',
        formats: ['say {{message}} to {{hosts}}'],
        immutable_parameters: { stage: '{{ "dev" + "1" }}', who: '{{ action_context.api_user }}' },
      },
      'aliases/count.yaml': { name: 'count', pack: 'chat', action_ref: 'chat.say', formats: [{ display: 'count {{count}}', representation: ['count {{count}}'] }] },
      'aliases/disabled.yaml': { name: 'disabled', pack: 'chat', action_ref: 'chat.say', enabled: false, formats: ['count {{n}}'] },
    },
  });
}

describe('AliasRegistry in the app', () => {
  it('matches chat text and runs the action: chat values stay data, immutable parameters render as templates', async () => {
    const { app } = await startTestApp({ packsDir: chatPack() });
    expect(app.problems).toEqual([]);
    expect(app.aliases.list().map((a) => a.ref)).toEqual(['chat.count', 'chat.disabled', 'chat.say']);
    const [match, ...more] = app.aliases.match('say hi {{ 7 * 7 }} to web1, web2');
    expect(more).toEqual([]);
    expect(match!.params).toEqual({ message: 'hi {{ 7 * 7 }}', hosts: ['web1', 'web2'] });

    const target = { platform: 'slack', channel: 'C1', thread: '171.2', user: 'U1' };
    const request = app.aliases.aliasExecutionRequest(match!, { target, apiUser: 'alice', traceTag: 'corr-1' });
    expect(request).toEqual({
      ref: 'chat.say',
      parameters: { message: 'hi {{ 7 * 7 }}', hosts: ['web1', 'web2'], stage: '{{ "dev" + "1" }}', who: '{{ action_context.api_user }}' },
      context: { action_alias_ref: 'chat.say', api_user: 'alice', chat: target, source: 'chat', trace_tag: 'corr-1' },
      trustedTemplates: ['stage', 'who'],
    });

    const execution = app.executor.request(request);
    const done = await waitForStatus(app, execution.id, 'succeeded');
    expect(done.parameters).toMatchObject({ message: 'hi {{ 7 * 7 }}', hosts: ['web1', 'web2'], stage: 'dev1', who: 'alice' });
    expect((done.result as { stdout: string }).stdout).toBe('hi {{ 7 * 7 }}|web1,web2|dev1|alice');
    expect(done.context).toMatchObject({ action_alias_ref: 'chat.say', api_user: 'alice', chat: target, source: 'chat' });
  });

  it('a request without immutable parameters trusts no template; the pipeline casts the strings', async () => {
    const { app } = await startTestApp({ packsDir: chatPack() });
    const [match] = app.aliases.match('count 42');
    const request = app.aliases.aliasExecutionRequest(match!, { target: { platform: 'console', channel: 'local' }, apiUser: 'bob', user: 'ops' });
    expect(request.trustedTemplates).toBe(false);
    expect(request.context).toMatchObject({ user: 'ops', api_user: 'bob' });
    const execution = app.executor.request({ ...request, parameters: { ...request.parameters, message: 'm', hosts: ['h'] } });
    expect(execution.parameters.count).toBe(42);
  });

  it('refuses the immutable override and unknown commands with suggestions; help lists enabled aliases', async () => {
    const { app } = await startTestApp({ packsDir: chatPack() });
    expect(() => app.aliases.match('say x to y stage=prod')).toThrow(/Immutable arguments cannot be overridden: stage/);
    const err = (() => {
      try {
        app.aliases.match('sya hello to web1');
      } catch (e) {
        return e as AliasMatchError;
      }
      throw new Error('matched');
    })();
    expect(err.code).toBe('ALIAS_NO_MATCH');
    expect(err.suggestions).toEqual(['say {{message}} to {{hosts}}']);
    const help = app.aliases.help({ query: 'SAY' });
    expect(help).toEqual({
      available: 1,
      offset: 0,
      limit: 0,
      groups: [{ pack: 'chat', entries: [{ pack: 'chat', alias: 'chat.say', display: 'say {{message}} to {{hosts}}', description: 'Say something to some hosts' }] }],
    });
  });

  it('reload picks up changed aliases and reports overlaps as warnings', async () => {
    const packs = chatPack();
    const { app } = await startTestApp({ packsDir: packs });
    expect(app.aliases.warnings()).toEqual([]);
    writeFileSync(path.join(packs, 'chat', 'aliases', 'twin.yaml'), YAML.stringify({ name: 'twin', pack: 'chat', action_ref: 'chat.say', formats: ['count {{other}}'] }));
    app.reload();
    expect(app.aliases.warnings()).toMatchObject([{ kind: 'ambiguous', alias: 'chat.count' }]);
    expect(app.problems).toEqual([expect.objectContaining({ field: 'formats[0].representation[0]', message: expect.stringContaining('alias chat.count: "count sample" is matched by chat.count') })]);
    expect(() => app.aliases.match('count 1')).toThrow(/matched more than 1 pattern equally well: chat.count, chat.twin/);
  });
});
