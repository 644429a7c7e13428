import type { ChildProcess } from 'node:child_process';

/** Collects a child's stdout lines as they arrive; the returned array grows while the child runs. */
export function stdoutLines(child: ChildProcess): string[] {
  const out: string[] = [];
  let buffer = '';
  child.stdout?.on('data', (b: Buffer) => {
    buffer += b.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    out.push(...parts);
  });
  return out;
}
