// Properties of the producer-consumer SharedArrayBuffer ring, registered by
// properties/producer-consumer.test.ts: model-based runs against a FIFO of int32 that use every
// optional argument (tryWrite's start and end, written out, left off or passed as undefined), both
// writing calls and both reading calls, close at any point, a run at capacities in the thousands
// that wraps around many times, and the misuse each method must reject (PC-14).

import fc from 'fast-check';
import { expect } from 'vitest';
import { largeSize } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { ringCapacityMax, type producerConsumerSpec, type SharedRing } from '../../spec/producer-consumer.ts';
import { expectMisuse } from '../../harness/misuse.ts';

type RingSuite = Suite<typeof producerConsumerSpec>;

/** int32 values a ring must carry unchanged: the extremes, zero, -1 and ordinary ones */
const int32Value = fc.oneof(fc.constantFrom(0, -1, 1, 2 ** 31 - 1, -(2 ** 31)), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));

/** how the range reaches tryWrite: left off, start only, both, start as undefined, start as -0 */
type RangeForm = 'none' | 'start' | 'both' | 'undefined-start' | 'negative-zero';

type RingStep =
  | { readonly write: readonly number[]; readonly start: number; readonly end: number; readonly form: RangeForm; readonly waiting: boolean }
  | { readonly read: number; readonly waiting: boolean }
  | { readonly close: true };

function writeStep(maxLength: number): fc.Arbitrary<RingStep> {
  return fc
    .record({
      write: fc.array(int32Value, { maxLength }),
      cuts: fc.tuple(fc.nat(), fc.nat()),
      form: fc.constantFrom<RangeForm>('none', 'start', 'both', 'undefined-start', 'negative-zero'),
      waiting: fc.boolean(),
    })
    .map(({ write, cuts, form, waiting }) => {
      const [a, b] = [cuts[0] % (write.length + 1), cuts[1] % (write.length + 1)];
      return { write, start: Math.min(a, b), end: Math.max(a, b), form, waiting };
    });
}

function ringSteps(maxLength: number, count: { readonly min: number; readonly max: number }): fc.Arbitrary<RingStep[]> {
  const step: fc.Arbitrary<RingStep> = fc.oneof(
    { weight: 5, arbitrary: writeStep(maxLength) },
    { weight: 5, arbitrary: fc.record({ read: fc.integer({ min: 0, max: maxLength }), waiting: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ close: true as const }) },
  );
  return fc.array(step, { minLength: count.min, maxLength: count.max });
}

/** the range tryWrite is asked for, as the form says, and the range that means */
function rangeOf(step: Extract<RingStep, { write: readonly number[] }>): { args: (number | undefined)[]; start: number; end: number } {
  const length = step.write.length;
  switch (step.form) {
    case 'none': return { args: [], start: 0, end: length };
    case 'start': return { args: [step.start], start: step.start, end: length };
    case 'both': return { args: [step.start, step.end], start: step.start, end: step.end };
    case 'undefined-start': return { args: [undefined, step.end], start: 0, end: step.end };
    case 'negative-zero': return { args: [-0, step.end], start: 0, end: step.end };
  }
}

