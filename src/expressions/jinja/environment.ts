/**
 * Assembles what one kind of render sees: Jinja2's built-in filters, tests and globals plus
 * extra filters (StackStorm's), in null-prototype tables so a template name can only ever find
 * an entry that was put there.
 */
import type { TemplateFunction } from './callables.js';
import type { JinjaEnvironment } from './evaluate.js';
import { createFilterEnv } from './filter-env.js';
import { sequenceFilters } from './filters-seq.js';
import { textFilters } from './filters-text.js';
import { builtinGlobals, builtinTests } from './tests-and-globals.js';

function table<T>(...parts: Record<string, T>[]): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, ...parts));
}

export function createEnvironment(strict: boolean, extraFilters: Record<string, TemplateFunction>): JinjaEnvironment {
  let filters: Readonly<Record<string, TemplateFunction>> = table();
  let tests: Readonly<Record<string, TemplateFunction>> = table();
  const env = createFilterEnv(strict, { filters: () => filters, tests: () => tests });
  filters = table(textFilters(env), sequenceFilters(env), extraFilters);
  tests = table(builtinTests(env));
  return Object.freeze({ filters, tests, globals: table(builtinGlobals()) });
}
