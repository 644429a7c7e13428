/**
 * Comparing a rehearsal's outcome with its spec, and writing the differences readably.
 */
import { pyEquals } from '../python/compare.js';
import type { ExpectedError } from './rehearse-spec.js';

/** One field that did not come out as expected. */
export interface RehearsalMismatch {
  field: string;
  expected: unknown;
  actual: unknown;
}

// `<Exc>: Unable to evaluate expression '<% ... %>'. <evaluator's own exception text>`: only the
// part up to the expression is Orquesta's wording; the rest is the evaluator's (YAQL's, Jinja's).
const EVALUATOR_MESSAGE = /^((?:\w+: )?Unable to (?:evaluate|render) expression '.*?'\.)\s/s;

/** Whether an actual error message agrees with the expected one (see EVALUATOR_MESSAGE). */
export function messagesAgree(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const head = EVALUATOR_MESSAGE.exec(expected);
  return head !== null && actual.startsWith(head[1]!);
}

/** Errors agree on `type`, `message`, `task_id` and `route`, and on `result` when the spec gives one. */
export function errorsAgree(expected: ExpectedError, actual: Readonly<Record<string, unknown>>): boolean {
  if (expected.type !== actual.type) return false;
  if (!messagesAgree(expected.message, String(actual.message))) return false;
  if (expected.task_id !== actual.task_id) return false;
  if (expected.route !== actual.route) return false;
  if ('result' in expected && !pyEquals(expected.result, actual.result ?? null)) return false;
  return true;
}

/** Lists agree when they have the same length and agree entry by entry, in order. */
export function errorListsAgree(expected: readonly ExpectedError[], actual: readonly Readonly<Record<string, unknown>>[]): boolean {
  return expected.length === actual.length && expected.every((e, i) => errorsAgree(e, actual[i]!));
}

/** Deep equality as Python's `==` has it (1 == 1.0, key order irrelevant). */
export function sameValue(expected: unknown, actual: unknown): boolean {
  return pyEquals(expected, actual);
}

/** A unified-style diff of two values written as indented JSON: `-` expected, `+` actual. */
export function diffValues(expected: unknown, actual: unknown): string {
  const a = (JSON.stringify(expected, null, 2) ?? 'undefined').split('\n');
  const b = (JSON.stringify(actual, null, 2) ?? 'undefined').split('\n');
  // Longest common subsequence over lines; the values compared here are small.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+ ${b[j]}`);
      j++;
    } else {
      out.push(`- ${a[i]}`);
      i++;
    }
  }
  return out.join('\n');
}

/** The mismatches of one rehearsal as text: one section per field, each with its diff. */
export function describeMismatches(mismatches: readonly RehearsalMismatch[]): string {
  return mismatches.map((m) => `${m.field} (- expected, + actual):\n${indent(diffValues(m.expected, m.actual))}`).join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
