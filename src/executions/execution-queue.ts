/**
 * Where scheduled executions wait for a worker. One in-process implementation; a BullMQ/Redis
 * backend can replace it so that several machines share the work, without touching callers.
 */
export interface ExecutionQueue {
  /** Queues an execution id; the worker function runs it when a slot is free. */
  enqueue(executionId: string): void;
  /** Sets the function that runs one execution. Called once at start-up. */
  process(worker: (executionId: string) => Promise<void>): void;
  /** How many are waiting and how many are running now. */
  stats(): { waiting: number; running: number };
  /** Resolves when nothing is waiting or running. */
  idle(): Promise<void>;
}

/** Runs up to `concurrency` executions at once, the rest first in, first out. */
export class InProcessExecutionQueue implements ExecutionQueue {
  readonly #concurrency: number;
  readonly #waiting: string[] = [];
  #head = 0;
  #running = 0;
  #worker: ((id: string) => Promise<void>) | undefined;
  #idleWaiters: (() => void)[] = [];

  constructor(concurrency: number) {
    this.#concurrency = Math.max(1, concurrency);
  }

  process(worker: (executionId: string) => Promise<void>): void {
    this.#worker = worker;
    this.#pump();
  }

  enqueue(executionId: string): void {
    this.#waiting.push(executionId);
    this.#pump();
  }

  stats(): { waiting: number; running: number } {
    return { waiting: this.#waiting.length - this.#head, running: this.#running };
  }

  idle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.#running === 0 && this.#head >= this.#waiting.length;
  }

  #pump(): void {
    const worker = this.#worker;
    if (!worker) return;
    while (this.#running < this.#concurrency && this.#head < this.#waiting.length) {
      const id = this.#waiting[this.#head++]!;
      if (this.#head > 4096 && this.#head * 2 > this.#waiting.length) {
        this.#waiting.splice(0, this.#head);
        this.#head = 0;
      }
      this.#running++;
      // The worker owns its errors; the catch only keeps a bug from wedging the queue.
      worker(id)
        .catch(() => undefined)
        .finally(() => {
          this.#running--;
          this.#pump();
          if (this.#isIdle()) {
            const waiters = this.#idleWaiters;
            this.#idleWaiters = [];
            for (const w of waiters) w();
          }
        });
    }
  }
}
