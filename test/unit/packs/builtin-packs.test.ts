import path from 'node:path';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectPack } from '../../../src/packs/inspect.js';
import { runCli } from '../../../src/cli/main.js';

const PACKS = path.resolve(import.meta.dirname, '../../../packs');

describe('built-in packs', () => {
  for (const name of readdirSync(PACKS)) {
    it(`${name} validates with no errors`, () => {
      const result = inspectPack(path.join(PACKS, name));
      expect(result.errors).toEqual([]);
      expect(result.ok).toBe(true);
    });
  }

  it("examples' rehearsals pass, run the way a pack's CI would", async () => {
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    const code = await runCli(['workflow', 'rehearse', '-p', path.join(PACKS, 'examples'), '-d', 'tests'], io, {
      cwd: PACKS,
      vars: {},
      app: async () => {
        throw new Error('rehearsals need no running engine');
      },
    });
    expect(out.join('\n')).toContain('2 passed, 0 failed');
    expect(code).toBe(0);
  });
});
