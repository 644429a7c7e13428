/**
 * StackStorm's data conversion functions (`st2common/expressions/functions/data.py`):
 * JSON and YAML text to values and back, with Python's exact output (PyYAML's block style,
 * json.dumps' separators), `to_complex` for typed criteria rendering, and `json_escape`.
 */
import YAML, { type ScalarTag, type Tags } from 'yaml';
import { PythonError, typeError, valueError } from '../../python/errors.js';
import { pyJsonDumps } from '../../python/json.js';
import { pythonStr } from '../../python/repr.js';

const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
// PyYAML's YAML 1.1 booleans: unlike the YAML 1.1 spec it leaves `y` and `n` as strings.
const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

/** The YAML 1.1 tags as PyYAML's safe loader and dumper resolve them. */
function pyYamlTags(keepTimestamps: boolean) {
  return (tags: Tags): Tags => tags
    .filter((t) => keepTimestamps || typeof t !== 'object' || t.tag !== TIMESTAMP)
    .map((t) => {
      if (typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:bool' || !('test' in t)) return t;
      const tag: ScalarTag = { ...(t as ScalarTag), test: t.identify?.(true) ? PY_TRUE : PY_FALSE };
      return tag;
    });
}
const PARSE_TAGS = pyYamlTags(false);
const DUMP_TAGS = pyYamlTags(true);

/** `json.loads(str(value))`. */
export function fromJsonString(value: unknown): unknown {
  const text = pythonStr(value);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PythonError('JSONDecodeError', `${(err as Error).message} in ${JSON.stringify(text.slice(0, 80))}`);
  }
}

/** `yaml.safe_load(str(value))` with YAML 1.1 rules as PyYAML (`yes` is true, `y` is text). */
export function fromYamlString(value: unknown): unknown {
  const text = pythonStr(value);
  // Timestamps stay strings: templates work with text, not dates.
  const doc = YAML.parseDocument(text, { version: '1.1', customTags: PARSE_TAGS });
  if (doc.errors.length > 0) throw new PythonError('YAMLError', doc.errors[0]?.message ?? 'invalid YAML');
  return doc.toJS() as unknown;
}

/** `json.dumps(value, indent=indent, sort_keys=sort_keys, separators=separators)`; separators default to `(',', ': ')`. */
export function toJsonString(value: unknown, indent: unknown = null, sortKeys: unknown = false, separators: unknown = [',', ': ']): string {
  if (indent !== null && typeof indent !== 'number' && typeof indent !== 'string') throw typeError(`indent must be an int or str, not ${typeof indent}`);
  let seps: [string, string] | undefined;
  if (separators !== null) {
    if (!Array.isArray(separators) || separators.length !== 2 || !separators.every((s) => typeof s === 'string')) {
      throw valueError('separators must be a pair of strings');
    }
    seps = [separators[0] as string, separators[1] as string];
  }
  return pyJsonDumps(value, { indent: indent as number | string | null, sortKeys: Boolean(sortKeys), separators: seps });
}

/**
 * `yaml.safe_dump(value, indent=indent, allow_unicode=True, default_flow_style=False)`:
 * block style, sorted keys, sequences not indented under their key, and a lone scalar
 * document ends with `...` as PyYAML writes it.
 */
export function toYamlString(value: unknown, indent: unknown = null): string {
  const width = typeof indent === 'number' && indent >= 2 && indent <= 9 ? indent : 2;
  const text = YAML.stringify(value ?? null, { version: '1.1', customTags: DUMP_TAGS, indent: width, indentSeq: false, sortMapEntries: true, singleQuote: true, lineWidth: 0 });
  const scalar = value === null || value === undefined || (typeof value !== 'object' && !text.startsWith("'") && !text.startsWith('"') && !text.startsWith('|') && !text.startsWith('>'));
  return scalar ? `${text}...\n` : text;
}

/** `json.dumps(value)`: how StackStorm keeps a rendered criteria pattern typed. */
export function toComplex(value: unknown): string {
  return pyJsonDumps(value);
}

/** `json.dumps(value).strip('"')`: the JSON escapes of a value, without the surrounding quotes. */
export function jsonEscape(value: unknown): string {
  return pyJsonDumps(value).replace(/^"+|"+$/g, '');
}
