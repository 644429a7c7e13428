/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * self time by file, and total (inclusive) time per function. Usage: `npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [--top=25]`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const clean = url.replace(/^file:\/\//, '');
  const nm = clean.lastIndexOf('node_modules/');
  if (nm !== -1) return clean.slice(nm + 'node_modules/'.length);
  const src = clean.search(/\/(src|bench|packs)\//);
  return src !== -1 ? clean.slice(src + 1) : path.basename(clean);
}

function summarise(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; it is charged to the node sampled.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  // Total (inclusive) time: every sample counts once for each distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}${f.url && f.lineNumber > 0 ? `:${f.lineNumber + 1}` : ''}`;
  };
  const byFunctionTotal = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!;
      if (node.callFrame.functionName === '(root)') break;
      seen.add(keyOf(node));
    }
    for (const k of seen) byFunctionTotal.set(k, (byFunctionTotal.get(k) ?? 0) + us);
  }
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const where = shortUrl(node.callFrame.url);
    const key = keyOf(node);
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
  }
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
    }
  };
  console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
  print(`top ${top} functions by self time`, byFunction);
  print(`top ${top} files by self time`, byFile);
  print(`top ${top} functions by total time (self plus callees)`, byFunctionTotal);
}

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
if (!file || !Number.isFinite(top) || top <= 0) {
  console.error('usage: npx tsx bench/cpuprofile-summary.ts <file.cpuprofile> [--top=25]');
  process.exitCode = 2;
} else {
  summarise(file, top);
}
