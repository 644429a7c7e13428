import { isEngineCommand, type TaskSpec, type WorkflowSpec } from './spec.js';

/** One transition reference: `from`'s `next[ref]` names `to` (with that transition's `when`). */
export interface TaskReference {
  readonly from: string;
  readonly to: string;
  readonly when?: string;
  readonly ref: number;
}

/**
 * How the tasks of a spec refer to each other, answered from the definition alone (Orquesta's
 * TaskMappingSpec helpers). An engine command name always means the command: a task defined
 * under such a name is looked at as an empty task.
 */
export class TaskRelations {
  readonly #spec: WorkflowSpec;
  readonly #next = new Map<string, TaskReference[]>();
  readonly #prev = new Map<string, TaskReference[]>();
  readonly #cycle = new Map<string, boolean>();

  constructor(spec: WorkflowSpec) {
    this.#spec = spec;
    for (const name of spec.tasks.keys()) {
      for (const ref of this.next(name)) {
        const list = this.#prev.get(ref.to) ?? [];
        list.push(ref);
        this.#prev.set(ref.to, list);
      }
    }
  }

  /** The task as the engine sees it: undefined for engine commands and unknown names. */
  task(name: string): TaskSpec | undefined {
    return isEngineCommand(name) ? undefined : this.#spec.tasks.get(name);
  }

  /** True for defined tasks and engine commands. */
  has(name: string): boolean {
    return isEngineCommand(name) || this.#spec.tasks.has(name);
  }

  /** The references `name` makes, sorted by target name (stable). */
  next(name: string): readonly TaskReference[] {
    let refs = this.#next.get(name);
    if (!refs) {
      refs = [];
      for (const t of this.task(name)?.next ?? []) {
        for (const to of t.do) refs.push({ from: name, to, ref: t.index, ...(t.when !== undefined ? { when: t.when } : {}) });
      }
      refs.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
      this.#next.set(name, refs);
    }
    return refs;
  }

  /** The references to `name` from every task of the spec. */
  prev(name: string): readonly TaskReference[] {
    return this.#prev.get(name) ?? [];
  }

  /** Tasks nothing refers to, sorted by name. */
  startTasks(): string[] {
    return [...this.#spec.tasks.keys()].filter((n) => this.prev(n).length === 0).sort();
  }

  /** True when the task has a `join` (any value: a bad one is a schema error). */
  isJoin(name: string): boolean {
    const body = this.#raw(name);
    return body !== undefined && body.join !== undefined && body.join !== null;
  }

  /** A non-join task referred to more than once. */
  isSplit(name: string): boolean {
    return !this.isJoin(name) && this.prev(name).length > 1;
  }

  /** True when following transitions from `name` leads back to it. */
  inCycle(name: string): boolean {
    let known = this.#cycle.get(name);
    if (known === undefined) {
      known = false;
      const seen = new Set<string>();
      const queue = this.next(name).map((r) => r.to);
      while (queue.length > 0) {
        const current = queue.shift()!;
        if (current === name) {
          known = true;
          break;
        }
        if (seen.has(current)) continue;
        seen.add(current);
        for (const r of this.next(current)) queue.push(r.to);
      }
      this.#cycle.set(name, known);
    }
    return known;
  }

  /** The raw body of a defined (non-command) task, for properties the model normalises away. */
  #raw(name: string): Record<string, unknown> | undefined {
    if (isEngineCommand(name)) return undefined;
    const tasks = this.#spec.data.tasks;
    if (tasks === null || typeof tasks !== 'object') return undefined;
    const body = (tasks as Record<string, unknown>)[name];
    return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  }
}
