import type { RetrySpec, WorkflowSpec } from './spec.js';
import { TaskRelations } from './spec-relations.js';

/**
 * The task graph of a workflow, composed the way Orquesta composes it (composers/native.py):
 *
 * - **Nodes** are the tasks reachable from the start tasks, plus the engine commands `continue`,
 *   `fail` and `noop` when a transition names them (they are nodes so that the conductor can stage
 *   them like tasks and turn them into engine events). `retry` is never a node: `do: retry` sets the
 *   task's retry policy instead (`{ when: <that transition's when, or <% completed() %>>, count: 3 }`).
 * - **Start tasks** are the tasks no transition of any task names (the graph's roots), sorted by name.
 * - **Edges** are one per (transition, target): task `a` with `next[i].do: [b, c]` has an edge a→b
 *   and an edge a→c, each carrying `ref = i` and `criteria = [when]` (empty when there is no `when`).
 *   Several edges between the same two tasks get `key` 0, 1, 2... in the order of `next`; an edge
 *   written twice (same `when`, same `ref`) is one edge. Orquesta names edges by key, not by `ref`:
 *   `id` = `<to>__t<key>` (the key of the task state's `next` map and of runtime errors'
 *   `task_transition_id`), `backref` = `<from>__t<key>` (what routes and a task state's `prev` hold).
 * - **Joins**: a task with `join` is a barrier. `join: all` waits for one satisfied transition from
 *   every distinct inbound task; `join: N` for N of them (see `requirement()`).
 * - **Cycles** are allowed; `inCycle(task)` tells whether a task is on one.
 *
 * **Routes** (how a split is modelled; the conductor owns the route table). The conductor keeps a
 * list of routes; route 0 is `[]`, the main line every start task runs on. A task is a *split
 * task* (`isSplit`) when it is not a join, more than one transition reference names it in the
 * spec (counting every task, reachable or not, and engine commands alike), and it is not in a
 * cycle. When an edge `e` from a task on route `r` stages a split task, the target runs on a new
 * route: the conductor appends `routes[r]` plus `e.backref` (unless already in it) to the route
 * table and uses its index. So a non-join task reached from `task2` and `task3` runs twice, on
 * routes `[task2__t0]` and `[task3__t0]`, and everything downstream of it inherits that route
 * (task ids `task4__r1`, `task4__r2` in rehearsals). Any other target keeps the route it came on.
 * A join is evaluated per route: its inbound edges are checked against the task states of the
 * route the arriving transition came on.
 */
export class WorkflowGraph {
  readonly #nodes = new Map<string, GraphNode>();
  readonly #out = new Map<string, GraphEdge[]>();
  readonly #in = new Map<string, GraphEdge[]>();
  #cyclic?: Set<string>;
  readonly #relations: TaskRelations;
  readonly #starts: string[];

  private constructor(spec: WorkflowSpec) {
    this.#relations = new TaskRelations(spec);
    this.#starts = this.#relations.startTasks();
  }

  /** Composes the graph of `spec`. Transitions to tasks the spec does not define are left out. */
  static fromSpec(spec: WorkflowSpec): WorkflowGraph {
    const graph = new WorkflowGraph(spec);
    graph.#compose();
    return graph;
  }

