import type { Clock } from '../../util/clock.js';
import { systemClock } from '../../util/clock.js';
import { silentLogger, type Logger } from '../../util/logger.js';
import { HttpRequestRunner } from './http-request.js';
import { InquirerRunner } from './inquirer.js';
import { LocalShellCmdRunner } from './local-shell-cmd.js';
import { LocalShellScriptRunner } from './local-shell-script.js';
import { NodejsRunner } from './nodejs.js';
import { NoopRunner } from './noop.js';
import { OrquestaRunner, type WorkflowHost } from './orquesta.js';
import type { Runner } from './runner.js';
import type { ShellRunnerDeps } from './shell-process.js';

/** What the built-in runners need; everything has a working default. */
export interface RunnerDeps {
  /**
   * Squall's own environment, as the configuration read it; only PATH, HOME, LANG and USER reach
   * actions. Without it actions get a standard PATH and nothing else.
   */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Bytes of stdout and of stderr kept per shell execution. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Largest HTTP response body accepted. Default 16 MiB. */
  maxHttpBodyBytes?: number;
  /** Milliseconds between SIGTERM and SIGKILL when an action's process tree is stopped. Default 2000. */
  killGraceMs?: number;
  /** The shell for `cmd`. Default /bin/bash. */
  shell?: string;
  /** Squall's user id; decides whether `sudo: true` needs sudo. Default: the process's uid. */
  uid?: number;
  /** Pack configuration for nodejs actions' `context.config`. */
  packConfig?: (pack: string) => Record<string, unknown> | undefined;
  /** Sent as the HTTP User-Agent. Default `squall`. */
  userAgent?: string;
  clock?: Clock;
  /** Where runner-level events go (nodejs module loads); per-execution events use the request's logger. */
  logger?: Logger;
  /** The workflow engine; with it the `orquesta` runner is available. */
  workflows?: WorkflowHost;
}

/**
 * The runners Squall runs itself, by StackStorm runner name; `orquesta` when a workflow engine is
 * given. Runners implemented elsewhere (announcement) are added to this map by the composition root.
 */
export function createRunners(deps: RunnerDeps = {}): Record<string, Runner> {
  const clock = deps.clock ?? systemClock;
  const shell: ShellRunnerDeps = {
    baseEnv: deps.baseEnv ?? {},
    maxOutputBytes: deps.maxOutputBytes ?? 1024 * 1024,
    killGraceMs: deps.killGraceMs ?? 2000,
    shell: deps.shell ?? '/bin/bash',
    uid: deps.uid ?? process.getuid?.(),
    clock,
  };
  return {
    'local-shell-cmd': new LocalShellCmdRunner(shell),
    'local-shell-script': new LocalShellScriptRunner(shell),
    'http-request': new HttpRequestRunner({ clock, maxBodyBytes: deps.maxHttpBodyBytes ?? 16 * 1024 * 1024, userAgent: deps.userAgent ?? 'squall' }),
    noop: new NoopRunner(),
    inquirer: new InquirerRunner(),
    nodejs: new NodejsRunner({ clock, packConfig: deps.packConfig, logger: deps.logger ?? silentLogger }),
    ...(deps.workflows ? { orquesta: new OrquestaRunner(deps.workflows) } : {}),
  };
}
