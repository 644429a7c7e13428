/**
 * Which variables a Jinja template reads, found without a full parser. The parameter graph needs
 * this to render parameters in dependency order (StackStorm asks Jinja's `find_undeclared_variables`).
 *
 * The scan is conservative: it reports every top-level name used in an expression or statement
 * (not attribute names after `.`, filter names after `|`, test names after `is`, keyword-argument
 * names before `=`, string contents, or Jinja keywords). Over-reporting only adds an ordering edge;
 * under-reporting could render a parameter before the one it reads, so doubt resolves to "reads".
 */
export interface TemplateReferences {
  /** Top-level names the template reads. */
  names: Set<string>;
  /** Names the template binds itself (`for x in`, `set x =`, macro names and arguments). */
  declared: Set<string>;
}

const KEYWORDS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'elif', 'endif', 'for', 'endfor', 'recursive', 'set', 'endset',
  'true', 'false', 'none', 'True', 'False', 'None', 'block', 'endblock', 'macro', 'endmacro', 'call', 'endcall',
  'filter', 'endfilter', 'with', 'endwith', 'without', 'context', 'import', 'from', 'as', 'include', 'extends',
  'raw', 'endraw', 'loop', 'super', 'caller', 'varargs', 'kwargs', 'ignore', 'missing', 'scoped', 'required',
  'autoescape', 'endautoescape', 'do', 'break', 'continue',
]);

/** `{{ ... }}`, `{% ... %}`, `{# ... #}`; raw blocks are cut out first. */
const BLOCK = /\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}|\{#[\s\S]*?#\}/g;
const RAW = /\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}/g;
const TOKEN = /\s+|'(?:\\[\s\S]|[^'\\])*'|"(?:\\[\s\S]|[^"\\])*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|==|!=|<=|>=|\*\*|\/\/|[\s\S]/g;

/** Scans a template for the names it reads and binds. Text without template markers yields nothing. */
export function findTemplateReferences(template: string): TemplateReferences {
  const names = new Set<string>();
  const declared = new Set<string>();
  for (const match of template.replace(RAW, '').matchAll(BLOCK)) {
    const expression = match[1];
    const statement = match[2];
    if (expression !== undefined) scan(expression, false, names, declared);
    else if (statement !== undefined) scan(statement, true, names, declared);
  }
  return { names, declared };
}

function scan(body: string, isStatement: boolean, names: Set<string>, declared: Set<string>): void {
  // Whitespace-control markers (`{{-`, `-%}`) are not part of the expression.
  const tokens = [...body.replace(/^[-+]/, '').replace(/[-+]$/, '').matchAll(TOKEN)].map((m) => m[0]).filter((t) => !/^\s+$/.test(t));
  const tag = isStatement ? tokens[0] : undefined;
  let bindingUntilIn = tag === 'for';
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (!/^[A-Za-z_]/.test(token)) continue;
    if (bindingUntilIn) {
      if (token === 'in') bindingUntilIn = false;
      else if (!KEYWORDS.has(token)) declared.add(token);
      continue;
    }
    if (KEYWORDS.has(token)) continue;
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (prev === '.' || prev === '|') continue;
    if (prev === 'is' || (prev === 'not' && tokens[i - 2] === 'is')) continue;
    if (tag === 'macro' || (tag === 'set' && i === 1) || next === '=') {
      // Assignments, keyword arguments and macro signatures bind names rather than read them.
      if (tag === 'set' || tag === 'macro' || tag === 'with') declared.add(token);
      continue;
    }
    names.add(token);
  }
}
