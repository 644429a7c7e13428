/**
 * StackStorm's semver functions (`st2common/expressions/functions/version.py`, python-semver
 * 2.x): compare with prerelease precedence, `version_match('>=1.0.0')`, bumps that drop the
 * prerelease, and `version_strip_patch`.
 */
import { PythonError } from '../../python/errors.js';

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string | null;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemver(value: unknown): SemVer {
  const m = typeof value === 'string' ? SEMVER.exec(value) : null;
  if (!m) throw new PythonError('ValueError', `${String(value)} is not valid SemVer string`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), prerelease: m[4] ?? null };
}

function comparePrerelease(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i] as string, y[i] as string];
    if (p === q) continue;
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn) return Math.sign(Number(p) - Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

export function versionCompare(value: unknown, other: unknown): number {
  const a = parseSemver(value);
  const b = parseSemver(other);
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return Math.sign(a[k] - b[k]);
  return comparePrerelease(a.prerelease, b.prerelease);
}

export const versionMoreThan = (v: unknown, p: unknown): boolean => versionCompare(v, p) === 1;
export const versionLessThan = (v: unknown, p: unknown): boolean => versionCompare(v, p) === -1;
export const versionEqual = (v: unknown, p: unknown): boolean => versionCompare(v, p) === 0;

/** `semver.match(version, '>=1.2.0')`; operators `<`, `>`, `==`, `<=`, `>=`, `!=`. */
export function versionMatch(value: unknown, expr: unknown): boolean {
  const text = String(expr);
  const two = text.slice(0, 2);
  const [op, version] = ['>=', '<=', '==', '!='].includes(two) ? [two, text.slice(2)] : ['>', '<'].includes(text[0] ?? '') ? [text[0] as string, text.slice(1)] : [null, ''];
  if (op === null) {
    throw new PythonError('ValueError', `match_expr parameter should be in format <op><ver>, where <op> is one of ['<', '>', '==', '<=', '>=', '!=']. You provided: '${text}'`);
  }
  const c = versionCompare(value, version);
  return { '>': c === 1, '<': c === -1, '==': c === 0, '!=': c !== 0, '>=': c >= 0, '<=': c <= 0 }[op] ?? false;
}

export function versionBumpMajor(value: unknown): string {
  return `${parseSemver(value).major + 1}.0.0`;
}

export function versionBumpMinor(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major}.${v.minor + 1}.0`;
}

export function versionBumpPatch(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major}.${v.minor}.${v.patch + 1}`;
}

export function versionStripPatch(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major}.${v.minor}`;
}
