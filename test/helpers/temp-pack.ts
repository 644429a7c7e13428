/**
 * Builders for packs on disk in temporary directories, for tests that load real content.
 *
 *   const packsDir = tempPacksDir({ demo: { 'actions/hello.yaml': { name: 'hello', runner_type: 'local-shell-cmd', ... } } });
 *
 * A file's content is either text (written as is, so broken YAML can be tested) or a value (written
 * as YAML). Every directory made here is removed by `removeTempDirs()`.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';

/** Text written as is, or a value written as YAML. */
export type FileContent = string | Record<string, unknown> | unknown[];

/** Files of one pack, by path relative to the pack directory. */
export type PackFiles = Record<string, FileContent>;

const created = new Set<string>();

/** A new empty directory under the system temp dir, removed by `removeTempDirs()`. */
export function makeTempDir(prefix = 'squall-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Removes every directory `makeTempDir` made (call it from `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
  created.clear();
}

/** Writes `files` under `dir`, making folders as needed. Files ending in `.sh` are made executable. */
export function writeFiles(dir: string, files: PackFiles): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(dir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : YAML.stringify(content));
    if (file.endsWith('.sh')) chmodSync(file, 0o755);
  }
}

/**
 * Writes the pack `name` into `packsDir`: a `pack.yaml` (unless `files` has one) and `files`.
 * Returns the pack directory.
 */
export function writePack(packsDir: string, name: string, files: PackFiles = {}): string {
  const dir = path.join(packsDir, name);
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, { 'pack.yaml': { ref: name, name, description: `test pack ${name}`, version: '0.1.0', author: 'tests' }, ...files });
  return dir;
}

/** A new packs directory holding each of `packs` (pack name → its files). */
export function tempPacksDir(packs: Record<string, PackFiles>): string {
  const dir = makeTempDir('squall-packs-');
  for (const [name, files] of Object.entries(packs)) writePack(dir, name, files);
  return dir;
}

/**
 * A sensor declaring trigger types, as pack files: `sensors/<file>.yaml` plus the entry point it
 * names (the loader requires the file; nothing here runs it).
 */
export function sensorFiles(className: string, triggerTypes: Record<string, unknown>[]): PackFiles {
  const base = className.toLowerCase();
  return {
    [`sensors/${base}.yaml`]: { class_name: className, entry_point: `${base}.js`, trigger_types: triggerTypes },
    [`sensors/${base}.js`]: 'export default class {}\n',
  };
}

/** A `local-shell-cmd` action's metadata: `cmd` as the (immutable) default, plus `parameters`. */
export function shellCmdAction(name: string, cmd: string, fields: { parameters?: Record<string, unknown>; [key: string]: unknown } = {}): Record<string, unknown> {
  const { parameters, ...rest } = fields;
  return {
    name,
    runner_type: 'local-shell-cmd',
    enabled: true,
    ...rest,
    parameters: { cmd: { default: cmd, immutable: true }, ...parameters },
  };
}
