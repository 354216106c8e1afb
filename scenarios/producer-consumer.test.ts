// Scenarios of producer-consumer: the seed's exercise 4 as written (10 producers, 5 consumers,
// a queue of 1000, run then stop), a shutdown while producers are blocked on a full queue, a
// consumer that throws, misuse, and the SharedArrayBuffer ring between two real threads.

import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { expect } from 'vitest';
import { childEnvironment } from '../harness/child-environment.ts';
import { implementationModulePath } from '../harness/implementation.ts';
import { systemSuite } from '../harness/suite.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { producerConsumerSpec, queueAccounting } from '../spec/producer-consumer.ts';

const suite = await systemSuite(producerConsumerSpec);
const { default: createChannel, startProducerConsumer, createRing } = suite.implementation;

/** lets timers and I/O run, as a consumer doing real work would */
const macrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

suite.check(['PC-7', 'PC-10', 'PC-12'], 'the seed\'s system: 10 producers and 5 consumers over a queue of 1000, stopped while busy, processes every item', async () => {
  const produced = new Set<string>();
  const processed: string[] = [];
  const system = await startProducerConsumer<string>({
    producers: 10,
    consumers: 5,
    capacity: 1000,
    produce(producerId, sequence) {
      const item = `item_${producerId}_${sequence}`;
      produced.add(item);
      return item;
    },
    async consume(item) {
      if (processed.length % 100 === 0) await macrotask();
      processed.push(item);
    },
  });
  // a stalled system ends the check (counted in turns without progress, not in time)
  for (let idle = 0, last = -1; processed.length < 20_000 && idle < 10_000; idle = processed.length === last ? idle + 1 : 0, last = processed.length) await macrotask();
  const stats = await system.stop();
  suite.rule('PC-10', () => expect(queueAccounting([...produced], processed)).toEqual({ lost: [], duplicated: [], unexpected: [] }));
  suite.rule('PC-12', () => {
    expect(stats).toMatchObject({ produced: produced.size, consumed: processed.length, failures: [] });
    expect(stats.perProducer).toHaveLength(10);
    expect(stats.perConsumer).toHaveLength(5);
    expect(stats.perConsumer.filter((count) => count > 0).length, 'every consumer took items').toBe(5);
  });
});

