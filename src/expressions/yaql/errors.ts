/**
 * YAQL's exceptions, as PythonErrors whose kind is the class name YAQL raises
 * (`NoMatchingFunctionException`, `YaqlGrammarException`, ...), so Orquesta's message shapes
 * (`<Kind>: <message>`) come out the same. Also the signal a function body throws when its
 * arguments fit none of its overloads; the evaluator turns it into the named exception.
 */
import { PythonError } from '../../python/errors.js';

/** Thrown by a function body whose arguments fit no overload; never escapes the evaluator. */
export const NO_MATCH: unique symbol = Symbol('yaql.no-match');

/** Throws {@link NO_MATCH}: `return noMatch()` reads as the overload check it is. */
export function noMatch(): never {
  throw NO_MATCH;
}

/** `Parse error: unexpected 'x' at position N of expression '...'`, or the end-of-statement form. */
export function grammarError(expression: string, value: string | undefined, position: number | undefined): PythonError {
  const message =
    position === undefined ? 'Parse error: unexpected end of statement' : `Parse error: unexpected '${value ?? ''}' at position ${position} of expression '${expression}'`;
  return withPosition(new PythonError('YaqlGrammarException', message), position);
}

/** `Lexical error: illegal character 'x' at position N`. */
export function lexicalError(char: string, position: number): PythonError {
  return withPosition(new PythonError('YaqlLexicalException', `Lexical error: illegal character '${char}' at position ${position}`), position);
}

/** A syntax error's 0-based offset in the expression, when it has one. */
export function errorPosition(err: unknown): number | undefined {
  return err instanceof PythonError ? (err as PythonError & { position?: number }).position : undefined;
}

function withPosition(err: PythonError, position: number | undefined): PythonError {
  return Object.assign(err, { position });
}

export function unknownFunction(name: string): PythonError {
  return new PythonError('NoFunctionRegisteredException', `Unknown function "${name}"`);
}

export function unknownMethod(name: string, receiver: string): PythonError {
  return new PythonError('NoMethodRegisteredException', `Unknown method "${name}" for receiver ${receiver}`);
}

export function noMatchingFunction(name: string): PythonError {
  return new PythonError('NoMatchingFunctionException', `No function "${name}" matches supplied arguments`);
}

export function noMatchingMethod(name: string, receiver: string): PythonError {
  return new PythonError('NoMatchingMethodException', `No method "${name}" for receiver ${receiver} matches supplied arguments`);
}

export function mappingTranslationError(): PythonError {
  return new PythonError('MappingTranslationException', 'Cannot convert mapping to keyword argument');
}

/** Python's KeyError: `str(e)` is the key's repr. */
export function keyError(keyRepr: string): PythonError {
  return new PythonError('KeyError', keyRepr);
}

/** Python's StopIteration from `next()` on an exhausted iterator (`[].first()`). */
export function stopIteration(message = ''): PythonError {
  return new PythonError('StopIteration', message);
}

/** The evaluation ran past its step budget (an endless `sequence()` or `cycle()`). */
export function tooMuchWork(limit: number): PythonError {
  return new PythonError('CollectionTooLargeException', `Expression evaluation exceeds ${limit} steps`);
}
