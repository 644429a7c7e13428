/** What a masked secret looks like everywhere: stored executions, logs, chat, CLI and API output. */
export const MASKED = '********';

/** Attribute names that are secret wherever they appear (StackStorm's `[log] mask_secrets` list). */
const SECRET_NAMES = new Set(['password', 'auth_token', 'token', 'secret', 'credentials', 'st2_auth_token', 'api_key', 'sudo_password', 'private_key', 'passphrase']);

export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(name.toLowerCase());
}

/** Copies a value, replacing every field with a secret-looking name by MASKED. */
export function maskSecretsDeep<T>(value: T, depth = 0): T {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskSecretsDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = isSecretName(k) && v !== null && v !== undefined && v !== '' ? MASKED : maskSecretsDeep(v, depth + 1);
  }
  return out as T;
}

/** Copies `params`, masking the named secret keys (top level). */
export function maskNamed(params: Record<string, unknown>, secretKeys: Iterable<string>): Record<string, unknown> {
  const out = { ...params };
  for (const k of secretKeys) if (k in out && out[k] !== undefined && out[k] !== null) out[k] = MASKED;
  return out;
}
