import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Fixture packs shipped with the tests. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/packs');

/** The conformance packs next to the project (absent in some checkouts). */
export const CONFORMANCE_PACKS = path.resolve(process.cwd(), '../shared/conformance/packs');

/** A fresh temp directory for one test. */
export function tempDir(prefix = 'squall-packs-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes `files` (relative path → content) under `<root>/<name>` and returns the pack directory. */
export function writePack(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** A minimal valid pack.yaml for `ref`. */
export function manifest(ref: string, extra = ''): string {
  return `name: ${ref}\ndescription: test pack ${ref}\nversion: 1.0.0\nauthor: tests\n${extra}`;
}
