import { describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { MASKED } from '../../../src/util/mask.js';
import { inquiryWorld, MINUTE } from './fixture.js';

function refusal(fn: () => unknown): SquallError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SquallError);
    return err as SquallError;
  }
  throw new Error('expected a refusal');
}

describe('InquiryService: list and get', () => {
  it('lists pending inquiries only, newest first, with StackStorm fields and a deadline', async () => {
    const w = inquiryWorld();
    const first = await w.ask({ route: 'ops', users: ['alice'] });
    w.clock.advance(1000);
    const second = await w.ask({ ttl: 0 });
    w.other();
    expect(w.inquiries.list().map((q) => q.id)).toEqual([second.id, first.id]);
    const q = w.inquiries.get(first.id);
    expect(q).toMatchObject({ id: first.id, action: 'core.ask', status: 'pending', route: 'ops', users: ['alice'], roles: [], ttl: 1440 });
    expect(q.expires_at).toBe(new Date(Date.parse(first.start_timestamp) + 1440 * MINUTE).toISOString());
    expect(w.inquiries.get(second.id).expires_at).toBeUndefined();
  });

  it('get refuses ids that are not inquiries', () => {
    const w = inquiryWorld();
    expect(refusal(() => w.inquiries.get('nope')).code).toBe('INQUIRY_NOT_FOUND');
    expect(refusal(() => w.inquiries.get(w.other().id)).code).toBe('INQUIRY_NOT_FOUND');
  });
});

