import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ErrorDetail } from '../errors/index.js';
import type { PackMeta } from '../model/index.js';
import { CONTENT_KINDS, PACK_REF_PATTERN, type ContentSchemas } from './schemas/index.js';
import { schemaDetails } from './schema-errors.js';
import { YamlSource } from './yaml-source.js';

export const MANIFEST_FILE = CONTENT_KINDS.pack.file;

/** The outcome of reading `pack.yaml`: the pack's metadata, or why the whole pack cannot load. */
export interface ManifestResult {
  meta?: PackMeta;
  errors: ErrorDetail[];
  warnings: ErrorDetail[];
}

/**
 * Reads and checks `<dir>/pack.yaml`. The ref is `ref` when given, else `name` (StackStorm's
 * rule); it must match `^[a-z0-9_]+$`. A version written as a number or with one dot
 * (`0.2`) is normalised to `0.2.0` first, as StackStorm does.
 */
export function readPackManifest(dir: string, schemas: ContentSchemas): ManifestResult {
  const absolute = path.join(dir, MANIFEST_FILE);
  if (!existsSync(absolute)) return { errors: [{ file: MANIFEST_FILE, message: `${dir} is not a pack: it has no ${MANIFEST_FILE}` }], warnings: [] };
  const parsed = YamlSource.read(absolute, MANIFEST_FILE);
  if (!parsed.ok) return { errors: parsed.errors, warnings: parsed.warnings };
  const { source, warnings } = parsed;
  const data: Record<string, unknown> = { ...parsed.data };
  // A version written as a number is read as written (`1.0`, not 1), as Python's str() of a float gives.
  if (typeof data.version === 'number') data.version = normalizePackVersion(source.scalarText(['version']) ?? String(data.version));
  else if (typeof data.version === 'string') data.version = normalizePackVersion(data.version);

  const validate = schemas.validator('pack');
  const errors = validate(data) ? [] : schemaDetails(validate.errors, data, source);
  for (const e of errors) {
    if (e.field === 'version' && e.message.startsWith('must match')) e.message = `"${String(data.version)}" is not a semantic version such as 1.0.0`;
  }
  const name = typeof data.name === 'string' ? data.name : undefined;
  const explicitRef = typeof data.ref === 'string' && data.ref !== '' ? data.ref : undefined;
  if (!explicitRef && name && !new RegExp(PACK_REF_PATTERN).test(name)) {
    errors.push({
      file: MANIFEST_FILE,
      line: source.lineOf(['name']),
      field: 'name',
      message: `"${name}" cannot be used as the pack ref (only a-z, 0-9 and _); add a "ref" that matches ${PACK_REF_PATTERN}`,
    });
  }
  if (errors.length > 0) return { errors, warnings };

  const ref = explicitRef ?? name!;
  const dirName = path.basename(path.resolve(dir));
  if (dirName !== ref) {
    warnings.push({ file: MANIFEST_FILE, line: source.lineOf([explicitRef ? 'ref' : 'name']), field: explicitRef ? 'ref' : 'name', message: `pack ref "${ref}" differs from its directory name "${dirName}"` });
  }
  if (Array.isArray(data.python_versions) && data.python_versions.length > 0 && data.python_versions.every((v) => v === '2')) {
    warnings.push({ file: MANIFEST_FILE, line: source.lineOf(['python_versions']), field: 'python_versions', message: 'pack supports only Python 2' });
  }
  const { id: _id, uid: _uid, path: _path, ...rest } = data;
  return { meta: { ...rest, ref, name: name!, path: path.resolve(dir) } as PackMeta, errors: [], warnings };
}

/** `0.2` → `0.2.0`; other versions are returned as strings unchanged. */
export function normalizePackVersion(version: string): string {
  const v = version;
  return v.split('.').length === 2 ? `${v}.0` : v;
}
