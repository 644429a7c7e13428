/**
 * Runs a parsed template: output, `if`, `for` (with Jinja2's loop filter and `loop` variable),
 * `set`, macros and `call` blocks. Templates are interpreted, never compiled to JavaScript, so
 * no template text can become code. Loops and macro recursion are bounded per render.
 */
import { PythonError, valueError } from '../../python/errors.js';
import { PY_VALUE, isPyLazy } from '../../python/protocol.js';
import { pythonStr } from '../../python/repr.js';
import { isPlainObject, isTuple, pyIter, setOwn, tuple } from '../../python/values.js';
import { isForbiddenName, unsafe } from './access.js';
import { isTemplateFunction, templateFunction } from './callables.js';
import { Evaluator, type JinjaEnvironment } from './evaluate.js';
import { is, type BlockNode, type ForNode, type IfNode, type ListNode, type MacroNode, type Node, type SetNode, type SymbolNode, type ValueNode } from './nodes.js';
import { Macro, Scope } from './scope.js';
import { JinjaUndefined, isUndefined } from './undefined.js';

export interface RenderLimits {
  /** Loop iterations one render may run in total. */
  maxLoopIterations: number;
  /** Nesting depth of macro calls. */
  maxMacroDepth: number;
}

export const DEFAULT_LIMITS: RenderLimits = { maxLoopIterations: 1_000_000, maxMacroDepth: 100 };

const UNSUPPORTED: Record<string, string> = {
  Extends: 'extends', Include: 'include', Import: 'import', FromImport: 'from', Switch: 'switch', Super: 'super',
  IfAsync: 'ifAsync', AsyncEach: 'asyncEach', AsyncAll: 'asyncAll', CallExtension: 'extension', CallExtensionAsync: 'extension',
};

/** One render of one template. Not reusable: it counts loop iterations and macro depth. */
export class Interpreter extends Evaluator {
  readonly #limits: RenderLimits;
  #iterations = 0;
  #depth = 0;

  constructor(env: JinjaEnvironment, strict: boolean, limits: RenderLimits = DEFAULT_LIMITS) {
    super(env, strict);
    this.#limits = limits;
  }

  /** Renders the whole template to text. */
  render(root: ListNode, context: Readonly<Record<string, unknown>>, globals?: Readonly<Record<string, unknown>>): string {
    return this.renderBody(root, this.#rootScope(context, globals));
  }

  /** Evaluates one expression to a plain value (tuples become arrays, key-value lookups strings). */
  evaluate(node: Node, context: Readonly<Record<string, unknown>>, globals?: Readonly<Record<string, unknown>>): unknown {
    try {
      return toPlain(this.use(this.expr(node, this.#rootScope(context, globals))));
    } catch (err) {
      throw annotate(err, node);
    }
  }

  #rootScope(context: Readonly<Record<string, unknown>>, globals?: Readonly<Record<string, unknown>>): Scope {
    const all = globals ? Object.assign(Object.create(null) as Record<string, unknown>, this.env.globals, globals) : this.env.globals;
    return Scope.root(context, all);
  }

  protected renderBody(body: ListNode, scope: Scope): string {
    const out: string[] = [];
    for (const node of body.children) {
      try {
        this.#statement(node, scope, out);
      } catch (err) {
        throw annotate(err, node);
      }
    }
    return out.join('');
  }

  #statement(node: Node, scope: Scope, out: string[]): void {
    switch (node.typename) {
      case 'Output':
        for (const child of (node as ListNode).children) {
          out.push(child.typename === 'TemplateData' ? String((child as ValueNode).value) : this.text(this.expr(child, scope)));
        }
        return;
      case 'TemplateData':
        out.push(String((node as ValueNode).value));
        return;
      case 'NodeList':
        out.push(this.renderBody(node as ListNode, scope));
        return;
      case 'If': {
        const n = node as IfNode;
        if (this.truthy(this.expr(n.cond, scope))) this.#statement(n.body, scope, out);
        else if (n.else_) this.#statement(n.else_, scope, out);
        return;
      }
      case 'For':
        this.#forLoop(node as ForNode, scope, out);
        return;
      case 'Set':
        this.#set(node as SetNode, scope);
        return;
      case 'Macro': {
        const n = node as MacroNode;
        scope.set(n.name.value, this.macroFrom(n, n.name.value, scope));
        return;
      }
      case 'Block':
        out.push(this.renderBody((node as BlockNode).body, scope));
        return;
      default: {
        const tag = UNSUPPORTED[node.typename];
        throw new PythonError('TemplateSyntaxError', tag ? `the {% ${tag} %} tag is not supported` : `unsupported statement: ${node.typename}`);
      }
    }
  }

  #names(target: Node): string[] {
    const nodes = is<ListNode>(target, 'Array') ? target.children : [target];
    return nodes.map((n) => {
      if (!is<SymbolNode>(n, 'Symbol')) throw new PythonError('TemplateSyntaxError', 'can only assign to names');
      if (isForbiddenName(n.value)) throw unsafe(n.value);
      return n.value;
    });
  }

  /** Binds one value to one name, or unpacks it over several (`for k, v in d.items()`). */
  #bind(scope: Scope, names: readonly string[], value: unknown): void {
    if (names.length === 1) {
      scope.set(names[0] as string, value);
      return;
    }
    const items = pyIter(this.use(value));
    if (items.length !== names.length) {
      throw valueError(items.length > names.length ? `too many values to unpack (expected ${names.length})` : `not enough values to unpack (expected ${names.length}, got ${items.length})`);
    }
    names.forEach((name, i) => scope.set(name, items[i]));
  }

