import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SquallError } from '../errors/index.js';
import type { CliCommand } from './command.js';
import { stringFlag } from './args.js';
import { json, table } from './format.js';

/** `squall trigger list|get|fire` and `squall trigger instances`. */
export const triggerCommand: CliCommand = {
  name: 'trigger',
  summary: 'Trigger types and instances: list, get <ref>, fire <ref> [--payload FILE|JSON], instances',
  usage: [
    'Usage:',
    '  squall trigger list [--json]                     trigger types',
    '  squall trigger get <ref> [--json]                one type with its schemas',
    '  squall trigger fire <ref> [--payload JSON|@FILE] dispatch an instance and process it',
    '  squall trigger instances [-n N] [--json]         recent trigger instances',
  ].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, ref] = args.positionals;
    const app = await env.app();
    switch (sub) {
      case 'list': {
        const types = app.triggerTypes.list();
        io.out(args.flags.json ? json(types) : table(['ref', 'description'], types.map((t) => [t.ref, t.description ?? ''])));
        return 0;
      }
      case 'get': {
        const type = ref ? app.triggerTypes.get(ref) : undefined;
        if (!type) throw new SquallError('TRIGGER_TYPE_UNKNOWN', `unknown trigger type ${ref ?? ''}`);
        io.out(json(type));
        return 0;
      }
      case 'fire': {
        if (!ref) throw new SquallError('USAGE', 'squall trigger fire needs a trigger type reference');
        const payload = readPayload(stringFlag(args, 'payload'), env.cwd);
        const instance = app.triggers.dispatch(ref, payload);
        await app.idle();
        const enforcements = app.enforcer.list().filter((e) => e.trigger_instance_id === instance.id);
        if (args.flags.json) io.out(json({ instance: app.triggers.get(instance.id), enforcements }));
        else {
          io.out(`trigger instance ${instance.id} (${ref})`);
          for (const e of enforcements) io.out(`  rule ${e.rule}: ${e.failure_reason ? `did not apply: ${e.failure_reason}` : `execution ${e.execution_id}`}`);
          if (!enforcements.length) io.out('  no rule matched');
        }
        return 0;
      }
      case 'instances': {
        const n = Number(stringFlag(args, 'n') ?? 50);
        const list = app.triggers.list().reverse().slice(0, n > 0 ? n : 50);
        io.out(args.flags.json ? json(list) : table(['id', 'trigger', 'status', 'occurred', 'payload'], list.map((t) => [t.id, t.trigger, t.status, t.occurrence_time, t.payload])));
        return 0;
      }
      default:
        throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list, get, fire or instances`);
    }
  },
};

function readPayload(text: string | undefined, cwd: string): Record<string, unknown> {
  if (!text) return {};
  const source = text.startsWith('@') ? readFileSync(path.resolve(cwd, text.slice(1)), 'utf8') : text;
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    throw new SquallError('TRIGGER_PAYLOAD_INVALID', `payload is not valid JSON: ${(err as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SquallError('TRIGGER_PAYLOAD_INVALID', 'payload must be a JSON object');
  return value as Record<string, unknown>;
}
