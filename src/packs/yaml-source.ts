import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair, type ScalarTag, type Tags } from 'yaml';
import { errorMessage, type ErrorDetail } from '../errors/index.js';

/** One step of a path into a document: a map key or a list index. */
export type PathSegment = string | number;

/** A parsed YAML file: the plain data, plus a way back from a path in that data to its line. */
export type ParsedYaml =
  | { ok: true; data: Record<string, unknown>; source: YamlSource; warnings: ErrorDetail[] }
  | { ok: false; errors: ErrorDetail[]; warnings: ErrorDetail[] };

// StackStorm reads YAML with PyYAML's safe_load, which speaks YAML 1.1: `yes`/`on` are booleans,
// `<<` merges. Two differences from the yaml package's 1.1 schema are corrected: PyYAML does not
// read `y`/`n` as booleans, and timestamps are left as strings so that JSON schemas can check them.
const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';
const BOOL_TAG = 'tag:yaml.org,2002:bool';
const pyYamlBool = (value: boolean, test: RegExp): ScalarTag => ({
  tag: BOOL_TAG,
  default: true,
  test,
  identify: (v) => v === value,
  resolve: () => value,
});
const PYYAML_BOOLS = [
  pyYamlBool(true, /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/),
  pyYamlBool(false, /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/),
];

function pyYamlTags(tags: Tags): Tags {
  const kept = tags.filter((t) => (typeof t === 'string' ? t !== 'timestamp' && t !== 'bool' : t.tag !== TIMESTAMP_TAG && t.tag !== BOOL_TAG));
  return [...PYYAML_BOOLS, ...kept];
}

/**
 * The YAML of one content file, kept with node positions so that a problem found in the data
 * (by a schema or a semantic check) can be reported with the line it is on.
 */
export class YamlSource {
  readonly file: string;
  readonly #doc: Document.Parsed;
  readonly #lines: LineCounter;

  private constructor(file: string, doc: Document.Parsed, lines: LineCounter) {
    this.file = file;
    this.#doc = doc;
    this.#lines = lines;
  }

