/**
 * Jinja2's Undefined: what a missing variable, key, attribute or index evaluates to. In strict
 * mode (parameters, rules, workflows) any use other than `is defined` or `| default` fails with
 * the hint; in lenient mode (alias result formatting) it prints as "".
 */
import { PythonError } from '../python/errors.js';
import { PY_REPR, PY_STR, type PyStringable } from '../python/protocol.js';

export class JinjaUndefined implements PyStringable {
  /** Why the value is missing, in Jinja2's words: `'x' is undefined`, `'dict object' has no attribute 'k'`. */
  readonly hint: string;

  constructor(hint: string) {
    this.hint = hint;
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
