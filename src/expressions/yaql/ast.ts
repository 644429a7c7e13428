/**
 * The syntax tree of one YAQL expression, as the parser builds it and the evaluator walks it.
 * Every node carries the 0-based offset of its first character in the expression text, for
 * error messages. The shapes follow YAQL 2.0's own expression classes: a bare word is a
 * keyword constant (a string that `.name` and `name => v` treat as a name), a call knows no
 * receiver until a `.` gives it one, and parentheses stay visible because `a.(f())` is not a
 * method call while `a.f()` is.
 */
import type { PyFloat } from '../../python/values.js';

/** `'text'`, `"text"`, `` `text` ``, numbers (`2.0` boxed as a float), `true`, `false`, `null`. */
export interface ConstNode {
  readonly kind: 'const';
  readonly pos: number;
  readonly value: string | number | boolean | null | PyFloat;
}

/** A bare word: the string itself (`ctx(name)`, `.get(stdout)`, `= centos`). */
export interface KeywordNode {
  readonly kind: 'keyword';
  readonly pos: number;
  readonly name: string;
}

/** `$`, `$1`, `$name`: a context variable; `name` has no `$`, and `$` alone is `1`. */
export interface VariableNode {
  readonly kind: 'variable';
  readonly pos: number;
  readonly name: string;
}

/** `name(args)`: a function call, or the right side of `.` in a method call. */
export interface CallNode {
  readonly kind: 'call';
  readonly pos: number;
  readonly name: string;
  readonly args: readonly Node[];
}

/** `left.right` and `left?.right`. */
export interface DotNode {
  readonly kind: 'dot';
  readonly pos: number;
  readonly left: Node;
  readonly right: Node;
  readonly elvis: boolean;
}

/** `target[args]`. */
export interface IndexNode {
  readonly kind: 'index';
  readonly pos: number;
  readonly target: Node;
  readonly args: readonly Node[];
}

/** `[a, b]`. */
export interface ListNode {
  readonly kind: 'list';
  readonly pos: number;
  readonly items: readonly Node[];
}

/** `{k => v, ...}`. */
export interface MapNode {
  readonly kind: 'map';
  readonly pos: number;
  readonly items: readonly Node[];
}

/** `source => destination` inside an argument list: a named argument or a mapping rule. */
export interface RuleNode {
  readonly kind: 'rule';
  readonly pos: number;
  readonly source: Node;
  readonly destination: Node;
}

/** Binary operators, `and`, `or`, `->` included (`.` and `[]` have their own nodes). */
export interface BinaryNode {
  readonly kind: 'binary';
  readonly pos: number;
  readonly op: BinaryOp;
  readonly left: Node;
  readonly right: Node;
}

/** `-x`, `+x`, `not x`. */
export interface UnaryNode {
  readonly kind: 'unary';
  readonly pos: number;
  readonly op: UnaryOp;
  readonly operand: Node;
}

/** `(expr)`. */
export interface WrapNode {
  readonly kind: 'wrap';
  readonly pos: number;
  readonly expr: Node;
}

/** An empty position in an argument list (`f(, 1)`): the parameter takes its default. */
export interface SkipNode {
  readonly kind: 'skip';
  readonly pos: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | 'mod' | '=' | '!=' | '<' | '>' | '<=' | '>=' | 'in' | '=~' | '!~' | 'and' | 'or' | '->';
export type UnaryOp = '-' | '+' | 'not';

export type Node =
  | ConstNode
  | KeywordNode
  | VariableNode
  | CallNode
  | DotNode
  | IndexNode
  | ListNode
  | MapNode
  | RuleNode
  | BinaryNode
  | UnaryNode
  | WrapNode
  | SkipNode;