/** Runs steps on a fresh ring (written through one handle, read through another) against a FIFO. */
async function runRing(suite: RingSuite, capacity: number, steps: readonly RingStep[]): Promise<void> {
  const ring: SharedRing = await suite.implementation.createRing(capacity);
  const reader: SharedRing = await suite.implementation.attachRing(ring.buffer);
  suite.rule('PC-13', () => expect({ capacity: ring.capacity, readerCapacity: reader.capacity, shared: reader.buffer === ring.buffer }).toEqual({ capacity, readerCapacity: capacity, shared: true }));
  const queue: number[] = [];
  let closed = false;
  for (const step of steps) {
    if ('write' in step) {
      const values = Int32Array.from(step.write);
      const before = [...values];
      const { args, start, end } = rangeOf(step);
      const free = capacity - queue.length;
      if (step.waiting && (closed || end - start <= free) && args.length === 0) {
        // write() only where it cannot block: everything fits, or the ring is closed
        const complete = await ring.write(values);
        suite.rule('PC-13', () => expect(complete, `write of ${values.length} with ${free} free${closed ? ', closed' : ''}`).toBe(!closed));
        if (!closed) queue.push(...values);
      } else {
        const written = await ring.tryWrite(values, ...args);
        const expected = closed ? 0 : Math.min(end - start, free);
        suite.rule('PC-13', () => expect(written, `tryWrite(${values.length} values, ${args.map(String).join(', ')}) with ${free} free${closed ? ', closed' : ''}`).toBe(expected));
        queue.push(...values.subarray(start, start + expected));
      }
      suite.rule('PC-13', () => expect([...values], 'the written array is left as it was').toEqual(before));
    } else if ('read' in step) {
      const into = new Int32Array(step.read).fill(12345);
      const count = await (step.waiting ? reader.read(into, 0) : reader.tryRead(into));
      const expected = queue.splice(0, step.read);
      suite.rule('PC-13', () => expect([...into], `${step.waiting ? 'read' : 'tryRead'} into ${step.read}`).toEqual([...expected, ...new Array<number>(step.read - expected.length).fill(12345)]));
      suite.rule('PC-13', () => expect(count).toBe(expected.length));
    } else {
      closed = true;
      await ring.close();
    }
    const views = await Promise.all([ring.size, ring.closed, reader.size, reader.closed]);
    suite.rule('PC-13', () => expect(views, 'size and closed, seen by the writer and the reader').toEqual([queue.length, closed, queue.length, closed]));
  }
  if (!closed) await ring.close();
  const rest = new Int32Array(capacity + 1);
  const count = await reader.read(rest, 0);
  suite.rule('PC-13', () => expect([...rest.subarray(0, count)], 'a closed ring drains').toEqual(queue));
  const after = [await reader.read(rest, 0), await reader.tryRead(rest), await ring.tryWrite(Int32Array.of(1)), await ring.write(Int32Array.of(1)), await ring.write(new Int32Array(0))];
  suite.rule('PC-13', () => expect(after, 'then reads nothing and refuses writes').toEqual([0, 0, 0, false, false]));
  await ring.close();
  const views = [await ring.closed, await reader.closed, await reader.size, await ring.capacity];
  suite.rule('PC-13', () => expect(views, 'close is idempotent').toEqual([true, true, 0, capacity]));
}

