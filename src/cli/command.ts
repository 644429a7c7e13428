/** What each CLI verb group file exports. `src/cli/main.ts` holds the table of them. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Parsed command line: positional words and `--flag value` / `--flag` options. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

export interface CliCommand {
  /** The verb group: `run`, `execution`, `pack`, `key`, `rule`, ... */
  readonly name: string;
  /** One line for `squall --help`. */
  readonly summary: string;
  /** Full usage text for `squall <name> --help`. */
  readonly usage: string;
  /** Flags that take no value (everything else after `--x` consumes the next word unless it is `--x=v`). */
  readonly booleanFlags?: readonly string[];
  /** Returns the process exit code. */
  run(args: ParsedArgs, io: CliIo, env: CliEnv): Promise<number>;
}

/** What a verb may use: the project paths and, built on first use, the whole application. */
export interface CliEnv {
  cwd: string;
  /** Environment variables, passed in so that tests can set them. */
  vars: Record<string, string | undefined>;
  /** Builds (once) and returns the started application. Verbs that only read files need not call it. */
  app(): Promise<import('../app.js').App>;
  /**
   * True when the application belongs to a running server that outlives this command (a command
   * forwarded to `squall start`): work the command started goes on after it returns.
   */
  hosted?: boolean;
}
