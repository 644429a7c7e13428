/**
 * StackStorm's template functions, one table. Jinja templates use them as filters
 * (`{{ x | to_json_string }}`) and Orquesta as functions; the YAQL evaluator calls the same
 * entries (`callTemplateFunction(ST2_FUNCTIONS.regex_match, [value, pattern])`), binding
 * named arguments through each entry's `params`.
 */
import type { KeyValueStore } from '../../datastore/key-value.js';
import { templateFunction as fn, type TemplateFunction } from '../jinja/callables.js';
import { fromJsonString, fromYamlString, jsonEscape, toComplex, toJsonString, toYamlString } from './data.js';
import { createDecryptKv } from './decrypt-kv.js';
import { jsonpathQuery } from './jsonpath.js';
import { basename, dirname, useNone } from './path.js';
import { regexMatch, regexReplace, regexSearch, regexSubstring } from './regex.js';
import { toHumanTimeFromSeconds } from './time.js';
import {
  versionBumpMajor, versionBumpMinor, versionBumpPatch, versionCompare, versionEqual, versionLessThan, versionMatch, versionMoreThan, versionStripPatch,
} from './version.js';

const fromJson = fn('from_json_string', ['value'], fromJsonString);
const fromYaml = fn('from_yaml_string', ['value'], fromYamlString);
const toJson = fn('to_json_string', ['value', 'indent', 'sort_keys', 'separators'], toJsonString);
const toYaml = fn('to_yaml_string', ['value', 'indent'], toYamlString);

/** Every StackStorm function that needs nothing but its arguments (all but `decrypt_kv`). */
export const ST2_FUNCTIONS = {
  basename: fn('basename', ['path'], basename),
  dirname: fn('dirname', ['path'], dirname),
  from_json_string: fromJson,
  from_yaml_string: fromYaml,
  to_json_string: toJson,
  to_yaml_string: toYaml,
  to_complex: fn('to_complex', ['value'], toComplex),
  json_escape: fn('json_escape', ['value'], jsonEscape),
  jsonpath_query: fn('jsonpath_query', ['value', 'query'], jsonpathQuery),
  regex_match: fn('regex_match', ['value', 'pattern', 'ignorecase'], regexMatch),
  regex_search: fn('regex_search', ['value', 'pattern', 'ignorecase'], regexSearch),
  regex_replace: fn('regex_replace', ['value', 'pattern', 'replacement', 'ignorecase'], regexReplace),
  regex_substring: fn('regex_substring', ['value', 'pattern', 'result_index', 'ignorecase'], regexSubstring),
  to_human_time_from_seconds: fn('to_human_time_from_seconds', ['seconds'], toHumanTimeFromSeconds),
  use_none: fn('use_none', ['value'], useNone),
  version_compare: fn('version_compare', ['value', 'pattern'], versionCompare),
  version_more_than: fn('version_more_than', ['value', 'pattern'], versionMoreThan),
  version_less_than: fn('version_less_than', ['value', 'pattern'], versionLessThan),
  version_equal: fn('version_equal', ['value', 'pattern'], versionEqual),
  version_match: fn('version_match', ['value', 'pattern'], versionMatch),
  version_bump_major: fn('version_bump_major', ['value'], versionBumpMajor),
  version_bump_minor: fn('version_bump_minor', ['value'], versionBumpMinor),
  version_bump_patch: fn('version_bump_patch', ['value'], versionBumpPatch),
  version_strip_patch: fn('version_strip_patch', ['value'], versionStripPatch),
  // Orquesta's names for the same conversions.
  json_parse: fromJson,
  json_dump: toJson,
  yaml_parse: fromYaml,
  yaml_dump: toYaml,
} as const satisfies Record<string, TemplateFunction>;

export type St2FunctionName = keyof typeof ST2_FUNCTIONS | 'decrypt_kv';

/** The full filter set for one key-value store: ST2_FUNCTIONS plus `decrypt_kv`. */
export function st2Filters(kv?: KeyValueStore): Record<St2FunctionName, TemplateFunction> {
  return { ...ST2_FUNCTIONS, decrypt_kv: createDecryptKv(kv) };
}
