import { SquallError } from '../errors/index.js';

/** Who answers an inquiry. */
export interface Responder {
  /** The Squall user name (chat users map to theirs before they get here). */
  user: string;
  /** The user's roles when the caller already knows them; otherwise `rolesOf` is asked. */
  roles?: readonly string[];
  /** How the response arrived (`cli`, `chat`, `api`), recorded with the response. */
  via?: string;
}

/**
 * The roles of a user, or undefined when no role information exists (StackStorm without RBAC,
 * where every role check passes).
 */
export type RolesOf = (user: string) => readonly string[] | undefined;

/**
 * StackStorm's `check_permission`: the `users` list, when not empty, must name the responder, and
 * the `roles` list, when not empty, must share a role with the responder. Both lists apply: an
 * inquiry limited to users and roles admits only a listed user holding a listed role. Both empty
 * admits anyone. Without role information the role check passes, as it does in StackStorm when
 * RBAC is off. Throws INQUIRY_FORBIDDEN.
 */
export function checkResponder(inquiry: { id: string; users: readonly string[]; roles: readonly string[] }, responder: Responder, rolesOf?: RolesOf): void {
  const usersPass = inquiry.users.length === 0 || inquiry.users.includes(responder.user);
  let rolesPass = true;
  if (inquiry.roles.length > 0) {
    const held = responder.roles ?? rolesOf?.(responder.user);
    rolesPass = held === undefined || held.some((r) => inquiry.roles.includes(r));
  }
  if (usersPass && rolesPass) return;
  const reasons = [
    ...(usersPass ? [] : [{ field: 'users', message: `${responder.user} is not one of ${inquiry.users.join(', ')}` }]),
    ...(rolesPass ? [] : [{ field: 'roles', message: `${responder.user} holds none of the roles ${inquiry.roles.join(', ')}` }]),
  ];
  throw new SquallError('INQUIRY_FORBIDDEN', `${responder.user} may not respond to inquiry ${inquiry.id}`, { details: reasons });
}
