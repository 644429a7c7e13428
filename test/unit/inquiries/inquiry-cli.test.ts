import { describe, expect, it } from 'vitest';
import type { App } from '../../../src/app.js';
import { parseArgs } from '../../../src/cli/args.js';
import type { CliEnv } from '../../../src/cli/command.js';
import { inquiryCommand } from '../../../src/cli/inquiry.js';
import { runCli } from '../../../src/cli/main.js';
import { SquallError } from '../../../src/errors/index.js';
import { inquiryWorld, type InquiryWorld } from './fixture.js';

function cliEnv(w: InquiryWorld): CliEnv {
  return { cwd: '/nonexistent', vars: {}, app: async () => ({ inquiries: w.inquiries, config: { systemUser: 'stanley' } }) as unknown as App };
}

async function inquiry(w: InquiryWorld, ...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await inquiryCommand.run(parseArgs(argv, inquiryCommand.booleanFlags ?? []), { out: (t) => out.push(t), err: (t) => out.push(t) }, cliEnv(w));
  return { code, out: out.join('\n') };
}

async function refused(p: Promise<unknown>): Promise<SquallError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(SquallError);
  return e as SquallError;
}

describe('squall inquiry', () => {
  it('list prints a table of pending inquiries, or JSON', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ route: 'ops', users: ['alice', 'bob'], ttl: 30 });
    const text = await inquiry(w, 'list');
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(/^id\s+action\s+route\s+users\s+roles\s+ttl\s+expires_at$/);
    expect(text.out).toMatch(new RegExp(`${e.id}\\s+core\\.ask\\s+ops\\s+alice, bob\\s+30\\s+\\d{4}-`));
    const listed = JSON.parse((await inquiry(w, 'list', '--json')).out) as { id: string; users: string[] }[];
    expect(listed).toMatchObject([{ id: e.id, users: ['alice', 'bob'], status: 'pending' }]);
  });

  it('get shows one inquiry with its schema', async () => {
    const w = inquiryWorld();
    const e = await w.ask();
    const text = (await inquiry(w, 'get', e.id)).out;
    expect(text).toContain(`id: ${e.id}`);
    expect(text).toContain('status: pending');
    expect(text).toContain('"continue"');
    expect(JSON.parse((await inquiry(w, 'get', e.id, '--json')).out)).toMatchObject({ id: e.id, ttl: 1440 });
    expect((await refused(inquiry(w, 'get', 'nope'))).code).toBe('INQUIRY_NOT_FOUND');
  });

  it('respond -r answers as --user (default: the system user), printing secrets masked', async () => {
    const w = inquiryWorld();
    const schema = { type: 'object', properties: { continue: { type: 'boolean', required: true }, pin: { type: 'string', secret: true } } };
    const e = await w.ask({ schema, users: ['alice'] });
    expect((await refused(inquiry(w, 'respond', e.id, '-r', '{"continue": true}'))).code).toBe('INQUIRY_FORBIDDEN');
    const r = await inquiry(w, 'respond', e.id, '-r', '{"continue": true, "pin": "4321"}', '--user', 'alice');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`response accepted for inquiry ${e.id}`);
    expect(r.out).toContain('"pin": "********"');
    expect(r.out).not.toContain('4321');
    expect(w.executions.get(e.id)!.status_reason).toBe('responded by alice via cli');
    const other = await w.ask();
    const json = JSON.parse((await inquiry(w, 'respond', other.id, '--response', '{"continue": false}', '--json')).out) as { status: string; response: unknown };
    expect(json).toMatchObject({ status: 'succeeded', response: { continue: false } });
    expect(w.executions.get(other.id)!.status_reason).toBe('responded by stanley via cli');
  });

  it('respond refuses a missing or broken -r and a response the schema rejects', async () => {
    const w = inquiryWorld();
    const e = await w.ask();
    expect((await refused(inquiry(w, 'respond', e.id))).message).toMatch(/needs the response as JSON/);
    const broken = await refused(inquiry(w, 'respond', e.id, '-r', '{continue: true'));
    expect(broken.code).toBe('USAGE');
    expect(broken.message).toMatch(/not valid JSON/);
    expect((await refused(inquiry(w, 'respond', e.id, '-r'))).message).toBe('-r needs a value');
    expect((await refused(inquiry(w, 'respond', '-r', '{}'))).code).toBe('USAGE');
    expect((await refused(inquiry(w, 'respond', e.id, '-r', '{"continue": 1}'))).code).toBe('INQUIRY_RESPONSE_INVALID');
    expect((await refused(inquiry(w, 'nope'))).message).toMatch(/expected list, get or respond/);
    expect(w.executions.get(e.id)!.status).toBe('pending');
  });

  it('is a verb of `squall`: errors print with their code and details, exit 1', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ users: ['alice'] });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await runCli(['inquiry', 'respond', e.id, '-r', '{"continue": true}', '--user', 'bob'], io, cliEnv(w));
    expect(code).toBe(1);
    expect(err.join('\n')).toBe(`INQUIRY_FORBIDDEN: bob may not respond to inquiry ${e.id}\n  users: bob is not one of alice`);
    expect(await runCli(['inquiry', 'respond', e.id, '-r', '{"continue": true}', '--user', 'alice'], io, cliEnv(w))).toBe(0);
    expect(await runCli(['inquiry', '--help'], io, cliEnv(w))).toBe(0);
    expect(out.join('\n')).toContain("squall inquiry respond <id> -r '<json>'");
  });
});
