import { describe, expect, it } from 'vitest';
import { ackMessage, formatDuration, resultMessage } from '../../../src/chat/alias-messages.js';
import { JinjaRenderer } from '../../../src/expressions/jinja.js';
import type { AliasMeta, Execution } from '../../../src/model/index.js';

const renderer = new JinjaRenderer();

function alias(fields: Partial<AliasMeta> = {}): AliasMeta {
  return {
    ref: 'demo.deploy',
    pack: 'demo',
    name: 'deploy',
    enabled: true,
    action_ref: 'demo.deploy_app',
    formats: [{ display: 'deploy {{app}}', representation: ['deploy {{app}}'] }],
    source: { file: '/tmp/demo/aliases/deploy.yaml' },
    ...fields,
  };
}

function execution(fields: Partial<Execution> = {}): Execution {
  return {
    id: 'e1',
    action: { ref: 'demo.deploy_app', runner_type: 'local-shell-cmd', pack: 'demo', name: 'deploy_app' },
    parameters: { app: 'web', password: '********' },
    status: 'succeeded',
    start_timestamp: '2026-01-01T00:00:00.000Z',
    elapsed_ms: 1500,
    result: { stdout: 'deployed web\n', stderr: '', return_code: 0, succeeded: true },
    context: { user: 'stanley' },
    children: [],
    log: [],
    ...fields,
  };
}

describe('ackMessage', () => {
  it('defaults to StackStorm-like text with the execution id and the command that shows it', () => {
    expect(ackMessage(renderer, alias(), execution())?.text).toBe("I'll take it from here! Your execution ID for reference is e1.\nDetails: squall execution get e1");
  });

  it('renders ack.format with execution and actionalias, leniently', () => {
    const a = alias({ ack: { format: 'Deploying {{ execution.parameters.app }} via {{ actionalias.ref }}{{ nothing }}', append_url: false } });
    expect(ackMessage(renderer, a, execution())?.text).toBe('Deploying web via demo.deploy');
  });

  it('says when ack.format cannot be rendered, as StackStorm does', () => {
    const a = alias({ ack: { format: '{{ execution.parameters.app | no_such_filter }}', append_url: false } });
    expect(ackMessage(renderer, a, execution())?.text).toMatch(/^Cannot render "format" in field "ack" for alias\. .+/);
  });

  it('is off when ack.enabled is false', () => {
    expect(ackMessage(renderer, alias({ ack: { enabled: false } }), execution())).toBeUndefined();
  });

  it('never shows a secret, even when the template asks for it', () => {
    const a = alias({ ack: { format: 'token={{ execution.result.token }} pw={{ execution.parameters.password }}', append_url: false } });
    const text = ackMessage(renderer, a, execution({ result: { token: 'xoxb-real-secret' } }))?.text;
    expect(text).toBe('token=******** pw=********');
  });
});

describe('resultMessage', () => {
  it('defaults to action, status, time taken and the output as code', () => {
    const m = resultMessage(renderer, alias(), execution());
    expect(m).toEqual({ title: 'demo.deploy_app succeeded', text: 'Took 1.5 s. Execution e1.', code: 'deployed web', color: 'good' });
  });

  it('shows stderr and the error of a failed execution', () => {
    const m = resultMessage(renderer, undefined, execution({ status: 'failed', result: { stdout: 'a', stderr: 'boom', return_code: 1, error: 'exit 1' } }));
    expect(m).toMatchObject({ title: 'demo.deploy_app failed', code: 'a\nboom', color: 'danger' });
    expect(m?.text).toContain('exit 1');
  });

  it('renders result.format with execution and alias, and extra for the adapters', () => {
    const a = alias({ result: { format: '{{ alias.name }}: {{ execution.result.stdout }}', extra: { slack: { color: '{{ execution.status }}' } } } });
    expect(resultMessage(renderer, a, execution())).toEqual({ text: 'deploy: deployed web\n', color: 'good', extra: { slack: { color: 'succeeded' } } });
  });

  it('splits on {~}: plain text before, body after; a trailing marker keeps it all plain', () => {
    const a = alias({ result: { format: 'Done!{~}{{ execution.result.stdout }}' } });
    expect(resultMessage(renderer, a, execution())).toMatchObject({ title: 'Done!', text: 'deployed web\n' });
    const plain = alias({ result: { format: 'All plain{~}' } });
    expect(resultMessage(renderer, plain, execution())).toMatchObject({ text: 'All plain' });
  });

  it('is off when result.enabled is false', () => {
    expect(resultMessage(renderer, alias({ result: { enabled: false } }), execution())).toBeUndefined();
  });

  it('masks secret-named result fields in the default output', () => {
    const m = resultMessage(renderer, undefined, execution({ result: { result: { api_key: 'k-123', ok: true } }, action: { ref: 'demo.js', runner_type: 'nodejs', pack: 'demo', name: 'js' } }));
    expect(m?.code).toContain('"api_key": "********"');
    expect(m?.code).not.toContain('k-123');
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [1234, '1.2 s'],
    [185_000, '3 min 5 s'],
  ])('%d ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
