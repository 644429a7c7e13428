import { maskSecretsDeep } from './mask.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured logging: one JSON object a line. `child()` adds fields (a correlation id, a component). */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LogSink {
  write(line: string): void;
}

/** JSON-lines logger. Field values whose names look secret are masked before they are written. */
export class JsonLogger implements Logger {
  readonly #sink: LogSink;
  readonly #level: LogLevel;
  readonly #fields: Record<string, unknown>;

  constructor(sink: LogSink = { write: (l) => process.stderr.write(l) }, level: LogLevel = 'info', fields: Record<string, unknown> = {}) {
    this.#sink = sink;
    this.#level = level;
    this.#fields = fields;
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.#log('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.#log('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.#log('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.#log('error', msg, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return new JsonLogger(this.#sink, this.#level, { ...this.#fields, ...fields });
  }

  #log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.#level]) return;
    const record = maskSecretsDeep({ time: new Date().toISOString(), level, msg, ...this.#fields, ...fields });
    this.#sink.write(JSON.stringify(record) + '\n');
  }
}

/** Drops everything; for tests and benchmarks that do not look at logs. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** Keeps records in memory so tests can assert on them. */
export class MemoryLogger implements Logger {
  readonly records: Record<string, unknown>[];
  readonly #fields: Record<string, unknown>;
  constructor(records: Record<string, unknown>[] = [], fields: Record<string, unknown> = {}) {
    this.records = records;
    this.#fields = fields;
  }
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.#push('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.#push('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.#push('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.#push('error', msg, fields);
  }
  child(fields: Record<string, unknown>): Logger {
    return new MemoryLogger(this.records, { ...this.#fields, ...fields });
  }
  #push(level: LogLevel, msg: string, fields?: Record<string, unknown>): void {
    this.records.push(maskSecretsDeep({ level, msg, ...this.#fields, ...fields }) as Record<string, unknown>);
  }
}
