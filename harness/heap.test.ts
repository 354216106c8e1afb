// The retained-memory helper: it sees what a structure keeps alive, and counts array buffer
// backing stores only when asked to.

import { expect, test } from 'vitest';
import { retainedBytes } from './heap.ts';

test('retained heap grows by about what a kept structure holds', () => {
  const before = retainedBytes();
  const kept = Array.from({ length: 100_000 }, (_, index) => ({ index }));
  const grown = retainedBytes() - before;
  expect(kept.length).toBe(100_000);
  // 100,000 small objects and their array: at least 16 bytes each, far less than 1 KB each
  expect(grown).toBeGreaterThan(1_600_000);
  expect(grown).toBeLessThan(100_000_000);
});

test('an array buffer counts only with external', () => {
  const before = { heap: retainedBytes(), all: retainedBytes({ external: true }) };
  const buffer = new ArrayBuffer(8_000_000);
  const after = { heap: retainedBytes(), all: retainedBytes({ external: true }) };
  expect(buffer.byteLength).toBe(8_000_000);
  expect(after.all - before.all).toBeGreaterThanOrEqual(8_000_000);
  expect(after.heap - before.heap).toBeLessThan(1_000_000);
});
