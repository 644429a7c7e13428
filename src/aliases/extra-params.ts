/**
 * Step 1 of StackStorm's alias parser: trailing `key=value` pairs are cut off the end of the
 * command before the format is matched, and become extra parameters that override everything
 * else. A value is `"..."`, `'...'`, a `{...}` blob, or one non-space token; quotes are stripped.
 *
 * The patterns are StackStorm's own, written in Python syntax and run through the Python regex
 * translation, so that `\s`, `.` and `$` mean exactly what they mean there.
 */
import { compilePythonRegex, pyFinditer } from '../python/regex.js';

const KEY = String.raw`\s*(\S+?)\s*`;
const VALUE = String.raw`""|''|"(.+?)"|'(.+?)'|({.+?})|(\S+)`;
const PAIRS = String.raw`(?:^|\s+)${KEY}=(${VALUE})`;
const ENDING = String.raw`.*?((${PAIRS}\s*)*)$`;

/** A command with its trailing pairs cut off, padded with one space each side as StackStorm matches it. */
export interface SplitCommand {
  /** What the format is matched against: `" " + rest + " "`. */
  stream: string;
  /** The trailing pairs in order (a later pair with the same key wins when applied). */
  extra: [key: string, value: string][];
}

/** Cuts the trailing `key=value` pairs off `command` (StackStorm's `match_kv_pairs_at_end`). */
export function splitExtraParams(command: string): SplitCommand {
  const ending = compilePythonRegex(ENDING, { dotAll: true }, 'match').exec(command);
  const tail = ending?.[1] ?? '';
  if (!tail) return { stream: ` ${command} `, extra: [] };
  const extra: [string, string][] = [];
  for (const m of pyFinditer(compilePythonRegex(PAIRS, { dotAll: true, global: true }), tail)) {
    // Python's ''.join(groups[2:]): an empty quoted value and unmatched alternatives give "".
    extra.push([m[1] ?? '', (m[3] ?? '') + (m[4] ?? '') + (m[5] ?? '') + (m[6] ?? '')]);
  }
  // str.replace: every occurrence of the tail text goes, not only the one at the end.
  return { stream: ` ${command.split(tail).join('')} `, extra };
}
