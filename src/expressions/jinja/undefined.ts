/**
 * Jinja2's Undefined: what a missing variable, key, attribute or index evaluates to. In strict
 * mode (parameters, rules, workflows) any use other than `is defined` or `| default` fails with
 * the hint; in lenient mode (alias result formatting) it prints as "".
 */
import { PythonError } from '../../python/errors.js';
import { PY_REPR, PY_STR, type PyStringable } from '../../python/protocol.js';

export class JinjaUndefined implements PyStringable {
  /** Why the value is missing, in Jinja2's words: `'x' is undefined`, `'dict object' has no attribute 'k'`. */
  readonly hint: string;
  /** Lenient even under StrictUndefined: Jinja2 uses the plain Undefined for `a if b` without else. */
  readonly #alwaysLenient: boolean;

  constructor(hint: string, options: { alwaysLenient?: boolean } = {}) {
    this.hint = hint;
    this.#alwaysLenient = options.alwaysLenient ?? false;
  }

  /** Whether using this value is an error under the given policy. */
  failsWhen(strict: boolean): boolean {
    return strict && !this.#alwaysLenient;
  }

  error(): PythonError {
    return new PythonError('UndefinedError', this.hint);
  }

  [PY_STR](): string {
    return '';
  }

  [PY_REPR](): string {
    return '';
  }
}

export function isUndefined(v: unknown): v is JinjaUndefined {
  return v instanceof JinjaUndefined;
}
