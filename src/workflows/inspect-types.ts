/**
 * The shape of one inspection error, as StackStorm reports a workflow's inspection errors
 * (Orquesta's `inspect()` result flattened by st2: the category goes into `type`, the
 * expression language of expression and context errors into `language`).
 */

/** The categories, in the order StackStorm sorts them (alphabetical). */
export const INSPECTION_TYPES = ['content', 'context', 'expression', 'semantic', 'syntax'] as const;
export type InspectionType = (typeof INSPECTION_TYPES)[number];

/** One problem found in a workflow definition. */
export interface InspectionError {
  type: InspectionType;
  message: string;
  /** Where in the definition (`tasks.task1.next[0].do`); null when the problem is the whole document. */
  spec_path: string | null;
  /** Where in the workflow schema (`properties.tasks.patternProperties.^\w+$.properties.input`). */
  schema_path: string | null;
  /** The expression text, for expression and context errors. */
  expression?: string;
  /** `yaql` or `jinja` for expression and context errors (null when a text mixes both). */
  language?: 'yaql' | 'jinja' | null;
  /** 1-based line in the file, when the definition was read from text. */
  line?: number;
}

/** Schema path of a task (`tasks.<name>`), as Orquesta writes it. */
export const TASK_SCHEMA_PATH = String.raw`properties.tasks.patternProperties.^\w+$`;

/** Python's `sorted(errors, key=(schema_path, spec_path))` then st2's `(type, schema_path)`: one stable order. */
export function sortInspectionErrors(errors: InspectionError[]): InspectionError[] {
  const cmp = (a: string | null, b: string | null): number => {
    const x = a ?? '';
    const y = b ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  };
  return [...errors].sort((a, b) => cmp(a.type, b.type) || cmp(a.schema_path, b.schema_path) || cmp(a.spec_path, b.spec_path));
}
