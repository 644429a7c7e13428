/**
 * Variable scopes. The root scope reads the render context, then the globals; `{% set %}`,
 * loop variables and macro arguments live in Maps on child scopes, so no name a template
 * chooses can touch an object's prototype.
 */
import type { ListNode, Node } from './nodes.js';
import type { Opaque } from './access.js';

/** Returned by `Scope.lookup` for a name no scope defines. */
export const MISSING: unique symbol = Symbol('missing');

export class Scope {
  readonly #vars = new Map<string, unknown>();
  readonly #parent: Scope | undefined;
  readonly #base: ((name: string) => unknown) | undefined;

  private constructor(parent: Scope | undefined, base: ((name: string) => unknown) | undefined) {
    this.#parent = parent;
    this.#base = base;
  }

  /** The top scope of one render: own `set` variables, then `context`, then `globals`. */
  static root(context: Readonly<Record<string, unknown>>, globals: Readonly<Record<string, unknown>>): Scope {
    return new Scope(undefined, (name) => {
      if (Object.hasOwn(context, name)) return context[name];
      if (Object.hasOwn(globals, name)) return globals[name];
      return MISSING;
    });
  }

  child(): Scope {
    return new Scope(this, undefined);
  }

  lookup(name: string): unknown {
    for (let s: Scope | undefined = this; s; s = s.#parent) {
      if (s.#vars.has(name)) return s.#vars.get(name);
      if (s.#base) return s.#base(name);
    }
    return MISSING;
  }

  set(name: string, value: unknown): void {
    this.#vars.set(name, value);
  }
}

/** A `{% macro %}` (or the body of a `{% call %}` block, named `caller`): callable, opaque to lookups. */
export class Macro implements Opaque {
  readonly opaqueName: string;
  readonly params: readonly string[];
  /** Default-value expressions, evaluated in the macro's scope at call time. */
  readonly defaults: ReadonlyMap<string, Node>;
  readonly body: ListNode;
  /** The scope the macro was defined in; its variables stay visible inside. */
  readonly scope: Scope;

  constructor(name: string, params: readonly string[], defaults: ReadonlyMap<string, Node>, body: ListNode, scope: Scope) {
    this.opaqueName = name;
    this.params = params;
    this.defaults = defaults;
    this.body = body;
    this.scope = scope;
  }
}