  /**
   * Parses `text` (named `file` in messages). Exactly one document holding a mapping is accepted;
   * syntax errors, empty files, several documents and non-mapping documents are errors with lines.
   * Duplicate keys are warnings (the last one wins, as in StackStorm).
   */
  static parse(text: string, file: string): ParsedYaml {
    const lines = new LineCounter();
    const docs = parseAllDocuments(text, {
      version: '1.1',
      customTags: pyYamlTags,
      uniqueKeys: false,
      prettyErrors: false,
      lineCounter: lines,
    });
    const lineAt = (offset: number): number => Math.max(1, lines.linePos(offset).line);
    if (!Array.isArray(docs) || docs.length === 0) return { ok: false, errors: [{ file, message: 'file is empty' }], warnings: [] };
    const first = docs[0]!;
    const errors: ErrorDetail[] = first.errors.map((e) => ({ file, line: lineAt(e.pos[0]), message: `YAML syntax error: ${firstLine(e.message)}` }));
    const warnings: ErrorDetail[] = first.warnings.map((w) => ({ file, line: lineAt(w.pos[0]), message: `YAML: ${firstLine(w.message)}` }));
    if (errors.length > 0) return { ok: false, errors, warnings };
    if (docs.length > 1) {
      const second = docs[1]!;
      const line = second.range ? lineAt(second.range[0]) : undefined;
      return { ok: false, errors: [{ file, ...(line ? { line } : {}), message: `file holds ${docs.length} YAML documents; a content file must hold exactly one` }], warnings };
    }
    if (first.contents === null || (isScalar(first.contents) && first.contents.value === null)) {
      return { ok: false, errors: [{ file, message: 'file is empty' }], warnings };
    }
    if (!isMap(first.contents)) {
      const found = isSeq(first.contents) ? 'a list' : 'a single value';
      return { ok: false, errors: [{ file, line: lineAt(first.contents.range?.[0] ?? 0), message: `must be a mapping of keys to values, found ${found}` }], warnings };
    }
    const source = new YamlSource(file, first, lines);
    warnings.push(...source.#duplicateKeys(first.contents));
    let data: unknown;
    try {
      data = first.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      return { ok: false, errors: [{ file, message: `YAML could not be read: ${errorMessage(err)}` }], warnings };
    }
    return { ok: true, data: data as Record<string, unknown>, source, warnings };
  }

  /** Reads and parses a file; `file` is the name used in messages (relative to the pack). */
  static read(absolutePath: string, file: string): ParsedYaml {
    let text: string;
    try {
      text = readFileSync(absolutePath, 'utf8');
    } catch (err) {
      return { ok: false, errors: [{ file, message: `cannot read file: ${errorMessage(err)}` }], warnings: [] };
    }
    return YamlSource.parse(text, file);
  }

  /**
   * The 1-based line of the node at `path`. With `at: 'key'` the line of the key that holds it
   * (for "this key is not allowed"). A path that runs past the document gives the line of the
   * deepest node that exists, so a missing field points at the mapping it is missing from.
   */
  lineOf(path: readonly PathSegment[], at: 'key' | 'value' = 'value'): number {
    let node: unknown = this.#doc.contents;
    let line = this.#nodeLine(node) ?? 1;
    for (const segment of path) {
      const found = this.#child(node, segment);
      if (!found) break;
      node = found.value;
      const keyLine = found.key ? this.#nodeLine(found.key) : undefined;
      const valueLine = this.#nodeLine(found.value);
      line = (at === 'key' ? keyLine ?? valueLine : valueLine ?? keyLine) ?? line;
      if (found.value === null || found.value === undefined) break;
    }
    return line;
  }

  /** Same as lineOf, for a JSON pointer such as ajv's `instancePath` (`/parameters/cmd/type`). */
  lineOfPointer(pointer: string, extra?: string, at: 'key' | 'value' = 'value'): number {
    return this.lineOf([...pointerSegments(pointer), ...(extra === undefined ? [] : [extra])], at);
  }

  /** The text a scalar was written as (`1.0` stays `1.0`, not the number 1), when `path` is a scalar. */
  scalarText(path: readonly PathSegment[]): string | undefined {
    let node: unknown = this.#doc.contents;
    for (const segment of path) {
      node = this.#child(node, segment)?.value;
      if (node === undefined) return undefined;
    }
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  }

  #child(node: unknown, segment: PathSegment): { key?: unknown; value: unknown } | undefined {
    if (isMap(node)) {
      // The last of duplicate keys is the one whose value the data holds.
      const pairs = node.items as Pair[];
      for (let i = pairs.length - 1; i >= 0; i--) {
        const pair = pairs[i]!;
        if (keyText(pair.key) === String(segment)) return { key: pair.key, value: pair.value ?? pair.key };
      }
      return undefined;
    }
    if (isSeq(node)) {
      const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
      const item = node.items[index];
      return item === undefined ? undefined : { value: item };
    }
    return undefined;
  }

  #nodeLine(node: unknown): number | undefined {
    const range = (node as Node | null | undefined)?.range;
    return range ? Math.max(1, this.#lines.linePos(range[0]).line) : undefined;
  }

  #duplicateKeys(root: Node): ErrorDetail[] {
    const out: ErrorDetail[] = [];
    const walk = (node: unknown, path: string[]): void => {
      if (isMap(node)) {
        const seen = new Set<string>();
        for (const pair of node.items as Pair[]) {
          const key = keyText(pair.key);
          if (key !== undefined && seen.has(key)) {
            out.push({ file: this.file, line: this.#nodeLine(pair.key) ?? 1, field: [...path, key].join('.'), message: 'duplicate key; the last value is used' });
          }
          if (key !== undefined) seen.add(key);
          walk(pair.value, [...path, key ?? '?']);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => walk(item, [...path, String(i)]));
      }
    };
    walk(root, []);
    return out;
  }
}

/** Splits a JSON pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string' || typeof key === 'number') return String(key);
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
