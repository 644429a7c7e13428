import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { SquallError } from '../errors/index.js';
import type { CriterionSpec, Params, RuleMeta } from '../model/index.js';
import { JinjaRenderer } from '../expressions/jinja.js';
import { RuleTester, normalizeRule } from '../rules/rule-tester.js';
import { systemClock } from '../util/clock.js';
import type { CliCommand, CliEnv } from './command.js';
import { stringFlag } from './args.js';
import { json, table } from './format.js';

/** `squall rule list|get|enable|disable|test`. */
export const ruleCommand: CliCommand = {
  name: 'rule',
  summary: 'Rules: list, get <ref>, enable <ref>, disable <ref>, test (criteria against payloads)',
  usage: [
    'Usage:',
    '  squall rule list [--pack P] [--json]',
    '  squall rule get <ref> [--json]',
    '  squall rule enable <ref> | disable <ref>',
    '  squall rule test <rule-ref | rule.yaml> <payload.json> [--json]',
    '  squall rule test --criteria <criteria.yaml|json> <payload.json> [--json]',
    '  squall rule test --batch <file.jsonl>     one {"criteria"|"rule", "payload"} a line, one verdict a line',
    '',
    'A rule file or criteria file is tested without a running store: st2kv lookups render empty then.',
    'A rule ref uses the loaded rule and the key-value store.',
  ].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, a, b] = args.positionals;
    switch (sub) {
      case 'list': {
        const app = await env.app();
        const pack = stringFlag(args, 'pack');
        const rules = app.rules.list(pack ? { pack } : {});
        io.out(
          args.flags.json
            ? json(rules)
            : table(['ref', 'enabled', 'trigger', 'action', 'description'], rules.map((r) => [r.ref, r.enabled, r.trigger.type, r.action.ref, r.description ?? ''])),
        );
        return 0;
      }
      case 'get': {
        const app = await env.app();
        const rule = app.rules.get(required(a));
        if (!rule) throw new SquallError('RULE_NOT_FOUND', `rule ${a} not found`);
        io.out(args.flags.json ? json(rule) : YAML.stringify(rule));
        return 0;
      }
      case 'enable':
      case 'disable': {
        const app = await env.app();
        const rule = app.rules.setEnabled(required(a), sub === 'enable');
        io.out(`rule ${rule.ref} is ${rule.enabled ? 'enabled' : 'disabled'}`);
        return 0;
      }
      case 'test':
        return testCommand(args.flags, a, b, io, env);
      default:
        throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list, get, enable, disable or test`);
    }
  },
};

async function testCommand(flags: Record<string, string | boolean>, first: string | undefined, second: string | undefined, io: Parameters<CliCommand['run']>[1], env: CliEnv): Promise<number> {
  const batch = typeof flags.batch === 'string' ? flags.batch : undefined;
  const criteriaFile = typeof flags.criteria === 'string' ? flags.criteria : undefined;
  if (batch) {
    const tester = new RuleTester({ renderer: new JinjaRenderer({}), clock: systemClock });
    const lines = readText(env.cwd, batch).split('\n');
    let failures = 0;
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const verdict = tester.testBatchLine(line, i + 1);
      if ('error' in verdict && !('match' in verdict)) failures++;
      io.out(JSON.stringify(verdict));
    });
    return failures ? 1 : 0;
  }

  let rule: RuleMeta | undefined;
  let criteria: Record<string, CriterionSpec> | undefined;
  let tester: RuleTester;
  const payloadFile = criteriaFile ? first : second;
  if (criteriaFile) {
    criteria = readStructured(env.cwd, criteriaFile) as Record<string, CriterionSpec>;
    if (!criteria || typeof criteria !== 'object' || Array.isArray(criteria)) throw new SquallError('RULE_INVALID', `${criteriaFile}: criteria must be a mapping of keys to {type, pattern}`);
    tester = new RuleTester({ renderer: new JinjaRenderer({}), clock: systemClock });
  } else {
    const ruleArg = required(first, 'a rule reference or rule file');
    if (existsSync(path.resolve(env.cwd, ruleArg))) {
      rule = normalizeRule(readStructured(env.cwd, ruleArg), undefined, { file: path.resolve(env.cwd, ruleArg) });
      tester = new RuleTester({ renderer: new JinjaRenderer({}), clock: systemClock });
    } else {
      const app = await env.app();
      rule = app.rules.get(ruleArg);
      if (!rule) throw new SquallError('RULE_NOT_FOUND', `rule ${ruleArg} not found (and no such file)`);
      tester = new RuleTester({ renderer: app.renderer, clock: app.clock, systemUser: app.config.systemUser });
    }
  }
  const payload = readStructured(env.cwd, required(payloadFile, 'a payload file')) as Params;
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) throw new SquallError('TRIGGER_PAYLOAD_INVALID', `${payloadFile}: the payload must be a JSON or YAML object`);
  const result = tester.testRule({ ...(rule ? { rule } : {}), ...(criteria ? { criteria } : {}), payload });
  if (flags.json) {
    io.out(json(result));
  } else {
    io.out(`${rule ? `rule ${rule.ref}` : 'criteria'}: ${result.match ? 'MATCH' : 'no match'}${result.error ? ` (${result.error})` : ''}${result.reason ? ` (${result.reason})` : ''}`);
    for (const c of result.criteria) {
      const pattern = c.renderedPattern !== undefined ? c.renderedPattern : c.pattern;
      io.out(`  ${c.match ? 'ok  ' : 'FAIL'} ${c.key} ${c.type} ${JSON.stringify(pattern)} (value ${JSON.stringify(c.value)})${c.error ? `: ${c.error}` : ''}`);
    }
    if (result.action) io.out(`action ${result.action.ref ?? '(none)'} with parameters:\n${json(result.action.parameters)}`);
  }
  return result.match ? 0 : 1;
}

function required(value: string | undefined, what = 'a rule reference'): string {
  if (!value) throw new SquallError('USAGE', `missing ${what}`);
  return value;
}

function readText(cwd: string, file: string): string {
  const full = path.resolve(cwd, file);
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    throw new SquallError('USAGE', `cannot read ${full}: ${(err as Error).message}`);
  }
}

function readStructured(cwd: string, file: string): unknown {
  const text = readText(cwd, file);
  try {
    return file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
  } catch (err) {
    throw new SquallError('YAML_INVALID', `${file}: ${(err as Error).message}`);
  }
}
