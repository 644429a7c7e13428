import { SquallError } from '../errors/index.js';
import type { CliCommand } from './command.js';
import { stringFlag } from './args.js';
import { json, table } from './format.js';

/** `squall action list|get`. */
export const actionCommand: CliCommand = {
  name: 'action',
  summary: 'List actions and show their parameters: list [--pack P], get <ref>',
  usage: ['Usage:', '  squall action list [--pack P] [--json]', '  squall action get <pack.action> [--json]'].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, ref] = args.positionals;
    const app = await env.app();
    if (sub === 'list') {
      const pack = stringFlag(args, 'pack');
      const actions = app.content.actions().filter((a) => !pack || a.pack === pack);
      if (args.flags.json) io.out(json(actions));
      else
        io.out(
          table(
            ['ref', 'runner', 'description'],
            actions.map((a) => [a.ref, a.available === false ? `${a.runner_type} (unavailable)` : a.runner_type, a.description ?? '']),
          ),
        );
      return 0;
    }
    if (sub === 'get') {
      if (!ref) throw new SquallError('USAGE', 'squall action get needs an action reference');
      const action = app.content.action(ref);
      if (!action) throw new SquallError('ACTION_NOT_FOUND', `action ${ref} not found`);
      if (args.flags.json) {
        io.out(json(action));
        return 0;
      }
      const rows = Object.entries(action.parameters).map(([name, s]) => [
        name,
        s.type ?? '',
        s.required ? 'yes' : '',
        s.secret ? '********' : s.default === undefined ? '' : JSON.stringify(s.default),
        [s.immutable ? 'immutable' : '', s.secret ? 'secret' : '', s.position !== undefined ? `position ${s.position}` : ''].filter(Boolean).join(', '),
        s.description ?? '',
      ]);
      io.out(
        [
          `ref: ${action.ref}`,
          `runner: ${action.runner_type}${action.available === false ? ` (unavailable: ${action.unavailable_reason ?? 'runner not available'})` : ''}`,
          `enabled: ${action.enabled}`,
          action.description ? `description: ${action.description}` : '',
          action.entry_point ? `entry_point: ${action.entry_point}` : '',
          '',
          table(['parameter', 'type', 'required', 'default', 'flags', 'description'], rows),
        ]
          .filter((l, i) => l !== '' || i === 5)
          .join('\n'),
      );
      return 0;
    }
    throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list or get`);
  },
};
