import { ERROR_CODES, type ErrorCode } from './codes.js';

/** One problem in user content: where it is and what is wrong. */
export interface ErrorDetail {
  /** File the problem is in, relative to the pack or project root where possible. */
  file?: string;
  /** 1-based line in that file, when known. */
  line?: number;
  /** Field path inside the document, such as `parameters.cmd.type`. */
  field?: string;
  message: string;
}

/** The one error class Squall throws on purpose. `code` is stable; `details` lists every problem found. */
export class SquallError extends Error {
  readonly code: ErrorCode;
  readonly expose: boolean;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message?: string, options: { details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(message ?? ERROR_CODES[code].message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SquallError';
    this.code = code;
    this.expose = ERROR_CODES[code].expose;
    this.details = options.details ?? [];
  }

  /** Message plus one indented line per detail, as the CLI prints it. */
  describe(): string {
    const lines = [`${this.code}: ${this.message}`];
    for (const d of this.details) lines.push(`  ${formatDetail(d)}`);
    return lines.join('\n');
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** `file:line field: message`, leaving out the parts that are unknown. */
export function formatDetail(d: ErrorDetail): string {
  const where = [d.file ? (d.line ? `${d.file}:${d.line}` : d.file) : '', d.field ?? ''].filter(Boolean).join(' ');
  return where ? `${where}: ${d.message}` : d.message;
}

export function isSquallError(err: unknown): err is SquallError {
  return err instanceof SquallError;
}

/** Message of anything thrown, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