describe('InquiryService: respond', () => {
  it('answers: the execution succeeds with result.response, the event carries the response and responder', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ route: 'ops' });
    const answered = w.inquiries.respond(e.id, { continue: true }, { user: 'alice', via: 'chat' });
    expect(answered.status).toBe('succeeded');
    const stored = w.executions.get(e.id)!;
    expect(stored.status).toBe('succeeded');
    expect(stored.result).toMatchObject({ route: 'ops', ttl: 1440, users: [], roles: [], response: { continue: true } });
    expect(stored.status_reason).toBe('responded by alice via chat');
    expect(w.inquiries.list()).toEqual([]);
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'responded', response: { continue: true }, responder: { user: 'alice', via: 'chat' } });
    expect(w.inquiries.clearResponse(e.id)).toEqual({ continue: true });
  });

  it('the status event of the execution is what a waiting parent sees (pending → succeeded)', async () => {
    const w = inquiryWorld();
    const parent = w.other();
    const e = await w.ask({}, { parent: parent.id });
    const seen: string[] = [];
    w.executions.on((ev) => {
      if (ev.type === 'status') seen.push(`${ev.execution.parent}:${ev.previous}->${ev.execution.status}:${JSON.stringify((ev.execution.result as { response?: unknown }).response)}`);
    });
    w.inquiries.respond(e.id, { continue: false }, { user: 'bob' });
    expect(seen).toEqual([`${parent.id}:pending->succeeded:{"continue":false}`]);
    expect(w.inquiries.get(e.id).parent).toBe(parent.id);
  });

  it('fills schema defaults before validating', async () => {
    const w = inquiryWorld();
    const schema = { type: 'object', properties: { continue: { type: 'boolean', required: true }, reason: { type: 'string', default: 'no reason given' }, count: { type: 'integer', default: 3 } } };
    const e = await w.ask({ schema });
    w.inquiries.respond(e.id, { continue: true, count: null }, { user: 'alice' });
    expect((w.executions.get(e.id)!.result as { response: unknown }).response).toEqual({ continue: true, reason: 'no reason given', count: 3 });
  });

  it('refuses a response that does not match, naming every bad field, and leaves the inquiry pending', async () => {
    const w = inquiryWorld();
    const schema = { type: 'object', properties: { continue: { type: 'boolean', required: true }, ticket: { type: 'string', pattern: '^T-\\d+$' }, size: { type: 'string', enum: ['s', 'm'] } }, additionalProperties: false };
    const e = await w.ask({ schema });
    const err = refusal(() => w.inquiries.respond(e.id, { ticket: 'nope', size: 'xl', extra: 1 }, { user: 'alice' }));
    expect(err.code).toBe('INQUIRY_RESPONSE_INVALID');
    expect(err.details.map((d) => d.field).sort()).toEqual(['response.continue', 'response.extra', 'response.size', 'response.ticket']);
    expect(err.message).toContain('response.continue is required');
    expect(w.executions.get(e.id)!.status).toBe('pending');
    // The default schema needs `continue` as a boolean.
    const d = await w.ask();
    expect(refusal(() => w.inquiries.respond(d.id, { continue: 'yes' }, { user: 'alice' })).details).toEqual([{ field: 'response.continue', message: 'must be boolean' }]);
    expect(refusal(() => w.inquiries.respond(d.id, 'yes', { user: 'alice' })).code).toBe('INQUIRY_RESPONSE_INVALID');
  });

  it('refuses unknown ids and executions that are not inquiries', () => {
    const w = inquiryWorld();
    expect(refusal(() => w.inquiries.respond('nope', {}, { user: 'alice' })).code).toBe('INQUIRY_NOT_FOUND');
    expect(refusal(() => w.inquiries.respond(w.other().id, {}, { user: 'alice' })).code).toBe('INQUIRY_NOT_FOUND');
  });

  it('refuses a second answer and an inquiry no longer pending', async () => {
    const w = inquiryWorld();
    const e = await w.ask();
    w.inquiries.respond(e.id, { continue: true }, { user: 'alice' });
    const again = refusal(() => w.inquiries.respond(e.id, { continue: false }, { user: 'alice' }));
    expect(again.code).toBe('INQUIRY_ALREADY_ANSWERED');
    expect(again.message).toContain('is succeeded, not pending');
    const c = await w.ask();
    w.executions.transition(c.id, 'canceled');
    expect(refusal(() => w.inquiries.respond(c.id, { continue: true }, { user: 'alice' })).code).toBe('INQUIRY_ALREADY_ANSWERED');
  });

  it('users: only a listed user may answer', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ users: ['alice', 'bob'] });
    const err = refusal(() => w.inquiries.respond(e.id, { continue: true }, { user: 'mallory' }));
    expect(err.code).toBe('INQUIRY_FORBIDDEN');
    expect(err.details).toEqual([{ field: 'users', message: 'mallory is not one of alice, bob' }]);
    expect(refusal(() => w.inquiries.respond(e.id, { continue: true }, { user: '' })).code).toBe('INQUIRY_FORBIDDEN');
    expect(w.inquiries.respond(e.id, { continue: true }, { user: 'bob' }).status).toBe('succeeded');
  });

  it('roles: checked through rolesOf (or the roles given), and together with users', async () => {
    const roles: Record<string, string[]> = { alice: ['ops'], bob: ['dev'], carol: ['ops'] };
    const w = inquiryWorld({ rolesOf: (u) => roles[u] ?? [] });
    const e = await w.ask({ roles: ['ops', 'admin'] });
    expect(refusal(() => w.inquiries.respond(e.id, { continue: true }, { user: 'bob' })).details).toEqual([{ field: 'roles', message: 'bob holds none of the roles ops, admin' }]);
    expect(refusal(() => w.inquiries.respond(e.id, { continue: true }, { user: 'alice', roles: ['dev'] })).code).toBe('INQUIRY_FORBIDDEN');
    expect(w.inquiries.respond(e.id, { continue: true }, { user: 'bob', roles: ['admin'] }).status).toBe('succeeded');
    // Both lists set: the responder must be listed and hold a role.
    const both = await w.ask({ roles: ['ops'], users: ['alice'] });
    expect(refusal(() => w.inquiries.respond(both.id, { continue: true }, { user: 'carol' })).details.map((d) => d.field)).toEqual(['users']);
    expect(w.inquiries.respond(both.id, { continue: true }, { user: 'alice' }).status).toBe('succeeded');
  });

  it('roles without any role source pass (StackStorm without RBAC); empty lists admit anyone', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ roles: ['ops'] });
    expect(w.inquiries.respond(e.id, { continue: true }, { user: 'anyone' }).status).toBe('succeeded');
  });

  it('checks in order: forbidden before an invalid response, expired before forbidden', async () => {
    const w = inquiryWorld({ start: false });
    const e = await w.ask({ users: ['alice'], ttl: 1 });
    expect(refusal(() => w.inquiries.respond(e.id, { continue: 'x' }, { user: 'mallory' })).code).toBe('INQUIRY_FORBIDDEN');
    w.clock.advance(MINUTE);
    expect(refusal(() => w.inquiries.respond(e.id, { continue: 'x' }, { user: 'mallory' })).code).toBe('INQUIRY_EXPIRED');
  });

  it('masks secret schema members in the stored result; the clear response goes to listeners and stays encrypted at rest', async () => {
    const w = inquiryWorld();
    const schema = { type: 'object', properties: { continue: { type: 'boolean', required: true }, token: { type: 'string', secret: true }, db: { type: 'object', properties: { password: { type: 'string', secret: true }, host: { type: 'string' } } } } };
    const e = await w.ask({ schema });
    const response = { continue: true, token: 'tok-123', db: { password: 'pw-456', host: 'db1' } };
    const answered = w.inquiries.respond(e.id, response, { user: 'alice' });
    const masked = { continue: true, token: MASKED, db: { password: MASKED, host: 'db1' } };
    expect(answered.response).toEqual(masked);
    expect((w.executions.get(e.id)!.result as { response: unknown }).response).toEqual(masked);
    expect(w.events[0]).toMatchObject({ type: 'responded', response });
    expect(w.inquiries.clearResponse(e.id)).toEqual(response);
    const atRest = JSON.stringify([...w.store.collection('inquiries').list(), ...w.store.collection('executions').list()]);
    expect(atRest).not.toMatch(/tok-123|pw-456/);
    expect(w.inquiries.clearResponse('nope')).toBeUndefined();
    expect(w.inquiries.clearResponse((await w.ask()).id)).toBeUndefined();
  });
});

