import { describe, expect, it } from 'vitest';
import { fitMessage, size, splitLines } from '../../../src/chat/format.js';
import type { OutgoingMessage } from '../../../src/chat/adapter.js';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('splitLines', () => {
  it('cuts at line ends, and inside a line only when the line alone is too long', () => {
    expect(splitLines('aaa\nbbb\nccc\n', 8)).toEqual(['aaa\nbbb\n', 'ccc\n']);
    expect(splitLines('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(splitLines('', 10)).toEqual(['']);
  });

  it('gives the text back exactly when joined', () => {
    const text = lines(500) + 'y'.repeat(3000) + '\ntail';
    for (const max of [7, 100, 999]) expect(splitLines(text, max).join('')).toBe(text);
    expect(splitLines(text, 100).every((c) => c.length <= 100)).toBe(true);
  });
});

describe('fitMessage', () => {
  const limits = { textLength: 500, attachments: false };

  it('leaves a message that fits alone', () => {
    const m: OutgoingMessage = { title: 't', text: 'short', code: 'out' };
    expect(fitMessage(m, limits)).toEqual([m]);
  });

  it('splits long output into labelled parts that each fit and join back to the output', () => {
    const code = lines(300);
    const parts = fitMessage({ title: 'core.local succeeded', text: 'Took 1 s.', code, color: 'good', correlationId: 'c1' }, limits);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]).toMatchObject({ title: 'core.local succeeded', text: 'Took 1 s.', color: 'good', correlationId: 'c1' });
    expect(parts[0]?.code).toBeUndefined();
    const outputs = parts.slice(1);
    expect(outputs.map((p) => p.code).join('')).toBe(code);
    expect(outputs.map((p) => p.text)).toEqual(outputs.map((_, i) => `Output, part ${i + 1} of ${outputs.length}`));
    for (const p of parts) {
      expect(size(p)).toBeLessThanOrEqual(500);
      expect(p.correlationId).toBe('c1');
    }
  });

  it('splits long text too, keeping ephemeral on every part', () => {
    const text = lines(200);
    const parts = fitMessage({ text, ephemeral: true }, limits);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.every((p) => p.ephemeral === true && size(p) <= 500)).toBe(true);
  });

  it('attaches output that would take too many messages when the adapter takes files', () => {
    const code = lines(2000);
    const parts = fitMessage({ text: 'Took 1 s.', code, correlationId: 'c9' }, { textLength: 500, attachments: true });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.attachment).toEqual({ name: 'output-c9.txt', content: code });
    expect(parts[0]?.code).toBeUndefined();
    expect(parts[0]?.text).toContain('2000 lines');
  });

  it('splits moderately long output even when files are possible', () => {
    const code = lines(80);
    const parts = fitMessage({ text: 'x', code }, { textLength: 500, attachments: true });
    expect(parts.some((p) => p.attachment)).toBe(false);
    expect(parts.map((p) => p.code ?? '').join('')).toBe(code);
  });
});
