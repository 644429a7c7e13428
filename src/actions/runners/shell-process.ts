import { statSync } from 'node:fs';
import path from 'node:path';
import { SquallError, errorMessage } from '../../errors/index.js';
import type { Clock } from '../../util/clock.js';
import { runProcessTree } from '../../util/process-tree.js';
import type { RunOutcome, RunRequest } from './runner.js';
import { buildActionEnv } from './shell-env.js';

/** What the local shell runners need from their surroundings. */
export interface ShellRunnerDeps {
  /** Squall's own environment; only PATH, HOME, LANG and USER reach actions. */
  baseEnv: Readonly<Record<string, string | undefined>>;
  /** Bytes of stdout and of stderr kept per execution. */
  maxOutputBytes: number;
  /** Milliseconds between SIGTERM and SIGKILL when an action is stopped. */
  killGraceMs: number;
  /** The shell that runs `cmd` (StackStorm uses bash). */
  shell: string;
  /** Squall's user id; 0 means root, where `sudo: true` needs no sudo. */
  uid: number | undefined;
  clock: Clock;
}

/** A program and its argv, before any sudo wrapping. */
export interface Invocation {
  file: string;
  args: string[];
}

/** StackStorm's default timeout for the local runners, in seconds. */
export const DEFAULT_SHELL_TIMEOUT = 60;
/** The return code st2 reports for a timed-out action (minus SIGKILL). */
const TIMEOUT_RETURN_CODE = -9;

/**
 * Runs a local action process and turns what it did into StackStorm's result:
 * `{failed, succeeded, return_code, stdout, stderr}` plus `error` when it was stopped.
 * stdout and stderr lose one trailing newline and are JSON-decoded when they are JSON, as st2 does.
 */
export async function runShellAction(request: RunRequest, invocation: Invocation, deps: ShellRunnerDeps): Promise<RunOutcome> {
  if (request.signal.aborted) return { status: 'canceled', result: { failed: true, succeeded: false, error: 'Action was canceled before it started' } };
  const params = request.parameters;
  const env = buildActionEnv(request, deps.baseEnv);
  const cwd = workingDirectory(params.cwd, request.action.pack_path);
  const timeout = typeof params.timeout === 'number' ? params.timeout : DEFAULT_SHELL_TIMEOUT;
  const sudoPassword = typeof params.sudo_password === 'string' && params.sudo_password !== '' ? params.sudo_password : undefined;
  const wrapped = withSudo(invocation, { sudo: params.sudo === true, password: sudoPassword, uid: deps.uid });

  request.logger.debug('starting action process', { file: wrapped.file, cwd, timeout });
  let run;
  try {
    run = await runProcessTree(wrapped.file, wrapped.args, {
      cwd,
      env,
      ...(wrapped.input === undefined ? {} : { input: wrapped.input }),
      maxOutputBytes: deps.maxOutputBytes,
      timeoutMs: timeout > 0 ? timeout * 1000 : 0,
      signal: request.signal,
      graceMs: deps.killGraceMs,
      clock: deps.clock,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_INVALID_ARG_VALUE' || code === 'ERR_INVALID_ARG_TYPE') {
      throw new SquallError('PARAMETERS_INVALID', `action arguments cannot be passed to a process: ${errorMessage(err)}`, { cause: err });
    }
    if (code === 'E2BIG') {
      throw new SquallError('PARAMETERS_INVALID', 'action arguments and environment are too large for the operating system to pass to a process', { cause: err });
    }
    throw new SquallError('RUNNER_FAILED', `cannot start ${wrapped.file}: ${errorMessage(err)}`, { cause: err });
  }

  let returnCode = run.exitCode;
  let error: string | undefined;
  if (run.timedOut) {
    returnCode = TIMEOUT_RETURN_CODE;
    error = `Action failed to complete in ${timeout} seconds`;
  } else if (run.canceled) {
    error = 'Action was canceled';
  }
  if (sudoPassword && /sudo: \d+ incorrect password attempts/.test(run.stderr)) {
    const user = /\[sudo\] password for (.+?):/.exec(run.stderr)?.[1] ?? 'unknown';
    error = `Invalid sudo password provided or sudo is not configured for this user (${user})`;
    returnCode = -1;
  }
  const succeeded = returnCode === 0 && !run.timedOut && !run.canceled;
  const result: Record<string, unknown> = {
    failed: !succeeded,
    succeeded,
    return_code: returnCode,
    stdout: decodeOutput(run.stdout),
    stderr: decodeOutput(run.stderr),
  };
  if (error) result.error = error;
  const status = run.timedOut ? 'timeout' : run.canceled ? 'canceled' : succeeded ? 'succeeded' : 'failed';
  return { status, result };
}

/**
 * `sudo` as StackStorm applies it: `sudo -E -- <program>` (keeping the prepared environment), with
 * `-S` and the password on stdin when one is given. Squall running as root runs the program directly.
 */
export function withSudo(invocation: Invocation, options: { sudo: boolean; password?: string | undefined; uid: number | undefined }): Invocation & { input?: string } {
  if (!options.sudo || options.uid === 0) return invocation;
  const args = ['-E', ...(options.password === undefined ? [] : ['-S']), '--', invocation.file, ...invocation.args];
  return options.password === undefined ? { file: 'sudo', args } : { file: 'sudo', args, input: `${options.password}\n` };
}

/** st2's strip_shell_chars (one trailing \n, then one \r) followed by its JSON decoding attempt. */
export function decodeOutput(text: string): unknown {
  let out = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (out.endsWith('\r')) out = out.slice(0, -1);
  if (out.trim() === '') return out;
  try {
    return JSON.parse(out) as unknown;
  } catch {
    return out;
  }
}

function workingDirectory(value: unknown, packPath: string): string {
  if (value === undefined || value === null || value === '') return packPath;
  if (typeof value !== 'string') throw new SquallError('PARAMETERS_INVALID', 'parameter "cwd" must be a string', { details: [{ field: 'cwd', message: 'must be a string' }] });
  // A relative cwd is taken relative to the pack, the directory the action's files live in.
  const dir = path.resolve(packPath, value);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new SquallError('PARAMETERS_INVALID', `working directory ${dir} does not exist`, { details: [{ field: 'cwd', message: 'is not an existing directory' }] });
  return dir;
}
