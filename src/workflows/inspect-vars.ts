/**
 * The `ctx()` variables a value reads, found the way Orquesta's inspection finds them: by
 * pattern, per expression language, in every string of the value (map keys too). What the
 * patterns do not see (`ctx()['x']`, `ctx().get(x)`) is not checked, as in Orquesta.
 */

/** One variable reference: the language, the whole string it is in, and the variable name. */
export interface VariableReference {
  readonly language: 'yaql' | 'jinja';
  /** The string holding the reference (Orquesta quotes the whole string, not one expression). */
  readonly statement: string;
  readonly name: string;
}

const LANGUAGES = [
  { language: 'yaql', statement: /<%.*?%>/g, delimiters: '<%>' },
  { language: 'jinja', statement: /{{.*?}}/g, delimiters: '{}' },
] as const;

// A `ctx(...)` reference with what follows it: `ctx().a.b`, `ctx(a)`, `ctx('a')`, `ctx()['a']`.
const REF = String.raw`[\]\[a-zA-Z0-9_'".()]*`;
const CTX_REFERENCE = new RegExp(String.raw`\bctx\(['"]?${REF}['"]?\)\.?${REF}`, 'g');
const NAME = '[a-zA-Z0-9_-]+';
const NAME_EXTRACTORS = [
  new RegExp(String.raw`(?<=\bctx\(\)\.)(${NAME})\b(?!\()\.?`),
  new RegExp(String.raw`(?:\bctx\((${NAME})\))`),
  new RegExp(String.raw`(?:\bctx\('(${NAME})'\))`),
  new RegExp(String.raw`(?:\bctx\("(${NAME})"\))`),
];

/** Every variable reference in `value`, each (language, statement, name) once, sorted by name. */
export function extractVariables(value: unknown): VariableReference[] {
  const found = new Map<string, VariableReference>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const ref of stringReferences(v)) found.set(`${ref.language}\0${ref.statement}\0${ref.name}`, ref);
    } else if (Array.isArray(v)) {
      v.forEach(visit);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        visit(k);
        visit(item);
      }
    }
  };
  visit(value);
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function stringReferences(text: string): VariableReference[] {
  const out: VariableReference[] = [];
  for (const { language, statement, delimiters } of LANGUAGES) {
    for (const match of text.matchAll(statement)) {
      const body = stripChars(match[0], delimiters).trim();
      for (const ref of body.matchAll(CTX_REFERENCE)) {
        for (const extractor of NAME_EXTRACTORS) {
          const name = extractor.exec(ref[0])?.[1];
          if (name) out.push({ language, statement: text, name });
        }
      }
    }
  }
  return out;
}

/** Python's `str.strip(chars)`. */
function stripChars(text: string, chars: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && chars.includes(text[start]!)) start++;
  while (end > start && chars.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}
