/**
 * How specific one format's match of a command is, to choose between formats that all match.
 * StackStorm refuses every command that more than one format matches; Squall picks the most
 * specific match and refuses only true ties. Compared in this order:
 *
 * 1. `whole`: the match covers the whole command (formats without their own anchors always do;
 *    a format written with anchors in odd places may match only part of it).
 * 2. `literal`: more characters of the command matched by the format's own text — not by a
 *    capture, not whitespace, not quotes. `deploy {{app}} to {{env}}` beats `deploy {{app}}` on
 *    "deploy web to prod" (8 against 6), because the second swallowed "to" into `app`.
 * 3. `captures`: fewer captures that took text from the command (less left to guesswork).
 *
 * Equal on all three is a tie.
 */

/** The measure of one match; see the file comment for the order of comparison. */
export interface Specificity {
  whole: boolean;
  literal: number;
  captures: number;
}

/** Characters that are never counted as matched format text. */
const UNCOUNTED = /[\s"']/u;

/**
 * Measures a match of a compiled format (a RegExp with the `d` flag) against `stream`, the
 * padded command it was matched in.
 */
export function measureSpecificity(m: RegExpExecArray, stream: string): Specificity {
  const start = m.index;
  const end = start + m[0].length;
  const spans: [number, number][] = [];
  let captures = 0;
  for (const [name, span] of Object.entries(m.indices?.groups ?? {})) {
    if (!span || m.groups?.[name] === undefined) continue;
    spans.push(span);
    if (span[1] > span[0]) captures++;
  }
  let literal = 0;
  for (let i = start; i < end; i++) {
    if (UNCOUNTED.test(stream[i]!)) continue;
    if (spans.some(([a, b]) => i >= a && i < b)) continue;
    literal++;
  }
  const whole = stream.slice(0, start).trim() === '' && stream.slice(end).trim() === '';
  return { whole, literal, captures };
}

/** Orders two measures: negative when `a` is more specific, positive when `b` is, 0 for a tie. */
export function compareSpecificity(a: Specificity, b: Specificity): number {
  if (a.whole !== b.whole) return a.whole ? -1 : 1;
  if (a.literal !== b.literal) return b.literal - a.literal;
  return a.captures - b.captures;
}