describe('InquiryService: expiry', () => {
  it('times out a pending inquiry when its ttl passes, on the clock’s timer', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ ttl: 10 });
    w.clock.advance(10 * MINUTE - 1);
    expect(w.executions.get(e.id)!.status).toBe('pending');
    w.clock.advance(1);
    const done = w.executions.get(e.id)!;
    expect(done.status).toBe('timeout');
    expect(done.status_reason).toContain('10 minute(s)');
    expect(w.events).toMatchObject([{ type: 'timeout', inquiry: { id: e.id, status: 'timeout' } }]);
    const late = refusal(() => w.inquiries.respond(e.id, { continue: true }, { user: 'alice' }));
    expect(late.code).toBe('INQUIRY_EXPIRED');
  });

  it('keeps one timer for several inquiries, re-arming for the next deadline; ttl 0 never expires', async () => {
    const w = inquiryWorld();
    const long = await w.ask({ ttl: 3 * 24 * 60 }); // longer than one timer may wait
    const short = await w.ask({ ttl: 2 });
    const never = await w.ask({ ttl: 0 });
    const answered = await w.ask({ ttl: 1 });
    w.inquiries.respond(answered.id, { continue: true }, { user: 'alice' });
    w.clock.advance(2 * MINUTE);
    expect(w.executions.get(short.id)!.status).toBe('timeout');
    expect(w.executions.get(long.id)!.status).toBe('pending');
    expect(w.executions.get(answered.id)!.status).toBe('succeeded');
    w.clock.advance(3 * 24 * 60 * MINUTE);
    expect(w.executions.get(long.id)!.status).toBe('timeout');
    w.clock.advance(365 * 24 * 60 * MINUTE);
    expect(w.executions.get(never.id)!.status).toBe('pending');
    expect(w.inquiries.list().map((q) => q.id)).toEqual([never.id]);
  });

  it('start() times out inquiries whose ttl passed while the service was not running', async () => {
    const w = inquiryWorld({ start: false });
    const old = await w.ask({ ttl: 1 });
    const fresh = await w.ask({ ttl: 60 });
    w.clock.advance(5 * MINUTE);
    expect(w.executions.get(old.id)!.status).toBe('pending');
    expect(w.inquiries.start().map((q) => q.id)).toEqual([old.id]);
    expect(w.executions.get(old.id)!.status).toBe('timeout');
    expect(w.executions.get(fresh.id)!.status).toBe('pending');
  });

  it('stop() ends the timer', async () => {
    const w = inquiryWorld();
    const e = await w.ask({ ttl: 1 });
    w.inquiries.stop();
    w.clock.advance(10 * MINUTE);
    expect(w.executions.get(e.id)!.status).toBe('pending');
  });
});
