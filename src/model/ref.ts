import { SquallError } from '../errors/index.js';

/** A content reference, `pack.name` (the name may itself contain dots, as trigger refs do). */
export type Ref = string;

export function makeRef(pack: string, name: string): Ref {
  return `${pack}.${name}`;
}

/** Splits at the first dot: `core.st2.webhook` → pack `core`, name `st2.webhook`. */
export function parseRef(ref: string): { pack: string; name: string } {
  const dot = ref.indexOf('.');
  if (dot <= 0 || dot === ref.length - 1) throw new SquallError('USAGE', `"${ref}" is not a reference of the form pack.name`);
  return { pack: ref.slice(0, dot), name: ref.slice(dot + 1) };
}
