import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../util/logger.js';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 10, [LogLevel.INFO]: 20, [LogLevel.WARN]: 30, [LogLevel.ERROR]: 40 };

/**
 * Bolt, the Web API client and the Socket Mode client log through this, so their lines come out
 * as Squall's structured JSON (with the component name) instead of bare console text. The level
 * matters beyond filtering: the SDKs log whole payloads when `getLevel()` says debug.
 */
export class BoltLogger implements SlackLogger {
  readonly #logger: Logger;
  #level: LogLevel;
  #name = 'slack';

  constructor(logger: Logger, level: LogLevel = LogLevel.INFO) {
    this.#logger = logger;
    this.#level = level;
  }

  debug(...msg: unknown[]): void {
    if (this.#enabled(LogLevel.DEBUG)) this.#logger.debug(join(msg), { component: this.#name });
  }
  info(...msg: unknown[]): void {
    if (this.#enabled(LogLevel.INFO)) this.#logger.info(join(msg), { component: this.#name });
  }
  warn(...msg: unknown[]): void {
    if (this.#enabled(LogLevel.WARN)) this.#logger.warn(join(msg), { component: this.#name });
  }
  error(...msg: unknown[]): void {
    if (this.#enabled(LogLevel.ERROR)) this.#logger.error(join(msg), { component: this.#name });
  }
  setLevel(level: LogLevel): void {
    this.#level = level;
  }
  getLevel(): LogLevel {
    return this.#level;
  }
  setName(name: string): void {
    this.#name = name;
  }

  #enabled(level: LogLevel): boolean {
    return ORDER[level] >= ORDER[this.#level];
  }
}

function join(msg: unknown[]): string {
  return msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
}
