/**
 * The exception Python would raise, for code that reproduces Python's semantics (criteria
 * operators, Jinja2 templates, YAQL). It is not a SquallError: what a Python-level failure means
 * depends on who ran the operation (a criterion that does not apply, a template that cannot be
 * rendered), so each caller turns it into its own outcome.
 */
export class PythonError extends Error {
  /** The exception's class name as Python's `type(e).__name__` gives it: `TypeError`, `KeyError`, `error` (re). */
  readonly kind: string;
  /** What `str(e)` gives in Python, without the class name. */
  readonly pyMessage: string;
  /** 1-based template line, filled in by a template interpreter as the error passes a statement. */
  line?: number;

  /** `message` reads as Python's last traceback line: `TypeError: unhashable type: 'list'`. */
  constructor(kind: string, pyMessage: string) {
    super(`${kind}: ${pyMessage}`);
    this.name = 'PythonError';
    this.kind = kind;
    this.pyMessage = pyMessage;
  }
}

/** `TypeError(message)`. */
export function typeError(message: string): PythonError {
  return new PythonError('TypeError', message);
}

/** `ValueError(message)`. */
export function valueError(message: string): PythonError {
  return new PythonError('ValueError', message);
}
