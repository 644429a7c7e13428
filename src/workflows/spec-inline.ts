/**
 * Orquesta's inline `key=value` parameters, as written in `action: core.echo message="hi" n=1`
 * and `publish: a=1 b=<% ctx().x %>`.
 */

/** The statement forms of the two expression languages, as Orquesta finds them inside text. */
const EXPRESSION_STATEMENT_PATTERNS = ['<%.*?%>', '{{.*?}}'] as const;

// A value is one of: a bracketed list, a double- or single-quoted string, a number, a boolean, null,
// or one expression. The float form must come before the integer form so that `1.5` is not read
// as `1`. Bare words match nothing, so `msg=hello` is not a parameter at all, as in Orquesta.
const VALUE_FORMS = [
  String.raw`\[.*\]\s*`,
  String.raw`"[^"]*"\s*`,
  String.raw`'[^']*'\s*`,
  String.raw`-?\d*\.\d+`,
  String.raw`-?\d+`,
  'true',
  'false',
  'null',
  ...EXPRESSION_STATEMENT_PATTERNS,
];
// Orquesta's pattern carries an inline `(?i)`, which Python applies to the whole pattern: every
// form matches in any case (`TRUE`, `Null`), hence the `i` flag.
const INLINE_PARAM_SOURCE = String.raw`(\w+)=(${VALUE_FORMS.join('|')})`;
const INLINE_PARAM = new RegExp(INLINE_PARAM_SOURCE, 'gi');
const QUOTED = /"[^"]*"\s*|'[^']*'\s*/;

/** One parsed `key=value` pair. */
export interface InlineParam {
  key: string;
  value: unknown;
}

/**
 * Parses the `key=value` pairs of `text` in order. Values are read the way Orquesta reads them:
 * quotes are stripped (a quoted value stays a string unless it holds a JSON object), then JSON
 * is tried (numbers, true/false in any case, null, lists, objects); what JSON cannot read stays a
 * string (expressions, for instance). Text between pairs is ignored.
 */
export function parseInlineParams(text: string): InlineParam[] {
  const out: InlineParam[] = [];
  for (const match of text.matchAll(INLINE_PARAM)) {
    out.push({ key: match[1]!, value: readValue(match[2]!) });
  }
  return out;
}

function readValue(raw: string): unknown {
  let v = raw.trim();
  const quoted = QUOTED.test(v);
  v = v.replace(/^"/, '').replace(/"$/, '');
  v = v.replace(/^'/, '').replace(/'$/, '');
  // A quoted JSON object is still parsed: that is how a dict is passed inline.
  const looksLikeObject = v !== '' && v.startsWith('{') && v.endsWith('}');
  if (quoted && !looksLikeObject) return v;
  const lower = v.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  try {
    return JSON.parse(v) as unknown;
  } catch {
    // Not JSON: an expression or free text stays as written.
    return v;
  }
}
