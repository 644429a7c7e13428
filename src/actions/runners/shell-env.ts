import { SquallError } from '../../errors/index.js';
import type { RunRequest } from './runner.js';

/**
 * The only variables an action inherits from Squall's own environment. Everything else (API
 * tokens, chat credentials, the datastore key path) stays in Squall's process.
 */
export const INHERITED_ENV_NAMES = ['PATH', 'HOME', 'LANG', 'USER'] as const;

/** PATH for actions when Squall's environment has none. */
const FALLBACK_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment of an action process, built from nothing: the inherited names, the request's
 * env, the runner's `env` parameter, then StackStorm's ST2_ACTION_* variables (which win, as in
 * st2, so an action cannot be told it is another execution).
 */
export function buildActionEnv(request: RunRequest, baseEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV_NAMES) {
    const value = baseEnv[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= FALLBACK_PATH;
  for (const [name, value] of Object.entries(request.env)) setVariable(env, name, value, 'env');
  const param = request.parameters.env;
  if (param !== undefined && param !== null) {
    if (typeof param !== 'object' || Array.isArray(param)) {
      throw new SquallError('PARAMETERS_INVALID', 'parameter "env" must be an object of variable names to values', { details: [{ field: 'env', message: 'must be an object' }] });
    }
    for (const [name, value] of Object.entries(param)) {
      if (value === undefined || value === null) continue;
      setVariable(env, name, typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value), 'env');
    }
  }
  const debug = request.parameters.debug === true;
  Object.assign(env, {
    ST2_ACTION_PACK_NAME: request.action.pack,
    ST2_ACTION_EXECUTION_ID: request.execution.id,
    ST2_ACTION_API_URL: request.services.apiUrl ?? '',
    // st2 exports Python's str(bool).
    ST2_ACTION_DEBUG: debug ? 'True' : 'False',
    // Squall has no per-execution API tokens; the variable exists so scripts that read it do not break.
    ST2_ACTION_AUTH_TOKEN: '',
  });
  return env;
}

function setVariable(env: Record<string, string>, name: string, value: string, field: string): void {
  // The OS cannot represent these; reject them clearly instead of letting spawn fail obscurely.
  if (name === '' || name.includes('=') || name.includes('\0')) {
    throw new SquallError('PARAMETERS_INVALID', `environment variable name ${JSON.stringify(name)} is not valid`, { details: [{ field: `${field}.${name}`, message: 'names must be non-empty and contain no "=" or NUL' }] });
  }
  if (value.includes('\0')) {
    throw new SquallError('PARAMETERS_INVALID', `environment variable ${name} contains a NUL character`, { details: [{ field: `${field}.${name}`, message: 'values cannot contain NUL' }] });
  }
  env[name] = value;
}
