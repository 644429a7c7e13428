/**
 * The shapes of the template syntax tree as nunjucks' parser builds it (plus the few node kinds
 * `syntax.ts` adds for Jinja2 syntax nunjucks lacks: `Slice`, `Test`, `Compare` with `in`).
 * The interpreter dispatches on `typename`; these interfaces only name the fields it reads.
 */

/** Any node: nunjucks keeps 0-based line and column numbers on every node. */
export interface Node {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
}

export interface ListNode extends Node {
  readonly children: Node[];
}

export interface ValueNode extends Node {
  readonly value: unknown;
}

export interface SymbolNode extends Node {
  readonly typename: 'Symbol';
  readonly value: string;
}

export interface PairNode extends Node {
  readonly key: Node;
  readonly value: Node;
}

/** `a.b` (attribute syntax, `attr` true) or `a[b]` (item syntax). */
export interface LookupNode extends Node {
  readonly target: Node;
  readonly val: Node;
  readonly attr?: boolean;
}

export interface SliceNode extends Node {
  readonly typename: 'Slice';
  readonly start: Node | null;
  readonly stop: Node | null;
  readonly step: Node | null;
}

/** A call (`f(x)`) or a filter (`x | f(y)`, where the subject is `args.children[0]`). */
export interface CallNode extends Node {
  readonly name: Node;
  readonly args: ListNode;
}

/** `x is name(args)` — built by `syntax.ts`. */
export interface TestNode extends Node {
  readonly typename: 'Test';
  readonly node: Node;
  readonly name: string;
  readonly args: ListNode;
}

export interface BinaryNode extends Node {
  readonly left: Node;
  readonly right: Node;
}

export interface UnaryNode extends Node {
  readonly target: Node;
}

export interface CompareOperandNode extends Node {
  readonly expr: Node;
  /** `==`, `!=`, `<`, `>`, `<=`, `>=` (and nunjucks' `===`, `!==`), or `in` / `notin`. */
  readonly type: string;
}

export interface CompareNode extends Node {
  readonly expr: Node;
  readonly ops: CompareOperandNode[];
}

export interface IfNode extends Node {
  readonly cond: Node;
  readonly body: Node;
  readonly else_: Node | null;
}

export interface ForNode extends Node {
  readonly arr: Node;
  readonly name: Node;
  readonly body: ListNode;
  readonly else_: ListNode | null;
}

export interface SetNode extends Node {
  readonly targets: Node[];
  readonly value: Node | null;
  readonly body?: CaptureNode;
}

export interface CaptureNode extends Node {
  readonly body: ListNode;
}

export interface MacroNode extends Node {
  readonly name: SymbolNode;
  readonly args: ListNode;
  readonly body: ListNode;
}

export interface BlockNode extends Node {
  readonly body: ListNode;
}

/** Narrows a node by its type name. */
export function is<T extends Node>(node: Node | null | undefined, typename: string): node is T {
  return node !== null && node !== undefined && node.typename === typename;
}
