/**
 * Child process for the crash test: opens the store, then puts documents until it is killed,
 * printing each id only after put() has returned. Usage: crash-writer.ts <file> <first-index>
 */
import { LowdbStore } from '../../../src/store/lowdb-store.js';
import { silentLogger } from '../../../src/util/logger.js';

const [file, first] = process.argv.slice(2);
const store = await LowdbStore.open({ file: file!, coalesceMs: 5, logger: silentLogger });
const docs = store.collection<{ id: string; n: number; pad: string }>('executions');
const counter = store.collection<{ id: string; n: number }>('content_state');
const pad = 'p'.repeat(500);
process.stdout.write('ready\n');
let n = Number(first);
for (;;) {
  // Small batches, then yield, so snapshots (and journal trimming) run while writes go on.
  for (let k = 0; k < 20; k++, n++) {
    docs.put({ id: `d${n}`, n, pad });
    counter.put({ id: 'counter', n });
    process.stdout.write(`${n}\n`);
  }
  await new Promise((r) => setImmediate(r));
}
