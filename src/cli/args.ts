import type { ParsedArgs } from './command.js';

/**
 * Splits a command line into positionals and flags. `--x=v` and `--x v` set a value; a flag named in
 * `booleanFlags` takes none; `-x` short forms map through `aliases`; `--` ends flag parsing.
 */
export function parseArgs(argv: readonly string[], booleanFlags: readonly string[] = [], aliases: Record<string, string> = {}): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    const short = /^-([a-zA-Z])$/.exec(word);
    const long = /^--([a-zA-Z][\w-]*)(?:=(.*))?$/s.exec(word);
    const name = short ? aliases[short[1]!] ?? short[1]! : long?.[1];
    if (!name) {
      positionals.push(word);
      continue;
    }
    if (long?.[2] !== undefined) flags[name] = long[2];
    else if (booleanFlags.includes(name) || name === 'help' || name === 'json') flags[name] = true;
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags[name] = argv[++i]!;
    else flags[name] = true;
  }
  return { positionals, flags };
}

/** A string flag's value, or undefined; a flag given without a value is a usage error for the caller to report. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * StackStorm's `key=value` words for `run`: the value is kept as a string (the action layer casts
 * it by the parameter's type); a word without `=` is returned in `rest`.
 */
export function parseKeyValues(words: readonly string[]): { params: Record<string, string>; rest: string[] } {
  const params: Record<string, string> = {};
  const rest: string[] = [];
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq > 0 && /^\w+$/.test(w.slice(0, eq))) params[w.slice(0, eq)] = w.slice(eq + 1);
    else rest.push(w);
  }
  return { params, rest };
}