  #forLoop(node: ForNode, scope: Scope, out: string[]): void {
    let source = node.arr;
    let condition: Node | null = null;
    // `for x in xs if cond` arrives as an inline-if without else: Jinja2's loop filter.
    if (is<IfNode>(source, 'InlineIf') && source.else_ === null) {
      condition = source.cond;
      source = source.body;
    }
    const names = this.#names(node.name);
    const value = this.use(this.expr(source, scope));
    let items = names.length > 1 && isPlainObject(value) ? Object.entries(value).map(([k, v]) => tuple(k, v)) : this.iterate(value);
    if (condition) {
      const cond = condition;
      items = items.filter((item) => {
        this.#tick();
        const s = scope.child();
        this.#bind(s, names, item);
        return this.truthy(this.expr(cond, s));
      });
    }
    const length = items.length;
    items.forEach((item, index) => {
      this.#tick();
      const s = scope.child();
      this.#bind(s, names, item);
      s.set('loop', loopVariable(items, index, length));
      out.push(this.renderBody(node.body, s));
    });
    if (length === 0 && node.else_) out.push(this.renderBody(node.else_, scope));
  }

  #set(node: SetNode, scope: Scope): void {
    const names = node.targets.flatMap((t) => this.#names(t));
    const value = node.value ? this.expr(node.value, scope) : node.body ? this.renderBody(node.body.body, scope) : null;
    this.#bind(scope, names, value);
  }

  #tick(): void {
    if (++this.#iterations > this.#limits.maxLoopIterations) {
      throw new PythonError('RuntimeError', `template exceeded ${this.#limits.maxLoopIterations} loop iterations`);
    }
  }

  protected invokeMacro(macro: Macro, args: unknown[], kwargs: Map<string, unknown>): string {
    if (this.#depth >= this.#limits.maxMacroDepth) throw new PythonError('RecursionError', `macro calls nested deeper than ${this.#limits.maxMacroDepth}`);
    const s = macro.scope.child();
    const rest = new Map(kwargs);
    macro.params.forEach((param, i) => {
      if (i < args.length) {
        if (rest.has(param)) throw new PythonError('TypeError', `macro '${macro.opaqueName}' got multiple values for argument '${param}'`);
        s.set(param, args[i]);
      } else if (rest.has(param)) {
        s.set(param, rest.get(param));
        rest.delete(param);
      } else {
        const dflt = macro.defaults.get(param);
        s.set(param, dflt ? this.expr(dflt, s) : new JinjaUndefined(`parameter '${param}' was not provided`));
      }
    });
    if (rest.has('caller')) {
      s.set('caller', rest.get('caller'));
      rest.delete('caller');
    }
    s.set('varargs', tuple(...args.slice(macro.params.length)));
    const extra: Record<string, unknown> = {};
    for (const [k, v] of rest) setOwn(extra, k, v);
    s.set('kwargs', extra);
    this.#depth++;
    try {
      return this.renderBody(macro.body, s);
    } finally {
      this.#depth--;
    }
  }
}

/** Jinja2's `loop`: index, index0, revindex, revindex0, first, last, length, previtem, nextitem, cycle(). */
function loopVariable(items: readonly unknown[], index: number, length: number): Record<string, unknown> {
  const loop: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  Object.assign(loop, {
    index: index + 1, index0: index, revindex: length - index, revindex0: length - index - 1,
    first: index === 0, last: index === length - 1, length, depth: 1, depth0: 0,
    previtem: index > 0 ? items[index - 1] : new JinjaUndefined('there is no previous item'),
    nextitem: index < length - 1 ? items[index + 1] : new JinjaUndefined('there is no next item'),
    cycle: templateFunction('cycle', [], (values: unknown[]) => {
      if (values.length === 0) throw new PythonError('TypeError', 'no items for cycling given');
      return values[index % values.length];
    }, { rest: true }),
  });
  return loop;
}

/** Records the template line on an error passing a statement (the innermost line wins). */
function annotate(err: unknown, node: Node): unknown {
  if (err instanceof PythonError && err.line === undefined) err.line = node.lineno + 1;
  return err;
}

/** A value as callers outside templates want it: plain JSON-shaped data. */
export function toPlain(v: unknown, depth = 0): unknown {
  if (depth > 100) return null;
  if (isUndefined(v)) return null;
  if (isPyLazy(v)) return toPlain(v[PY_VALUE](), depth + 1);
  if (Array.isArray(v)) return (isTuple(v) ? [...v] : v).map((x) => toPlain(x, depth + 1));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, toPlain(x, depth + 1));
    return out;
  }
  if (v instanceof Macro || isTemplateFunction(v) || typeof v === 'function') return pythonStr(v);
  return v;
}
