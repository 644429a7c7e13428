import type { ErrorDetail } from '../../errors/index.js';
import type { ParameterSpec } from '../../model/index.js';
import { INQUIRY_TRIGGER, type InquiryResult } from '../../inquiries/inquiry.js';
import { ResponseSchema } from '../../inquiries/response-schema.js';
import type { Runner, RunOutcome, RunRequest } from './runner.js';
import { declaredParameters } from './runner-spec.js';

/**
 * `inquirer` (`core.ask`): starts an inquiry. Checks its parameters (the schema must compile,
 * `roles` and `users` hold names, `ttl` is whole minutes, 0 or more), announces the inquiry with
 * `core.st2.generic.inquiry` `{id, route}` and finishes `pending` with `{schema, roles, users,
 * route, ttl}`. The execution then waits, outside the queue, until the InquiryService records a
 * response or times it out.
 */
export class InquirerRunner implements Runner {
  readonly name = 'inquirer';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('inquirer');

  async run(request: RunRequest): Promise<RunOutcome> {
    const p = request.parameters;
    const details: ErrorDetail[] = [];
    // A missing value means the runner's default; the pipeline normally fills it already.
    const schemaValue = p.schema ?? this.parameters.schema?.default;
    const compiled = ResponseSchema.compile(schemaValue);
    if (Array.isArray(compiled)) details.push(...compiled);
    const route = p.route ?? '';
    if (typeof route !== 'string') details.push({ field: 'route', message: 'must be a string' });
    const roles = names(p.roles, 'roles', details);
    const users = names(p.users, 'users', details);
    const ttl = p.ttl ?? 1440;
    if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 0) details.push({ field: 'ttl', message: 'must be a whole number of minutes, 0 or more' });
    if (details.length > 0) {
      const error = `inquiry parameters are invalid: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`;
      request.logger.warn('inquiry not started', { error });
      return { status: 'failed', result: { error, details } };
    }

    const result: InquiryResult = { schema: schemaValue as Record<string, unknown>, roles, users, route: route as string, ttl: ttl as number };
    const traceTag = request.execution.context.trace_tag;
    request.services.dispatchTrigger(INQUIRY_TRIGGER, { id: request.execution.id, route: result.route }, typeof traceTag === 'string' ? traceTag : undefined);
    return { status: 'pending', result };
  }
}

/** A list of user or role names; anything else is reported under `field`. */
function names(value: unknown, field: string, details: ErrorDetail[]): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    details.push({ field, message: 'must be a list of names' });
    return [];
  }
  const bad = value.findIndex((v) => typeof v !== 'string' || v === '');
  if (bad >= 0) details.push({ field: `${field}.${bad}`, message: 'must be a non-empty string' });
  return value.filter((v): v is string => typeof v === 'string');
}