suite.check(['PC-10', 'PC-8'], 'stop() while every producer is blocked on a full queue drains their items too', async () => {
  const produced: number[] = [];
  const consumed: number[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const system = await startProducerConsumer<number>({
    producers: 3,
    consumers: 1,
    capacity: 2,
    produce(producerId, sequence) {
      const item = producerId * 1000 + sequence;
      produced.push(item);
      return item;
    },
    async consume(item) {
      await gate;
      consumed.push(item);
    },
  });
  for (let turn = 0; turn < 20; turn += 1) await macrotask();
  suite.rule('PC-8', () => expect(produced.length, 'queue of 2, 3 producers, 1 consumer holding one').toBeLessThanOrEqual(2 + 3 + 1));
  const stopping = system.stop();
  release();
  const stats = await stopping;
  suite.rule('PC-10', () => {
    expect([...consumed].sort()).toEqual([...produced].sort());
    expect(stats.produced).toBe(produced.length);
  });
});

suite.check('PC-11', 'a consumer that throws on every third item records those failures and keeps consuming', async () => {
  const system = await startProducerConsumer<number>({
    producers: 1,
    consumers: 1,
    capacity: 4,
    produce: (_producer, sequence) => (sequence < 30 ? sequence : undefined),
    consume(item) {
      if (item % 3 === 0) throw new RangeError(`item ${item}`);
    },
  });
  const stats = await system.done;
  expect(stats.failures.map((failure) => failure.item)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
  expect(stats.failures.every((failure) => failure.error instanceof RangeError && failure.consumerId === 0)).toBe(true);
  expect(stats).toMatchObject({ produced: 30, consumed: 20, perConsumer: [30] });
});

suite.check('PC-6', 'rejects counts that are not positive integers and callbacks that are not functions, naming system and method', async () => {
  const valid = { producers: 1, consumers: 1, capacity: 1, produce: () => undefined, consume: () => undefined };
  for (const field of ['producers', 'consumers', 'capacity'] as const) {
    for (const bad of [0, -0, -2, 2.5, Number.NaN, Infinity, '3', null, undefined]) {
      await expectMisuse(suite, 'PC-6', { classes: RangeError, method: 'startProducerConsumer', value: bad, call: () => startProducerConsumer({ ...valid, [field]: bad as number }) });
    }
  }
  for (const field of ['produce', 'consume'] as const) {
    for (const bad of [undefined, null, 'f', {}]) {
      await expectMisuse(suite, 'PC-6', { classes: TypeError, method: 'startProducerConsumer', value: bad, call: () => startProducerConsumer({ ...valid, [field]: bad as () => undefined }) });
    }
  }
  await expectMisuse(suite, 'PC-6', { classes: RangeError, method: 'startProducerConsumer', call: () => startProducerConsumer(undefined as unknown as typeof valid) });
});

suite.check(['PC-7', 'PC-9', 'PC-12'], 'falsy items (0, -0, \'\', false, null, NaN) are items: only undefined ends a producer', async () => {
  const items: unknown[] = [0, -0, '', false, null, Number.NaN, 0n];
  const seen: unknown[] = [];
  const system = await startProducerConsumer<unknown>({
    producers: 1,
    consumers: 1,
    capacity: 2,
    produce: (_producer, sequence) => (sequence < items.length ? items[sequence] : undefined),
    consume(item) {
      seen.push(item);
    },
  });
  const stats = await system.done;
  suite.rule('PC-7', () => expect(seen, 'each consumed as produced, -0 and NaN as themselves').toEqual(items));
  suite.rule('PC-12', () => expect(stats).toEqual({ produced: items.length, consumed: items.length, failures: [], perProducer: [items.length], perConsumer: [items.length] }));
});

suite.check(['PC-10', 'PC-12'], 'stop() after done, and stop() twice, resolve with the same stats and produce nothing more', async () => {
  let produceCalls = 0;
  const system = await startProducerConsumer<number>({
    producers: 2,
    consumers: 3,
    capacity: 3,
    produce(_producer, sequence) {
      produceCalls += 1;
      return sequence < 5 ? sequence : undefined;
    },
    consume: () => undefined,
  });
  const done = await system.done;
  const callsAtDone = produceCalls;
  const [first, second] = [await system.stop(), await system.stop()];
  suite.rule('PC-12', () => expect(done).toMatchObject({ produced: 10, consumed: 10, failures: [], perProducer: [5, 5] }));
  suite.rule('PC-12', () => expect(done.perConsumer.reduce((sum, count) => sum + count, 0)).toBe(10));
  suite.rule('PC-10', () => expect({ first, second, calls: produceCalls }).toEqual({ first: done, second: done, calls: callsAtDone }));
});

suite.check('PC-4', 'close wakes receivers waiting on an empty channel and refuses senders waiting on a full one', async () => {
  const empty = await createChannel<number>({ capacity: 1 });
  const waiting = [empty.receive(), empty.receive()];
  await empty.close();
  expect(await Promise.all(waiting)).toEqual([{ done: true }, { done: true }]);
  const full = await createChannel<number>({ capacity: 1 });
  expect(await full.send(1)).toBe('sent');
  const blocked = full.send(2);
  await full.close();
  expect(await blocked).toBe('closed');
  const drained: number[] = [];
  for await (const item of full) drained.push(item);
  expect(drained).toEqual([1]);
});

suite.check('PC-13', 'a ring carries a million int32 values from a worker thread, in order, then closes', async () => {
  const capacity = 1024;
  const count = 1_000_000;
  const ring = await createRing(capacity);
  const worker = new Worker(new URL('./workers/ring-writer.mjs', import.meta.url), {
    workerData: { modulePath: implementationModulePath(producerConsumerSpec.id), buffer: ring.buffer, count, batch: 300 },
    env: childEnvironment(),
  });
  let workerError: unknown;
  let workerGone = false;
  worker.on('error', (error) => (workerError = error));
  const exited = once(worker, 'exit').then(() => (workerGone = true));
  const into = new Int32Array(4096);
  let expected = 0;
  let outOfOrder: string | undefined;
  try {
    for (;;) {
      const read = await ring.read(into, 20);
      if (read > capacity) outOfOrder ??= `read ${read} values from a ring of ${capacity}`;
      for (let index = 0; index < read; index += 1) {
        if (into[index] !== expected) outOfOrder ??= `value ${into[index]} where ${expected} was due`;
        expected += 1;
      }
      if (read > 0) continue;
      if ((await ring.closed) && (await ring.size) === 0) break;
      // let the worker's events in: it may still be loading, or may have failed
      await new Promise((resolve) => setImmediate(resolve));
      if (workerError !== undefined) throw workerError;
      if (workerGone && !(await ring.closed)) throw new Error('the writer exited without closing the ring');
    }
  } finally {
    await worker.terminate();
    await exited;
  }
  expect(outOfOrder).toBeUndefined();
  expect(expected).toBe(count);
}, { timeoutMs: 60_000 });

suite.check('PC-13', 'write() on the main thread waits for room while a worker thread reads, and hands over every value in order', async () => {
  const ring = await createRing(64);
  const worker = new Worker(new URL('./workers/ring-reader.mjs', import.meta.url), {
    workerData: { modulePath: implementationModulePath(producerConsumerSpec.id), buffer: ring.buffer, chunk: 48 },
    env: childEnvironment(),
  });
  const messages: { ready?: boolean; received?: number; mismatch?: string }[] = [];
  const failed = new Promise<never>((_, reject) => {
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the reader exited (code ${code}) before reporting`)));
  });
  const next = () => Promise.race([once(worker, 'message').then(([message]) => message as (typeof messages)[number]), failed]);
  try {
    messages.push(await next());
    const values = Int32Array.from({ length: 100_000 }, (_, index) => index);
    // blocks this thread (Atomics.wait) whenever the ring is full, until the reader makes room
    const complete = await ring.write(values);
    await ring.close();
    messages.push(await next());
    suite.rule('PC-13', () => expect({ complete, report: messages[1] }).toEqual({ complete: true, report: { received: 100_000, mismatch: undefined } }));
  } finally {
    failed.catch(() => undefined);
    await worker.terminate();
  }
}, { timeoutMs: 60_000 });

suite.check('PC-12', 'a produce that throws ends that producer only: the rest is consumed, then done and stop() reject with its error, which is never left unhandled', async () => {
  const failure = new Error('produce failed');
  const consumed: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const system = await startProducerConsumer<string>({
      producers: 2,
      consumers: 2,
      capacity: 2,
      async produce(producerId, sequence) {
        if (producerId === 0 && sequence === 3) throw failure;
        return sequence < 8 ? `${producerId}:${sequence}` : undefined;
      },
      consume(item) {
        consumed.push(item);
      },
    });
    // nobody awaits done for a while: its rejection must not escape as unhandled
    for (let turn = 0; turn < 50; turn += 1) await macrotask();
    const outcomes = await Promise.allSettled([system.done, system.stop()]);
    const expected = ['0:0', '0:1', '0:2', ...Array.from({ length: 8 }, (_, index) => `1:${index}`)];
    suite.rule('PC-12', () => expect([...consumed].sort(), 'the other producer went on, and all produced was consumed').toEqual(expected.sort()));
    suite.rule('PC-12', () => expect(outcomes).toEqual([{ status: 'rejected', reason: failure }, { status: 'rejected', reason: failure }]));
    suite.rule('PC-12', () => expect(unhandled, 'unhandled rejections').toEqual([]));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