  /** Every node (tasks and engine commands), in the order they were reached. */
  tasks(): string[] {
    return [...this.#nodes.keys()];
  }

  /** True when `task` is a node of the graph (reachable from a start task). */
  hasTask(task: string): boolean {
    return this.#nodes.has(task);
  }

  /** The tasks that start the workflow (no inbound transition anywhere in the spec), by name. */
  startTasks(): string[] {
    return [...this.#starts];
  }

  /** The edges leaving `task`, ordered by target name then key (the order Orquesta evaluates them). */
  outbound(task: string): readonly GraphEdge[] {
    return this.#out.get(task) ?? [];
  }

  /** The edges arriving at `task`, in the order they were composed. */
  inbound(task: string): readonly GraphEdge[] {
    return this.#in.get(task) ?? [];
  }

  /** Nodes without outbound edges. */
  leaves(): string[] {
    return this.tasks().filter((t) => this.outbound(t).length === 0).sort();
  }

  /** True when `task` has a `join`. */
  isJoin(task: string): boolean {
    return this.#nodes.get(task)?.barrier !== undefined;
  }

  /** The join of `task`: `'all'`, a count, or undefined for a task that is not a join. */
  barrier(task: string): 'all' | number | undefined {
    return this.#nodes.get(task)?.barrier;
  }

  /**
   * How many distinct inbound tasks must have a satisfied transition before `task` may run:
   * all of them for `join: all`, N for `join: N`, 1 for a task without join.
   */
  requirement(task: string): number {
    const barrier = this.barrier(task);
    if (barrier === 'all') return new Set(this.inbound(task).map((e) => e.from)).size;
    return barrier ?? 1;
  }

  /** True when `task` is a split task (see the route model above). */
  isSplit(task: string): boolean {
    return !this.isJoin(task) && this.#relations.prev(task).length > 1 && !this.inCycle(task);
  }

  /** True when `task` lies on a cycle of the graph. */
  inCycle(task: string): boolean {
    this.#cyclic ??= cyclicNodes(this.tasks(), (t) => this.outbound(t).map((e) => e.to));
    return this.#cyclic.has(task);
  }

  /** The retry policy of `task`: from its `retry` spec or from a `do: retry` transition. */
  retry(task: string): GraphRetry | undefined {
    return this.#nodes.get(task)?.retry;
  }

  #compose(): void {
    const queue = [...this.#starts];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (visited.has(name)) continue;
      visited.add(name);
      // A task defined under an engine command's name is an error (inspection reports it); like
      // Orquesta, the name always means the command, so such a task's own body is ignored.
      const task = this.#relations.task(name);
      const node = this.#addNode(name);
      if (task?.join !== undefined) node.barrier = task.join;
      if (task?.retry) node.retry = retryOf(task.retry);
      for (const next of this.#relations.next(name)) {
        if (next.to === 'retry') {
          node.retry = { when: next.when ?? '<% completed() %>', count: 3 };
          continue;
        }
        if (!this.#relations.has(next.to)) continue;
        this.#addNode(next.to);
        this.#addEdge(name, next.to, next.ref, next.when);
        queue.push(next.to);
      }
    }
    for (const edges of this.#out.values()) edges.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.key - b.key));
  }

  #addNode(name: string): GraphNode {
    let node = this.#nodes.get(name);
    if (!node) {
      node = {};
      this.#nodes.set(name, node);
    }
    return node;
  }

  #addEdge(from: string, to: string, ref: number, when: string | undefined): void {
    const out = this.#out.get(from) ?? [];
    const same = out.filter((e) => e.to === to);
    const criteria = when === undefined ? [] : [when];
    if (same.some((e) => e.ref === ref && sameCriteria(e.criteria, criteria))) return;
    const key = same.length;
    const edge: GraphEdge = { from, to, key, ref, criteria, id: `${to}__t${key}`, backref: `${from}__t${key}` };
    out.push(edge);
    this.#out.set(from, out);
    const inbound = this.#in.get(to) ?? [];
    inbound.push(edge);
    this.#in.set(to, inbound);
  }
}

/** One transition edge of the graph (see WorkflowGraph for the naming). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Number of this edge among the edges from `from` to `to` (0, 1, ...). */
  readonly key: number;
  /** Index of the transition in `from`'s `next`. */
  readonly ref: number;
  /** The transition's `when` (all must hold); empty when the transition has none. */
  readonly criteria: readonly string[];
  /** `<to>__t<key>`: the key in the source task state's `next` map and in runtime errors. */
  readonly id: string;
  /** `<from>__t<key>`: what routes and the target task state's `prev` record. */
  readonly backref: string;
}

/** A task's retry policy as the graph holds it; count and delay may still be expressions. */
export interface GraphRetry {
  readonly when?: string;
  readonly count?: number | string;
  readonly delay?: number | string;
}

interface GraphNode {
  barrier?: 'all' | number;
  retry?: GraphRetry;
}

function retryOf(spec: RetrySpec): GraphRetry {
  return {
    ...(spec.when !== undefined ? { when: spec.when } : {}),
    ...(spec.count !== undefined ? { count: spec.count } : {}),
    ...(spec.delay !== undefined ? { delay: spec.delay } : {}),
  };
}

function sameCriteria(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Nodes on some cycle: members of a strongly connected component of size > 1, or with a self-loop. */
export function cyclicNodes(nodes: readonly string[], next: (node: string) => readonly string[]): Set<string> {
  // Tarjan's algorithm, iterative so that long chains of tasks cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic = new Set<string>();
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; children: readonly string[]; i: number }[] = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++]!;
        if (child === frame.node) cyclic.add(child);
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) for (const m of component) cyclic.add(m);
      }
    }
  }
  return cyclic;
}