export function ringProperties(suite: RingSuite): void {
  suite.property(
    'PC-13',
    'a ring written (tryWrite with any range, write) and read (tryRead, read) in slices of any size agrees with a bounded FIFO of int32, across wrap-around and close',
    fc.asyncProperty(fc.integer({ min: 1, max: 7 }), ringSteps(9, { min: 0, max: 60 }), (capacity, steps) => runRing(suite, capacity, steps)),
  );

  suite.property(
    'PC-13',
    'a ring with a capacity in the thousands agrees with the FIFO over slices of thousands, wrapping around many times',
    fc.asyncProperty(fc.integer({ min: largeSize.min, max: largeSize.max }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (capacity, seed) => {
      const steps = fc.sample(ringSteps(2 * capacity, { min: 60, max: 60 }), { seed, numRuns: 1 })[0] as RingStep[];
      return runRing(suite, capacity, steps.filter((step) => !('close' in step)));
    }),
    { runsMax: 4 },
  );

  suite.check('PC-14', 'tryWrite accepts every range inside its values and rejects every other, writing nothing', async () => {
    const ring = await suite.implementation.createRing(64);
    const values = Int32Array.from({ length: 5 }, (_, index) => index * 11);
    let size = 0;
    for (const [start, end] of [[0, 0], [5, 5], [5, undefined], [2, 2], [0, 5], [-0, 1], [undefined, undefined], [4, undefined]] as const) {
      const written = await ring.tryWrite(values, start, end);
      const expected = (end ?? 5) - (start ?? 0);
      suite.rule('PC-13', () => expect(written, `tryWrite(values, ${String(start)}, ${String(end)})`).toBe(expected));
      size += expected;
    }
    for (const [start, end] of [[-1, 5], [6, undefined], [0, 6], [3, 2], [1.5, 3], [0, 2.5], [Number.NaN, 3], [0, Number.NaN], [Infinity, undefined], [0, Infinity], [-Infinity, 1], ['1', 3], [0, '3'], [null, 3]] as const) {
      await expectMisuse(suite, 'PC-14', { classes: RangeError, method: 'tryWrite', call: () => ring.tryWrite(values, start as number, end as number) });
    }
    const sizeAfter = await ring.size;
    suite.rule('PC-14', () => expect(sizeAfter, 'a rejected tryWrite writes nothing').toBe(size));
  });

  suite.check('PC-14', 'a ring rejects values and into that are not an Int32Array, and a read timeout that is not a number >= 0', async () => {
    const ring = await suite.implementation.createRing(4);
    await ring.tryWrite(Int32Array.of(7, 8));
    for (const wrong of [[1, 2], new Uint32Array(2), new Float64Array(2), new Int16Array(2), null, undefined, 'ab']) {
      await expectMisuse(suite, 'PC-14', { classes: TypeError, method: 'tryWrite', call: () => ring.tryWrite(wrong as unknown as Int32Array) });
      await expectMisuse(suite, 'PC-14', { classes: TypeError, method: 'write', call: () => ring.write(wrong as unknown as Int32Array) });
      await expectMisuse(suite, 'PC-14', { classes: TypeError, method: 'tryRead', call: () => ring.tryRead(wrong as unknown as Int32Array) });
      await expectMisuse(suite, 'PC-14', { classes: TypeError, method: 'read', call: () => ring.read(wrong as unknown as Int32Array, 0) });
    }
    for (const timeoutMs of [-1, -0.5, Number.NaN, -Infinity, '5', null, undefined]) {
      await expectMisuse(suite, 'PC-14', { classes: RangeError, method: 'read', value: timeoutMs, call: () => ring.read(new Int32Array(1), timeoutMs as number) });
    }
    const sizeAfter = await ring.size;
    suite.rule('PC-14', () => expect(sizeAfter, 'rejected calls move nothing').toBe(2));
    const into = new Int32Array(3);
    const counts = [await ring.read(into, Infinity), await ring.read(into, -0)];
    suite.rule('PC-13', () => expect({ counts, into: [...into] }, 'Infinity and -0 are timeouts').toEqual({ counts: [2, 0], into: [7, 8, 0] }));
    // a lower bound only: a slower implementation waits longer and still passes
    const startedAt = Date.now();
    const timedOut = await ring.read(into, 30);
    const waitedMs = Date.now() - startedAt;
    suite.rule('PC-13', () => expect({ timedOut, waitedEnough: waitedMs >= 29 }, `read(into, 30) on an empty open ring returned after ${waitedMs} ms`).toEqual({ timedOut: 0, waitedEnough: true }));
  });

  suite.check('PC-6', 'a ring capacity that is not a positive integer is rejected; 1 is accepted', async () => {
    // ringCapacityMax itself is not built here: 2 GiB of shared memory is no check's to take
    for (const bad of [0, -0, -1, 1.5, Number.NaN, Infinity, '2', null, undefined, ringCapacityMax + 1, 2 ** 31]) {
      await expectMisuse(suite, 'PC-6', { classes: RangeError, method: 'createRing', value: bad, call: () => suite.implementation.createRing(bad as number) });
    }
    const ring = await suite.implementation.createRing(1);
    const accepted = [await ring.capacity, await ring.tryWrite(Int32Array.of(1, 2))];
    suite.rule('PC-6', () => expect(accepted).toEqual([1, 1]));
    for (const bad of [new ArrayBuffer(64), new Int32Array(new SharedArrayBuffer(64)), null, undefined, 'ring']) {
      await expectMisuse(suite, 'PC-14', { classes: TypeError, method: 'attachRing', value: bad, call: () => suite.implementation.attachRing(bad as unknown as SharedArrayBuffer) });
    }
  });
}
