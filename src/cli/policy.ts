import { SquallError } from '../errors/index.js';
import { POLICY_TYPES } from '../policies/policy-types.js';
import type { CliCommand } from './command.js';
import { json, table } from './format.js';

/** `squall policy list` and `squall policy types`. */
export const policyCommand: CliCommand = {
  name: 'policy',
  summary: 'Policies in force and the policy types: list, types',
  usage: ['Usage:', '  squall policy list [--json]', '  squall policy types [--json]'].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub] = args.positionals;
    if (sub === 'types') {
      const types = Object.entries(POLICY_TYPES).map(([name, t]) => ({ name, description: t.description, parameters: t.schema.properties }));
      io.out(args.flags.json ? json(types) : table(['type', 'description'], types.map((t) => [t.name, t.description]), 100));
      return 0;
    }
    if (sub === 'list') {
      const app = await env.app();
      const list = app.content.policies();
      io.out(args.flags.json ? json(list) : table(['ref', 'type', 'resource', 'enabled', 'parameters'], list.map((p) => [p.ref, p.policy_type, p.resource_ref, p.enabled, p.parameters])));
      return 0;
    }
    throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list or types`);
  },
};
