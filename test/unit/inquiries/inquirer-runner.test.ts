import { describe, expect, it } from 'vitest';
import { createRunners } from '../../../src/actions/runners/index.js';
import { InquirerRunner } from '../../../src/actions/runners/inquirer.js';
import { AVAILABLE_RUNNERS, RUNNERS } from '../../../src/packs/runner-parameters.js';
import { makeAction, makeRequest, makeServices, type RecordedTrigger } from '../runners/helpers.js';

const runner = new InquirerRunner();
const ask = makeAction({ pack_path: '/packs/core', runner_type: 'inquirer', name: 'ask' });

async function run(values: Record<string, unknown> = {}, traceTag?: string) {
  const triggers: RecordedTrigger[] = [];
  const request = makeRequest(runner, ask, values, { services: makeServices(triggers) });
  if (traceTag) request.execution.context.trace_tag = traceTag;
  const outcome = await runner.run(request);
  return { outcome, triggers, id: request.execution.id };
}

describe('inquirer runner', () => {
  it('is registered and runnable', () => {
    expect(createRunners().inquirer).toBeInstanceOf(InquirerRunner);
    expect(AVAILABLE_RUNNERS).toContain('inquirer');
    expect(runner.parameters).toBe(RUNNERS.inquirer!.parameters);
  });

  it('with the defaults: pending, the default schema, ttl 1440, and core.st2.generic.inquiry {id, route}', async () => {
    const { outcome, triggers, id } = await run({}, 'deploy-42');
    expect(outcome.status).toBe('pending');
    expect(outcome.result).toEqual({ schema: RUNNERS.inquirer!.parameters.schema!.default, roles: [], users: [], route: '', ttl: 1440 });
    const schema = (outcome.result as { schema: { properties: Record<string, { type: string; required: boolean }> } }).schema;
    expect(schema.properties.continue).toMatchObject({ type: 'boolean', required: true });
    expect(triggers).toEqual([{ trigger: 'core.st2.generic.inquiry', payload: { id, route: '' }, traceTag: 'deploy-42' }]);
  });

  it('passes its own schema, route, roles, users and ttl through', async () => {
    const schema = { type: 'object', properties: { approve: { type: 'boolean', required: true }, reason: { type: 'string', default: 'none' } } };
    const { outcome, triggers, id } = await run({ schema, route: 'ops', roles: ['admin'], users: ['alice', 'bob'], ttl: 5 });
    expect(outcome).toEqual({ status: 'pending', result: { schema, roles: ['admin'], users: ['alice', 'bob'], route: 'ops', ttl: 5 } });
    expect(triggers[0]?.payload).toEqual({ id, route: 'ops' });
  });

  it('fails without announcing anything when its parameters are bad, naming every field', async () => {
    const { outcome, triggers } = await run({ schema: { type: 'no-such-type' }, users: ['alice', 7], roles: 'admin', ttl: -1 });
    expect(outcome.status).toBe('failed');
    const result = outcome.result as { error: string; details: { field: string }[] };
    expect(result.details.map((d) => d.field).sort()).toEqual(['roles', 'schema', 'ttl', 'users.1']);
    expect(result.error).toMatch(/schema is not a valid JSON schema/);
    expect(triggers).toEqual([]);
  });

  it('refuses a schema that is not an object', async () => {
    const { outcome } = await run({ schema: ['not', 'a', 'schema'] });
    expect(outcome.status).toBe('failed');
    expect((outcome.result as { details: unknown[] }).details).toEqual([{ field: 'schema', message: 'must be an object (a JSON schema)' }]);
  });
});
