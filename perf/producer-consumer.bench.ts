// Performance gates of producer-consumer: items per second through the async channel on one
// thread (at least 10 M/s, and against node:stream in object mode), and int32 values per second
// through the SharedArrayBuffer ring between two threads (at least 20 M/s). postMessage per
// item is measured beside each, as the obvious alternative.

import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { MessageChannel, Worker } from 'node:worker_threads';
import createChannel, { createRing } from '../impl/producer-consumer/index.ts';
import { defineGates, median, type Gate } from '../harness/perf.ts';

const itemsPerRun = 200_000;
const capacity = 1000;

/** one producer and one consumer task on this thread, using the non-waiting calls when they succeed */
async function throughChannel(): Promise<number> {
  const channel = createChannel<number>({ capacity });
  const producing = (async () => {
    for (let item = 0; item < itemsPerRun; item += 1) {
      if (channel.trySend(item) !== 'sent') await channel.send(item);
    }
    channel.close();
  })();
  let sum = 0;
  for (;;) {
    const outcome = channel.tryReceive();
    if (outcome.kind === 'item') sum += outcome.value;
    else if (outcome.kind === 'closed') break;
    else {
      const waited = await channel.receive();
      if (waited.done) break;
      sum += waited.value;
    }
  }
  await producing;
  return sum;
}

/** the same hand-over through an object-mode stream with the same buffer, honouring backpressure */
async function throughStream(): Promise<number> {
  const stream = new PassThrough({ objectMode: true, highWaterMark: capacity });
  const producing = (async () => {
    for (let item = 0; item < itemsPerRun; item += 1) {
      if (!stream.write(item)) await once(stream, 'drain');
    }
    stream.end();
  })();
  let sum = 0;
  for await (const item of stream) sum += item as number;
  await producing;
  return sum;
}

/** one message per item over a MessageChannel, on this thread */
async function throughPostMessage(items: number): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  let sum = 0;
  let received = 0;
  const done = new Promise<void>((resolve) => {
    port2.on('message', (item: number) => {
      sum += item;
      received += 1;
      if (received === items) resolve();
    });
  });
  for (let item = 0; item < items; item += 1) port1.postMessage(item);
  await done;
  port1.close();
  return sum;
}

async function ratePerSecond(runs: number, work: number, run: () => Promise<unknown>): Promise<number> {
  const rates: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    await run();
    rates.push(work / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

/** The ring between this thread and a writer thread: int32 values per second, median of runs. */
async function ringRate(valuesPerRun: number, runs: number): Promise<number> {
  const rates: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const ring = createRing(1 << 16);
    const worker = new Worker(new URL('../scenarios/workers/ring-writer.mjs', import.meta.url), {
      workerData: { modulePath: new URL('../impl/producer-consumer/index.ts', import.meta.url).pathname, buffer: ring.buffer, count: valuesPerRun, batch: 4096 },
    });
    const into = new Int32Array(1 << 16);
    // the clock starts at the first value, so the worker's start-up is not counted
    while (ring.read(into, 5) === 0) await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    let received = 0;
    for (let read = ring.size; ; read = ring.read(into, 1000)) {
      if (read === 0 && ring.closed) break;
      received += read;
    }
    rates.push(received / ((performance.now() - started) / 1000));
    await worker.terminate();
  }
  return median(rates);
}

/** One message per int32 from a worker thread: values per second, median of runs. */
async function postMessageRate(valuesPerRun: number, runs: number): Promise<number> {
  const rates: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const worker = new Worker(new URL('./workers/post-numbers.mjs', import.meta.url), { workerData: { count: valuesPerRun } });
    let started = 0;
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (value: number | 'done') => {
        if (value === 'done') return resolve();
        if (received === 0) started = performance.now();
        received += 1;
      });
    });
    rates.push(received / ((performance.now() - started) / 1000));
    await worker.terminate();
  }
  return median(rates);
}

export default defineGates('producer-consumer', (): Gate[] => [
  {
    kind: 'ratio',
    name: 'async channel items per second, one producer and one consumer',
    unit: 'items',
    minRatio: 3,
    ours: { name: 'producer-consumer channel', workPerRun: itemsPerRun, run: throughChannel },
    baseline: { name: 'node:stream PassThrough (objectMode)', workPerRun: itemsPerRun, run: throughStream },
    alongside: [{ name: 'MessageChannel postMessage per item', workPerRun: 20_000, run: () => throughPostMessage(20_000) }],
  },
  {
    kind: 'metric',
    name: 'async channel items per second on one thread',
    unit: 'items/s',
    min: 10_000_000,
    measure: () => ratePerSecond(15, itemsPerRun, throughChannel),
  },
  {
    kind: 'metric',
    name: 'ring int32 values per second between two threads',
    unit: 'values/s',
    min: 20_000_000,
    measure: () => ringRate(20_000_000, 5),
  },
  {
    kind: 'metric',
    name: 'postMessage per int32 between two threads (beside the ring)',
    unit: 'values/s',
    measure: () => postMessageRate(500_000, 3),
  },
]);
