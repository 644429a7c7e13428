/**
 * "Did you mean ...?" for a command no alias matched: the displays whose fixed words are closest
 * to the words typed. Case and small typos are forgiven (`RUN date`, `deplyo app1`), parameter
 * placeholders are ignored, and what was typed as parameter values costs nothing.
 */

/** The words of a display that a user has to type as they are: placeholders and regex syntax removed. */
export function fixedWords(display: string): string[] {
  return display
    .replace(/\{\{.*?\}\}/gs, ' ')
    .toLowerCase()
    .split(/[^\p{L}\p{N}_-]+/u)
    .filter((w) => w.length > 0);
}

const MAX_TYPED_WORDS = 24;

/** Levenshtein distance, for typo tolerance on short words. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** 1 for the same word, less for a near one (one edit in four letters), 0 otherwise. */
function similarity(word: string, typed: string): number {
  if (word === typed) return 1;
  const longest = Math.max(word.length, typed.length);
  const allowed = Math.ceil(longest / 4);
  // Cheap rejections first: too short to forgive, too different in length, too long to be a typo.
  if (longest < 4 || longest > 40 || Math.abs(word.length - typed.length) > allowed) return 0;
  const d = distance(word, typed);
  return d <= allowed ? 1 - d / longest : 0;
}

/**
 * How close `text` is to a display, from 0 (nothing in common) to 1 (every fixed word typed):
 * the share of the display's fixed words found among the typed words, the first word counting
 * double because it usually names the command.
 */
export function closeness(text: string, display: string): number {
  const wanted = fixedWords(display);
  if (wanted.length === 0) return 0;
  // The command words come first; a long message's tail is values, not worth comparing.
  const typed = text.toLowerCase().split(/\s+/u).filter(Boolean).slice(0, MAX_TYPED_WORDS);
  let score = 0;
  let total = 0;
  wanted.forEach((word, i) => {
    const weight = i === 0 ? 2 : 1;
    total += weight;
    score += weight * Math.max(0, ...typed.map((t) => similarity(word, t)));
  });
  return score / total;
}

/** The `limit` displays closest to `text` (at least a third alike), best first, without repeats. */
export function suggestDisplays(text: string, displays: readonly string[], limit = 3): string[] {
  const scored = [...new Set(displays)].map((display) => ({ display, score: closeness(text, display) }));
  return scored
    .filter((s) => s.score >= 1 / 3)
    .sort((a, b) => b.score - a.score || a.display.localeCompare(b.display))
    .slice(0, limit)
    .map((s) => s.display);
}
