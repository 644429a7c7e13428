import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { SquallError } from '../errors/index.js';

/**
 * One process at a time owns a data directory: the store file and journal are not written by two.
 * The lock file holds the owner's pid; a lock whose process is gone is taken over.
 */
export class DirLock {
  /** Lock files this process holds: a second owner inside the same process is refused too. */
  static readonly #held = new Set<string>();
  readonly #file: string;

  private constructor(file: string) {
    this.#file = file;
  }

  static acquire(dir: string): DirLock {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'squall.lock');
    if (DirLock.#held.has(file)) {
      throw new SquallError('STORE_LOCKED', `data directory ${dir} is already open in this process; stop that app first`);
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        writeSync(fd, String(process.pid));
        closeSync(fd);
        DirLock.#held.add(file);
        return new DirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number(readFileSync(file, 'utf8').trim());
        // Our own pid in a lock we do not hold is a leftover of a process that had the same pid.
        if (owner && owner !== process.pid && isAlive(owner)) {
          throw new SquallError(
            'STORE_LOCKED',
            `data directory ${dir} is in use by Squall process ${owner}; stop it, or start the server (squall start) so that the CLI sends commands to it`,
          );
        }
        rmSync(file, { force: true });
      }
    }
    throw new SquallError('STORE_LOCKED', `could not lock data directory ${dir}`);
  }

  release(): void {
    DirLock.#held.delete(this.#file);
    try {
      if (Number(readFileSync(this.#file, 'utf8').trim()) === process.pid) rmSync(this.#file, { force: true });
    } catch {
      // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
