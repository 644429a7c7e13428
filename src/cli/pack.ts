import { statSync } from 'node:fs';
import path from 'node:path';
import { SquallError, formatDetail, type ErrorDetail } from '../errors/index.js';
import type { PackMeta } from '../model/index.js';
import type { LoadedPack } from '../packs/pack-loader.js';
import { inspectPack, type ContentCounts, type PackInspection } from '../packs/inspect.js';
import { MASKED } from '../util/mask.js';
import type { CliCommand } from './command.js';
import { json, keyValues, table } from './format.js';

/** `squall pack list|get|validate`. validate inspects files only; list and get ask the application. */
export const packCommand: CliCommand = {
  name: 'pack',
  summary: 'Installed packs and pack checks: list, get <ref>, validate <dir>',
  usage: [
    'Usage:',
    '  squall pack list [--json]          packs loaded from the packs paths',
    '  squall pack get <ref> [--json]     one pack: metadata, content counts, config, problems',
    '  squall pack validate <dir> [--json]',
    '                                     check a pack directory; every error as file:line field: message',
    '                                     (exit 1 when there are errors)',
  ].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, target] = args.positionals;
    if (sub === 'validate') {
      if (!target) throw new SquallError('USAGE', 'squall pack validate needs a pack directory');
      const dir = path.resolve(env.cwd, target);
      if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new SquallError('PACK_NOT_FOUND', `${target} is not a directory`);
      const inspection = inspectPack(dir);
      io.out(args.flags.json ? json(inspection) : describeInspection(inspection));
      return inspection.ok ? 0 : 1;
    }
    if (sub === 'list') {
      const packs = (await env.app()).content.packs();
      if (args.flags.json) io.out(json(packs.map(summary)));
      else io.out(table(['ref', 'version', 'actions', 'rules', 'aliases', 'sensors', 'status', 'description'], packs.map((p) => {
        const s = summary(p);
        return [s.ref, s.version ?? '', s.counts.actions, s.counts.rules, s.counts.aliases, s.counts.sensors, s.status, s.description ?? ''];
      })));
      return 0;
    }
    if (sub === 'get') {
      if (!target) throw new SquallError('USAGE', 'squall pack get needs a pack ref');
      const pack = (await env.app()).content.pack(target);
      if (!pack) throw new SquallError('PACK_NOT_FOUND', `pack ${target} is not loaded`);
      io.out(args.flags.json ? json(details(pack)) : describePack(pack));
      return 0;
    }
    throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list, get or validate`);
  },
};

/** The text `pack validate` prints: errors, warnings, unavailable actions, then a one-line summary. */
export function describeInspection(r: PackInspection): string {
  const lines = [
    ...r.errors.map(formatDetail),
    ...r.warnings.map((w) => `warning: ${formatDetail(w)}`),
    ...r.unavailableActions.map((a) => `${a.ref}: unavailable (${a.reason})`),
  ];
  const name = r.pack ? `pack ${r.pack.ref}` : 'pack';
  const verdict = r.ok ? 'ok' : `${r.errors.length} error${r.errors.length === 1 ? '' : 's'}`;
  const unavailable = r.unavailableActions.length ? `, ${r.unavailableActions.length} unavailable` : '';
  lines.push(`${name}: ${countsText(r.counts)}${unavailable}; ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}; ${verdict}`);
  return lines.join('\n');
}

function countsText(c: ContentCounts): string {
  const parts: [number, string][] = [
    [c.actions, 'action'],
    [c.rules, 'rule'],
    [c.aliases, 'alias'],
    [c.sensors, 'sensor'],
    [c.triggerTypes, 'trigger type'],
    [c.policies, 'policy'],
  ];
  return parts.map(([n, what]) => `${n} ${n === 1 ? what : what === 'alias' ? 'aliases' : what === 'policy' ? 'policies' : `${what}s`}`).join(', ');
}

function counts(p: LoadedPack): ContentCounts {
  return {
    actions: p.actions.length,
    rules: p.rules.length,
    aliases: p.aliases.length,
    sensors: p.sensors.length,
    triggerTypes: p.triggerTypes.length,
    policies: p.policies.length,
  };
}

function summary(p: LoadedPack) {
  const status = !p.loaded ? 'failed' : p.errors.length ? `${p.errors.length} error${p.errors.length === 1 ? '' : 's'}` : 'ok';
  return { ref: p.ref, version: p.pack?.version, description: p.pack?.description, path: p.path, status, counts: counts(p) };
}

/** Config values with every secret item masked: the CLI never prints them. */
function maskedConfig(p: LoadedPack): Record<string, unknown> | undefined {
  if (!p.config) return undefined;
  const values = structuredClone(p.config.values);
  for (const secret of p.config.secrets) {
    const keys = secret.split('.');
    let node: unknown = values;
    for (const k of keys.slice(0, -1)) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[k] : undefined;
    const last = keys[keys.length - 1]!;
    if (node && typeof node === 'object' && (node as Record<string, unknown>)[last] !== undefined) (node as Record<string, unknown>)[last] = MASKED;
  }
  return values;
}

function details(p: LoadedPack) {
  return {
    ...summary(p),
    pack: p.pack,
    config: maskedConfig(p),
    unavailableActions: p.actions.filter((a) => a.available === false).map((a) => ({ ref: a.ref, reason: a.unavailable_reason })),
    errors: p.errors,
    warnings: p.warnings,
  };
}

function describePack(p: LoadedPack): string {
  const s = summary(p);
  const meta: Partial<PackMeta> = p.pack ?? {};
  const problems = (title: string, list: ErrorDetail[]) => (list.length ? [`${title}:`, ...list.map((d) => `  ${formatDetail(d)}`)] : []);
  const config = maskedConfig(p);
  return [
    keyValues({
      ref: s.ref,
      name: meta.name,
      version: s.version,
      description: s.description,
      author: meta.author,
      email: meta.email,
      keywords: Array.isArray(meta.keywords) ? meta.keywords.join(', ') : undefined,
      path: s.path,
      status: s.status,
      content: countsText(s.counts),
      config: config && Object.keys(config).length ? config : undefined,
    }),
    ...problems('errors', p.errors),
    ...problems('warnings', p.warnings),
  ].join('\n');
}
