import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SquallError } from '../../../src/errors/index.js';
import { deleteLine, Journal, putLine, readJournal } from '../../../src/store/journal.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'squall-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Journal', () => {
  it('appends JSON lines that read back in order', () => {
    const file = path.join(dir, 'j');
    const j = Journal.open(file);
    j.appendLine(putLine('executions', JSON.stringify({ id: 'a', n: 1 })));
    j.appendLine(deleteLine('kv', 'system:x'));
    expect(j.size).toBe(statSync(file).size);
    j.close();
    expect(readJournal(file)).toEqual({
      entries: [
        { c: 'executions', op: 'put', doc: { id: 'a', n: 1 } },
        { c: 'kv', op: 'del', id: 'system:x' },
      ],
    });
  });

  it('drops exactly the prefix a snapshot holds and keeps the later lines', () => {
    const file = path.join(dir, 'j');
    const j = Journal.open(file);
    j.appendLine(putLine('executions', '{"id":"a"}'));
    j.appendLine(putLine('executions', '{"id":"b"}'));
    const mark = j.size;
    j.appendLine(putLine('executions', '{"id":"c"}'));
    j.dropPrefix(mark);
    expect(readFileSync(file, 'utf8')).toBe(putLine('executions', '{"id":"c"}'));
    // Appends after the rewrite still land at the end of the new file.
    j.appendLine(deleteLine('executions', 'c'));
    expect(readJournal(file).entries.map((e) => e.op)).toEqual(['put', 'del']);
    j.dropPrefix(j.size);
    expect(statSync(file).size).toBe(0);
    j.close();
  });

  it('skips a torn last line and reports where it was', () => {
    const file = path.join(dir, 'j');
    writeFileSync(file, putLine('executions', '{"id":"a"}') + '{"c":"executions","op":"put","doc":{"id":"b","pa');
    const read = readJournal(file);
    expect(read.entries).toHaveLength(1);
    expect(read.tornLine).toBe(2);
  });

  it('refuses a damaged line in the middle with STORE_CORRUPT naming file and line', () => {
    const file = path.join(dir, 'j');
    writeFileSync(file, putLine('executions', '{"id":"a"}') + 'garbage\n');
    appendFileSync(file, putLine('executions', '{"id":"b"}'));
    try {
      readJournal(file);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(SquallError);
      expect((err as SquallError).code).toBe('STORE_CORRUPT');
      expect((err as SquallError).details[0]).toMatchObject({ file, line: 2 });
    }
  });

  it('reads a missing journal as empty', () => {
    expect(readJournal(path.join(dir, 'none'))).toEqual({ entries: [] });
  });
});
