import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { JinjaRenderer } from '../../../../src/expressions/jinja.js';
import { createWorkflowExpressions } from '../../../../src/expressions/workflow-expressions.js';
import { groupInspectionErrors, inspectWorkflow, type ExpressionValidator } from '../../../../src/workflows/inspect.js';

const BASE = path.resolve(process.cwd(), '../shared/conformance/orquesta');
const exists = existsSync(path.join(BASE, 'workflows'));
if (!exists) console.warn(`orquesta conformance files not found at ${BASE}; skipping workflow inspection conformance`);

const expressions: ExpressionValidator = createWorkflowExpressions({ jinja: new JinjaRenderer() });

/**
 * Workflows no rehearsal spec uses have no recorded answer; these are the errors Orquesta's
 * inspection gives them (YAQL has no top-level comma, so `<% item(member), item(message) %>`
 * does not parse). Every other workflow must inspect clean.
 */
const MULTI_ITEMS_ERROR = {
  type: 'expression',
  language: 'yaql',
  expression: '<% item(member), item(message) %>',
  message: "Parse error: unexpected ',' at position 12 of expression 'item(member), item(message)'",
  spec_path: 'tasks.task1.input',
  schema_path: String.raw`properties.tasks.patternProperties.^\w+$.properties.input`,
};
const KNOWN_ERRORS: Record<string, object[]> = {
  'with-multi-items.yaml': [MULTI_ITEMS_ERROR],
  'with-multi-items-concurrency.yaml': [MULTI_ITEMS_ERROR],
};

/** Rehearsal specs may list expected errors by Orquesta category or as StackStorm's flat list. */
function expectedGroups(expected: unknown): Record<string, Record<string, unknown>[]> {
  if (Array.isArray(expected)) return groupInspectionErrors(expected as Parameters<typeof groupInspectionErrors>[0]) as Record<string, Record<string, unknown>[]>;
  return (expected ?? {}) as Record<string, Record<string, unknown>[]>;
}

/** Keeps, in each actual entry, only the fields the expected entry lists. */
function projected(actual: Record<string, Record<string, unknown>[]>, expected: Record<string, Record<string, unknown>[]>): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [category, entries] of Object.entries(actual)) {
    const wanted = expected[category] ?? [];
    out[category] = entries.map((entry, i) => {
      const fields = Object.keys(wanted[i] ?? entry);
      return Object.fromEntries(fields.map((f) => [f, entry[f]]));
    });
  }
  return out;
}

describe.skipIf(!exists)('orquesta conformance: inspection', () => {
  const workflowFiles = exists ? readdirSync(path.join(BASE, 'workflows')).filter((f) => f.endsWith('.yaml')).sort() : [];
  const specFiles = exists ? readdirSync(path.join(BASE, 'tests')).filter((f) => f.endsWith('.yaml')).sort() : [];

  it('finds the conformance workflows and rehearsal specs', () => {
    expect(workflowFiles.length).toBeGreaterThanOrEqual(40);
    expect(specFiles.length).toBeGreaterThanOrEqual(200);
  });

  it.each(workflowFiles)('workflows/%s inspects as Orquesta does, with and without the st2 context', (file) => {
    const text = readFileSync(path.join(BASE, 'workflows', file), 'utf8');
    const strip = (errors: object[]): object[] => errors.map(({ line: _line, ...rest }: { line?: number }) => rest);
    const expected = KNOWN_ERRORS[file] ?? [];
    expect(strip(inspectWorkflow(text, { expressions, context: [], file }))).toEqual(expected);
    expect(strip(inspectWorkflow(text, { expressions, file }))).toEqual(expected);
  });

  it('gives every rehearsal spec exactly its expected inspection errors (none unless listed)', () => {
    let withExpected = 0;
    for (const file of specFiles) {
      const spec = parseYaml(readFileSync(path.join(BASE, 'tests', file), 'utf8')) as { workflow: string; expected_inspection_errors?: unknown };
      const text = readFileSync(path.join(BASE, spec.workflow), 'utf8');
      const actual = groupInspectionErrors(inspectWorkflow(text, { expressions, context: [], file: spec.workflow })) as Record<string, Record<string, unknown>[]>;
      const expected = expectedGroups(spec.expected_inspection_errors);
      if (spec.expected_inspection_errors !== undefined) withExpected++;
      expect({ file, errors: projected(actual, expected) }).toEqual({ file, errors: expected });
    }
    console.info(`orquesta inspection conformance: ${specFiles.length} rehearsal specs checked, ${withExpected} with expected inspection errors`);
  });
});
