import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SquallError, errorMessage } from '../errors/index.js';
import type { AliasMatch } from '../aliases/alias-matcher.js';
import { compileAliasFormat, type ExtractedParams } from '../aliases/format-parser.js';
import type { CliCommand, CliIo } from './command.js';
import { stringFlag } from './args.js';
import { json, table } from './format.js';

/** `squall alias list|match`. */
export const aliasCommand: CliCommand = {
  name: 'alias',
  summary: 'Action aliases: list, match "<text>" (which alias, which parameters), match --format / --batch',
  usage: [
    'Usage:',
    '  squall alias list [--json]',
    '  squall alias match "<text>" [--json]             the alias and parameters a chat command gets',
    '  squall alias match --format "<format>" "<text>"  one format string alone (no packs needed)',
    '  squall alias match --batch <file.jsonl>          one {"format", "command"} a line → one {"params"} or {"error"} a line',
    '',
    'match exits 1 when nothing matches or several aliases match equally well, with the reason.',
    'With --json a match prints {alias, action_ref, display, representation, params}; a match_multiple',
    'format prints params as a list, one parameter set per execution.',
  ].join('\n'),
  booleanFlags: ['json'],
  async run(args, io, env) {
    const [sub, text, ...extra] = args.positionals;
    switch (sub) {
      case 'list': {
        const app = await env.app();
        const aliases = app.aliases.list();
        if (args.flags.json) {
          io.out(json(aliases));
          return 0;
        }
        const displays = (a: (typeof aliases)[number]) => a.formats.map((f) => f.display ?? f.representation[0] ?? '').join(' | ');
        io.out(table(['ref', 'enabled', 'action', 'formats', 'description'], aliases.map((a) => [a.ref, a.enabled, a.action_ref, displays(a), a.description ?? ''])));
        for (const w of app.aliases.warnings()) io.err(`warning: ${w.alias} ${w.field ?? ''}: ${w.message}`);
        return 0;
      }
      case 'match': {
        const batch = stringFlag(args, 'batch');
        if (batch) return matchBatch(path.resolve(env.cwd, batch), io);
        const command = required(text, extra);
        const format = args.flags.format;
        if (format !== undefined) {
          if (typeof format !== 'string') throw new SquallError('USAGE', '--format needs a format string');
          const params = compileAliasFormat(format).extract(command);
          io.out(args.flags.json ? JSON.stringify({ params }) : json(params));
          return 0;
        }
        const app = await env.app();
        const matches = app.aliases.match(command);
        io.out(args.flags.json ? json(matchJson(matches)) : describeMatches(matches));
        return 0;
      }
      default:
        throw new SquallError('USAGE', `unknown subcommand "${sub ?? ''}"; expected list or match`);
    }
  },
};

function required(text: string | undefined, extra: string[]): string {
  if (text === undefined) throw new SquallError('USAGE', 'missing the command text to match (quote it: squall alias match "deploy app1")');
  if (extra.length) throw new SquallError('USAGE', `the command text must be one argument: quote it ("${[text, ...extra].join(' ')}")`);
  return text;
}

function matchJson(matches: AliasMatch[]): Record<string, unknown> {
  const first = matches[0]!;
  return {
    alias: first.alias.ref,
    action_ref: first.alias.action_ref,
    display: first.display,
    representation: first.representation,
    ...(first.matchMultiple ? { match_multiple: true, params: matches.map((m) => m.params) } : { params: first.params }),
    ...(Object.keys(first.immutable).length ? { immutable_parameters: first.immutable } : {}),
  };
}

function describeMatches(matches: AliasMatch[]): string {
  const first = matches[0]!;
  const lines = [`alias ${first.alias.ref} → action ${first.alias.action_ref}`, `format: ${first.representation}`];
  if (first.display !== first.representation) lines.push(`display: ${first.display}`);
  matches.forEach((m, i) => lines.push(`${matches.length > 1 ? `execution ${i + 1} ` : ''}parameters: ${json(m.params)}`));
  if (Object.keys(first.immutable).length) lines.push(`immutable parameters (rendered at execution): ${json(first.immutable)}`);
  return lines.join('\n');
}

/** One answer a line, in order; a line that is not a `{format, command}` object gets an error and exit 1. */
function matchBatch(file: string, io: CliIo): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SquallError('USAGE', `cannot read ${file}: ${errorMessage(err)}`);
  }
  let malformed = 0;
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const answer = batchLine(line, i + 1);
    if ('malformed' in answer) {
      malformed++;
      io.out(JSON.stringify({ error: answer.malformed }));
    } else io.out(JSON.stringify(answer));
  });
  return malformed ? 1 : 0;
}

function batchLine(line: string, n: number): { params: ExtractedParams } | { error: string } | { malformed: string } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return { malformed: `line ${n}: not JSON: ${errorMessage(err)}` };
  }
  const { format, command } = (input ?? {}) as { format?: unknown; command?: unknown };
  if (typeof input !== 'object' || Array.isArray(input) || typeof format !== 'string' || (command !== undefined && command !== null && typeof command !== 'string')) {
    return { malformed: `line ${n}: expected {"format": string, "command": string}` };
  }
  try {
    return { params: compileAliasFormat(format).extract(typeof command === 'string' ? command : '') };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}
