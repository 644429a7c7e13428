/**
 * Starts the real engine (`createApp`) for tests: lowdb store in a temporary data dir, the test's
 * packs directory plus the project's built-in packs, no logs. Apps started here are stopped by
 * `stopTestApps()`; `restart()` stops an app and starts a new one on the same data dir.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App, type CreateAppOptions } from '../../src/app.js';
import type { Execution } from '../../src/model/index.js';
import { makeTempDir } from './temp-pack.js';

/** The project directory (where package.json and the built-in packs are). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Configuration overrides as `createApp` takes them. */
export type ConfigOverrides = NonNullable<CreateAppOptions['overrides']>;

export interface TestAppOptions {
  /** The test's packs directory; searched before the project's `packs/`. */
  packsDir: string;
  /** Default: a new temporary directory. */
  dataDir?: string;
  /** Merged over the test defaults (data dir, packs paths, key file). */
  overrides?: ConfigOverrides;
  clock?: CreateAppOptions['clock'];
  logger?: CreateAppOptions['logger'];
}

/** A running engine and what it was started from. */
export interface TestApp {
  /** The current app (replaced by `restart`). */
  app: App;
  readonly dataDir: string;
  readonly packsDir: string;
  /** Stops the app and starts a new one on the same data dir, packs and overrides. */
  restart(): Promise<App>;
  stop(): Promise<void>;
}

const running = new Set<App>();

/** The overrides a test app runs with: its data dir, its packs then the built-in ones, the key file in the data dir. */
export function testOverrides(options: { packsDir: string; dataDir: string; overrides?: ConfigOverrides }): ConfigOverrides {
  return {
    dataDir: options.dataDir,
    packsPaths: [options.packsDir, path.join(PROJECT_ROOT, 'packs')],
    keyFile: path.join(options.dataDir, 'keys', 'datastore_key.json'),
    http: { enabled: false },
    store: { coalesceMs: 20 },
    ...options.overrides,
  };
}

/** Starts the engine on `options.packsDir`. Nothing is read from the environment. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const dataDir = options.dataDir ?? makeTempDir('squall-data-');
  // The root is a directory of its own, so that no squall.yaml, aliases or configs of the project leak in.
  const root = path.dirname(dataDir);
  const start = async (): Promise<App> => {
    const app = await createApp({
      root,
      env: {},
      overrides: testOverrides({ packsDir: options.packsDir, dataDir, ...(options.overrides ? { overrides: options.overrides } : {}) }),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.logger ? { logger: options.logger } : { quiet: true }),
    });
    running.add(app);
    return app;
  };
  const stopApp = async (app: App): Promise<void> => {
    running.delete(app);
    await app.stop();
  };
  const handle: TestApp = {
    app: await start(),
    dataDir,
    packsDir: options.packsDir,
    async restart() {
      await stopApp(handle.app);
      handle.app = await start();
      return handle.app;
    },
    stop: () => stopApp(handle.app),
  };
  return handle;
}

/** Stops every app `startTestApp` started that is still running (call it from `afterEach`). */
export async function stopTestApps(): Promise<void> {
  const apps = [...running];
  running.clear();
  await Promise.all(apps.map((a) => a.stop()));
}

/** Polls `probe` until it returns something truthy; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor<T>(probe: () => T | undefined | null | false, what = 'condition', timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the execution has the given status (or any completed one when `status` is omitted). */
export function waitForStatus(app: App, id: string, status: Execution['status'], timeoutMs = 5000): Promise<Execution> {
  return waitFor(() => {
    const e = app.executions.get(id);
    return e && e.status === status ? e : undefined;
  }, `execution ${id} to be ${status}`, timeoutMs);
}

/** The statuses an execution went through, in order. */
export function statusLog(execution: Execution): string[] {
  return execution.log.map((l) => l.status);
}
