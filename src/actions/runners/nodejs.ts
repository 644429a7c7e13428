import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { SquallError, errorMessage } from '../../errors/index.js';
import type { KeyValueStore } from '../../datastore/key-value.js';
import type { ParameterSpec } from '../../model/index.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { resolveEntryPoint } from './entry-point.js';
import type { Runner, RunOutcome, RunRequest } from './runner.js';
import { declaredParameters } from './runner-spec.js';

/** What a `nodejs` action's `run(params, context)` receives besides its parameters. */
export interface NodejsActionContext {
  execution_id: string;
  pack: string;
  /** The action ref, `pack.name`. */
  action: string;
  logger: Logger;
  kv: KeyValueStore;
  /** The pack's configuration, when it has one. */
  config?: Record<string, unknown>;
  /** True when the `debug` runner parameter is set. */
  debug: boolean;
  /** Aborted on cancel and on timeout; long-running actions should stop when it fires. */
  signal: AbortSignal;
  dispatchTrigger(trigger: string, payload: Record<string, unknown>, traceTag?: string): void;
}

/** The shape of a `nodejs` entry point module. */
export interface NodejsActionModule {
  run(parameters: Record<string, unknown>, context: NodejsActionContext): unknown;
}

/** What the nodejs runner needs from its surroundings. */
export interface NodejsRunnerDeps {
  clock: Clock;
  /** The configuration of a pack (StackStorm's `config_context`), if it has one. */
  packConfig?: ((pack: string) => Record<string, unknown> | undefined) | undefined;
  logger: Logger;
}

/** Timeout (seconds) when the merged parameters carry none. */
const DEFAULT_TIMEOUT = 600;

/**
 * `nodejs`: Squall's native runner. The entry point is a JavaScript or TypeScript module in the
 * pack's `actions/` directory exporting `run(params, context)`; it runs inside Squall's process.
 * The returned value (awaited) is the result; a thrown error fails the execution with
 * `{ error: message }`. On timeout or cancel the execution completes at once and
 * `context.signal` is aborted, but code that ignores the signal keeps running in the background
 * until it returns, since in-process code cannot be killed. A module is re-imported when its file's
 * modification time changes, so edited packs take effect without a restart (modules it imports
 * are not reloaded).
 */
export class NodejsRunner implements Runner {
  readonly name = 'nodejs';
  readonly parameters: Record<string, ParameterSpec> = declaredParameters('nodejs');
  readonly #deps: NodejsRunnerDeps;
  readonly #runnerNames: ReadonlySet<string>;
  readonly #modules = new Map<string, { version: string; module: NodejsActionModule }>();

  constructor(deps: NodejsRunnerDeps) {
    this.#deps = deps;
    this.#runnerNames = new Set(Object.keys(this.parameters));
  }

  async run(request: RunRequest): Promise<RunOutcome> {
    const file = resolveEntryPoint(request.action);
    const module = await this.#load(file, request.action.ref);
    if (request.signal.aborted) return { status: 'canceled', result: { error: 'Action was canceled before it started' } };

    const timeout = typeof request.parameters.timeout === 'number' ? request.parameters.timeout : DEFAULT_TIMEOUT;
    const controller = new AbortController();
    const config = this.#deps.packConfig?.(request.action.pack);
    const context: NodejsActionContext = {
      execution_id: request.execution.id,
      pack: request.action.pack,
      action: request.action.ref,
      logger: request.logger,
      kv: request.services.kv,
      ...(config ? { config } : {}),
      debug: request.parameters.debug === true,
      signal: controller.signal,
      dispatchTrigger: (trigger, payload, traceTag) => request.services.dispatchTrigger(trigger, payload, traceTag),
    };
    const params = Object.fromEntries(Object.entries(request.parameters).filter(([k]) => !this.#runnerNames.has(k)));

    return new Promise<RunOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: RunOutcome): void => {
        if (settled) return;
        settled = true;
        timer?.cancel();
        request.signal.removeEventListener('abort', onAbort);
        if (outcome.status !== 'succeeded' && outcome.status !== 'failed') controller.abort();
        resolve(outcome);
      };
      const timer = timeout > 0 ? this.#deps.clock.setTimeout(() => settle({ status: 'timeout', result: { error: `Action failed to complete in ${timeout} seconds` } }), timeout * 1000) : undefined;
      const onAbort = (): void => settle({ status: 'canceled', result: { error: 'Action was canceled' } });
      request.signal.addEventListener('abort', onAbort, { once: true });

      Promise.resolve()
        .then(() => module.run(params, context))
        .then(
          (value) => settle({ status: 'succeeded', result: value === undefined ? null : value }),
          (err: unknown) => {
            request.logger.warn('nodejs action threw', { error: errorMessage(err) });
            settle({ status: 'failed', result: { error: errorMessage(err) } });
          },
        );
    });
  }

  /** Imports `file`, again whenever its modification time changes. */
  async #load(file: string, ref: string): Promise<NodejsActionModule> {
    const stat = statSync(file);
    // Size as well as time: two writes within the file system's time resolution still differ.
    const version = `${stat.mtimeMs}-${stat.size}`;
    const cached = this.#modules.get(file);
    if (cached && cached.version === version) return cached.module;
    // A CommonJS-format module is cached by path in require.cache; a new URL query alone would not reload it.
    delete createRequire(import.meta.url).cache[file];
    let loaded: Record<string, unknown>;
    try {
      loaded = (await import(`${pathToFileURL(file).href}?version=${version}`)) as Record<string, unknown>;
    } catch (err) {
      throw new SquallError('ENTRY_POINT_INVALID', `cannot load ${file} for ${ref}: ${errorMessage(err)}`, { cause: err });
    }
    const fallback = loaded.default as Record<string, unknown> | undefined;
    const run = typeof loaded.run === 'function' ? loaded.run : typeof fallback?.run === 'function' ? fallback.run : undefined;
    if (typeof run !== 'function') {
      throw new SquallError('ENTRY_POINT_INVALID', `${file} of ${ref} does not export a run(params, context) function`, { details: [{ file, field: 'run', message: 'missing export' }] });
    }
    const module: NodejsActionModule = { run: run as NodejsActionModule['run'] };
    this.#deps.logger.info(cached ? 'nodejs action module reloaded' : 'nodejs action module loaded', { action: ref, file });
    this.#modules.set(file, { version, module });
    return module;
  }
}
