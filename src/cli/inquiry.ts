import { SquallError, errorMessage } from '../errors/index.js';
import type { Inquiry } from '../inquiries/inquiry.js';
import { stringFlag } from './args.js';
import type { CliCommand, ParsedArgs } from './command.js';
import { json, keyValues, table } from './format.js';

/**
 * `squall inquiry list|get|respond`, StackStorm's `st2 inquiry`. The response is given as JSON
 * with `-r` (there is no interactive prompting); the responder is `--user`, by default the
 * configured system user. Secret members of a response are printed masked.
 */
export const inquiryCommand: CliCommand = {
  name: 'inquiry',
  summary: 'Inquiries (core.ask): list, get <id>, respond <id> -r <json>',
  usage: [
    'Usage:',
    '  squall inquiry list [--json]',
    '  squall inquiry get <id> [--json]',
    "  squall inquiry respond <id> -r '<json>' [--user U] [--json]",
    '',
    'list shows the inquiries waiting for a response. respond checks, in order, that the inquiry',
    'has not timed out and is still pending, that --user may answer it (its users and roles), and',
    "that the response matches the inquiry's schema (defaults filled). --user defaults to the",
    'system user. -r (or --response) takes a JSON object.',
  ].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, id, ...extra] = args.positionals;
    switch (sub) {
      case 'list': {
        if (id !== undefined) throw usage('inquiry list takes no arguments');
        const app = await env.app();
        const list = app.inquiries.list();
        io.out(args.flags.json ? json(list) : table(['id', 'action', 'route', 'users', 'roles', 'ttl', 'expires_at'], list.map((q) => [q.id, q.action, q.route, q.users.join(', '), q.roles.join(', '), q.ttl, q.expires_at ?? 'never'])));
        return 0;
      }
      case 'get': {
        const app = await env.app();
        const inquiry = app.inquiries.get(single(id, extra, 'inquiry get takes an inquiry id'));
        io.out(args.flags.json ? json(inquiry) : keyValues(fields(inquiry)));
        return 0;
      }
      case 'respond': {
        const inquiryId = single(id, extra, 'inquiry respond takes an inquiry id');
        const response = parseResponse(args);
        const app = await env.app();
        const user = valueFlag(args, 'user') ?? app.config.systemUser;
        const answered = app.inquiries.respond(inquiryId, response, { user, via: 'cli' });
        io.out(args.flags.json ? json(answered) : `response accepted for inquiry ${answered.id}\n${keyValues({ response: answered.response })}`);
        return 0;
      }
      default:
        throw usage(`unknown subcommand "${sub ?? ''}"; expected list, get or respond`);
    }
  },
};

/** The response from `-r` / `--response`: required, and JSON. */
function parseResponse(args: ParsedArgs): unknown {
  if (args.flags.r !== undefined && args.flags.response !== undefined) throw usage('give the response once, with -r or --response');
  const raw = valueFlag(args, 'r') ?? valueFlag(args, 'response');
  if (raw === undefined) throw usage("inquiry respond needs the response as JSON: -r '{\"continue\": true}'");
  try {
    return JSON.parse(raw) as unknown;
  } catch (err) {
    throw new SquallError('USAGE', `the response is not valid JSON: ${errorMessage(err)}`, { details: [{ field: 'response', message: errorMessage(err) }] });
  }
}

function fields(q: Inquiry): Record<string, unknown> {
  return {
    id: q.id,
    action: q.action,
    status: q.status,
    route: q.route,
    users: q.users,
    roles: q.roles,
    ttl: q.ttl,
    start_timestamp: q.start_timestamp,
    expires_at: q.expires_at,
    parent: q.parent,
    schema: q.schema,
    response: q.response,
  };
}

function single(id: string | undefined, extra: string[], message: string): string {
  if (!id || extra.length > 0) throw usage(message);
  return id;
}

/** A flag that needs a value: given alone it is a usage error rather than ignored. */
function valueFlag(args: ParsedArgs, name: string): string | undefined {
  if (args.flags[name] === true) throw usage(`${name.length === 1 ? '-' : '--'}${name} needs a value`);
  return stringFlag(args, name);
}

function usage(message: string): SquallError {
  return new SquallError('USAGE', message);
}
