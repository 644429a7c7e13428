/**
 * YAQL, Orquesta's default expression language, implemented here (no JavaScript YAQL exists):
 * lexer.ts and parser.ts build the tree, evaluator.ts walks it, functions/ holds YAQL's
 * standard library plus Orquesta's and StackStorm's functions. Parsed expressions are cached,
 * so a workflow evaluating the same `when` for every task parses it once.
 *
 * Errors are PythonErrors named as YAQL names them (`YaqlGrammarException`,
 * `NoMatchingMethodException`, `KeyError`, ...); `expressions/workflow-expressions.ts` turns
 * them into Orquesta's messages.
 */
import { PythonError } from '../../python/errors.js';
import { pythonStr } from '../../python/repr.js';
import { LruCache } from '../template-cache.js';
import type { Node } from './ast.js';
import { Evaluation, type EvaluationOptions } from './evaluator.js';
import { toOutput } from './output.js';
import { parseYaql } from './parser.js';

export type { EvaluationOptions, ExternalFunction } from './evaluator.js';
export type { Node as YaqlNode } from './ast.js';
export { errorPosition } from './errors.js';

export interface YaqlEngineOptions {
  /** Parsed expressions kept for reuse (default 2000). */
  cacheSize?: number;
}

export class YaqlEngine {
  readonly #cache: LruCache<string, Node | PythonError>;

  constructor(options: YaqlEngineOptions = {}) {
    this.#cache = new LruCache(options.cacheSize ?? 2000);
  }

  /** The tree of an expression (without `<% %>`); throws its syntax error, also when cached. */
  parse(expression: string): Node {
    let hit = this.#cache.get(expression);
    if (hit === undefined) {
      try {
        hit = parseYaql(expression);
      } catch (err) {
        if (!(err instanceof PythonError)) throw err;
        hit = err;
      }
      this.#cache.set(expression, hit);
    }
    if (hit instanceof PythonError) throw hit;
    return hit;
  }

  /** The syntax error of an expression, or undefined when it parses. */
  syntaxError(expression: string): PythonError | undefined {
    try {
      this.parse(expression);
      return undefined;
    } catch (err) {
      if (err instanceof PythonError) return err;
      throw err;
    }
  }

  /** The expression's value as JSON-shaped data (lists for every sequence or iterator, plain numbers). */
  evaluate(expression: string, options: EvaluationOptions = {}): unknown {
    const evaluation = new Evaluation(options);
    return toOutput(evaluation.run(this.parse(expression)), evaluation);
  }

  /** The expression's value as Python's `str()` writes it (`True`, `None`, `['a', 1]`, `3.0`). */
  evaluateText(expression: string, options: EvaluationOptions = {}): string {
    const evaluation = new Evaluation(options);
    return pythonStr(toOutput(evaluation.run(this.parse(expression)), evaluation, true));
  }
}
