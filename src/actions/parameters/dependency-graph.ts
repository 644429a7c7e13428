/** The outcome of ordering parameters by what they read. */
export interface DependencyOrder {
  /** Names whose dependencies all resolve, each after everything it reads. */
  order: string[];
  /** Each cycle once, as a closed path: `['a', 'b', 'a']`. */
  cycles: string[][];
  /** Names that are not on a cycle but read (directly or not) a name that is: name → what it reads that cannot resolve. */
  blocked: Map<string, string>;
}

/**
 * Orders names so each comes after the names it depends on (depth-first, post-order), keeping the
 * given order where dependencies allow, so results are stable. Names on a cycle, and names that
 * depend on them, are left out of `order` and reported instead of throwing, so the caller can
 * report every problem at once.
 *
 * @param dependencies name → the names it reads; names not in the map are ignored.
 */
export function orderByDependencies(dependencies: ReadonlyMap<string, ReadonlySet<string>>): DependencyOrder {
  const state = new Map<string, 'visiting' | 'done'>();
  const bad = new Set<string>();
  const onCycle = new Set<string>();
  const blocked = new Map<string, string>();
  const cycles = new Map<string, string[]>();
  const order: string[] = [];
  const stack: string[] = [];

  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const dep of dependencies.get(name) ?? []) {
      if (!dependencies.has(dep)) continue;
      const seen = state.get(dep);
      if (seen === 'visiting') {
        const path = [...stack.slice(stack.indexOf(dep)), dep];
        cycles.set(canonical(path), path);
        for (const member of path) {
          onCycle.add(member);
          bad.add(member);
        }
        continue;
      }
      if (seen === undefined) visit(dep);
      if (bad.has(dep)) {
        bad.add(name);
        if (!blocked.has(name)) blocked.set(name, dep);
      }
    }
    stack.pop();
    state.set(name, 'done');
    if (!bad.has(name)) order.push(name);
  };

  for (const name of dependencies.keys()) if (!state.has(name)) visit(name);
  for (const name of onCycle) blocked.delete(name);
  return { order, cycles: [...cycles.values()], blocked };
}

/** One key per cycle whatever node the search entered it by: rotate to start at the smallest name. */
function canonical(path: string[]): string {
  const ring = path.slice(0, -1);
  let start = 0;
  ring.forEach((n, i) => {
    if (n < (ring[start] ?? n)) start = i;
  });
  return [...ring.slice(start), ...ring.slice(0, start)].join('\u0000');
}
