/**
 * The workflow variables a YAQL expression reads, found in its syntax tree: `ctx(name)`,
 * `ctx('name')`, `ctx().name` and `ctx()['name']`, wherever they appear (inside lambdas and
 * arguments too). Orquesta's inspection uses these to report variables read before any input,
 * var or publish defines them.
 */
import type { Node } from './ast.js';

function isBareCtx(node: Node): boolean {
  return node.kind === 'call' && node.name === 'ctx' && node.args.length === 0;
}

function nameOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'keyword') return node.name;
  if (node.kind === 'const' && typeof node.value === 'string') return node.value;
  return undefined;
}

/** Adds the `ctx` variable names `node` reads to `out`. */
export function collectVariables(node: Node, out: Set<string>): void {
  switch (node.kind) {
    case 'call': {
      if (node.name === 'ctx' && node.args.length === 1) {
        const name = nameOf(node.args[0]);
        if (name) out.add(name);
      }
      for (const arg of node.args) collectVariables(arg, out);
      return;
    }
    case 'dot': {
      if (isBareCtx(node.left) && node.right.kind === 'keyword') out.add(node.right.name);
      collectVariables(node.left, out);
      collectVariables(node.right, out);
      return;
    }
    case 'index': {
      if (isBareCtx(node.target)) {
        const name = nameOf(node.args[0]);
        if (name && node.args[0]?.kind === 'const') out.add(name);
      }
      collectVariables(node.target, out);
      for (const arg of node.args) collectVariables(arg, out);
      return;
    }
    case 'list':
    case 'map':
      for (const item of node.items) collectVariables(item, out);
      return;
    case 'rule':
      collectVariables(node.source, out);
      collectVariables(node.destination, out);
      return;
    case 'binary':
      collectVariables(node.left, out);
      collectVariables(node.right, out);
      return;
    case 'unary':
      collectVariables(node.operand, out);
      return;
    case 'wrap':
      collectVariables(node.expr, out);
      return;
    default:
      return;
  }
}
