/**
 * An error raised while evaluating template code, named after the Python exception Jinja2 would
 * raise (`TypeError`, `UndefinedError`, `ZeroDivisionError`, ...), so messages read the way
 * StackStorm users know them.
 */
export class PythonError extends Error {
  readonly kind: string;
  /** 1-based template line, filled in by the interpreter as the error passes a statement. */
  line?: number;

  constructor(kind: string, message: string) {
    super(message);
    this.name = 'PythonError';
    this.kind = kind;
  }
}

export function typeError(message: string): PythonError {
  return new PythonError('TypeError', message);
}

export function valueError(message: string): PythonError {
  return new PythonError('ValueError', message);
}
