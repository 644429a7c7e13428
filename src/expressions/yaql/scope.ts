/**
 * YAQL's data context: the `$` variables an expression sees. A lambda runs in a child scope
 * holding its arguments as `$1`, `$2`, ... (`$` is `$1`); `let(x => 1)` makes a child scope
 * with `$x`, which `->` hands to its right side; `def(name, body)` adds a function there.
 * A name no scope holds reads as null, as in YAQL.
 */
import { PY_REPR, PY_STR, type PyStringable } from '../../python/protocol.js';

/** A function defined in an expression with `def()`. */
export type DefinedFunction = (args: readonly unknown[], named: Readonly<Record<string, unknown>>) => unknown;

export class Scope {
  readonly parent: Scope | undefined;
  #args: readonly unknown[] | undefined;
  #vars: Map<string, unknown> | undefined;
  #defs: Map<string, DefinedFunction> | undefined;

  /** `args` become `$1`, `$2`, ...: a lambda's scope, allocated once per call. */
  constructor(parent?: Scope, args?: readonly unknown[]) {
    this.parent = parent;
    this.#args = args;
  }

  /** `$name` (`name` without the `$`; `$` itself is `1`). */
  get(name: string): unknown {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const vars = scope.#vars;
      if (vars?.has(name)) return vars.get(name);
      const args = scope.#args;
      if (args) {
        const index = argIndex(name);
        if (index >= 0 && index < args.length) return args[index];
      }
    }
    return null;
  }

  set(name: string, value: unknown): void {
    (this.#vars ??= new Map()).set(name, value);
  }

  define(name: string, fn: DefinedFunction): void {
    (this.#defs ??= new Map()).set(name, fn);
  }

  /** The nearest `def()` of `name`, if any. */
  defined(name: string): DefinedFunction | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const fn = scope.#defs?.get(name);
      if (fn) return fn;
    }
    return undefined;
  }
}

/** `1` → 0, `2` → 1; -1 for names that are not positions. */
function argIndex(name: string): number {
  const c = name.charCodeAt(0);
  if (c < 49 || c > 57) return -1;
  if (name.length === 1) return c - 49;
  return /^[1-9]\d*$/.test(name) ? Number(name) - 1 : -1;
}

/** What `let()`, `with()`, `unpack()` and `def()` return: a scope that `->` evaluates its right side in. */
export class ContextValue implements PyStringable {
  readonly scope: Scope;

  constructor(scope: Scope) {
    this.scope = scope;
  }

  [PY_STR](): string {
    return this[PY_REPR]();
  }

  [PY_REPR](): string {
    return '<yaql.language.contexts.Context object>';
  }
}
