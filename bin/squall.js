#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx squall` works without a build step.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const entry = path.join(here, '..', 'src', 'cli', 'main.ts');
const child = spawn(process.execPath, [tsxCli, entry, ...process.argv.slice(2)], { stdio: 'inherit' });

// A service manager stops `squall start` by signalling this process: pass the signal on, so the
// server stops cleanly instead of being orphaned. Ctrl-C already reaches the whole process group;
// relaying it as well is harmless, since the server treats a repeated signal as the same stop.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('error', (err) => {
  process.stderr.write(`squall: cannot start ${tsxCli}: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? constants.signals[signal] ?? 0 : 1));
});
