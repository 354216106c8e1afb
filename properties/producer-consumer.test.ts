// Properties of producer-consumer. The channel runs model-based against the array model for
// its synchronous calls, then under fc.scheduler with concurrent senders and receivers, where
// Jepsen-style accounting (lost, duplicated, unexpected) and per-sender order are checked. The
// system runs generated producer/consumer workloads whose counters bound what it may hold.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectOverlap, linearizableProperty, type ConcurrentSystem } from '../harness/concurrent.ts';
import { queueModel, type QueueInput, type QueueOutput, type QueueValue } from '../harness/linearizability/models.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { channelCommands } from './producer-consumer/channel-commands.ts';
import { largeChannelProperties } from './producer-consumer/large-channel.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { ringProperties } from './producer-consumer/ring.ts';
import { ChannelModel, producerConsumerSpec, queueAccounting, type Channel, type ProducerConsumerStats } from '../spec/producer-consumer.ts';

const suite = await systemSuite(producerConsumerSpec);
const createChannel = suite.implementation.default;
const startProducerConsumer = suite.implementation.startProducerConsumer;

suite.property(
  ['PC-1', 'PC-2', 'PC-3', 'PC-4'],
  'every channel method, open and after close, agrees with the bounded FIFO model, falsy items included',
  fc.asyncProperty(fc.integer({ min: 1, max: 4 }), replayableCommands(channelCommands(suite), { maxCommands: 40 }), async (capacity, sequence) => {
    await fc.asyncModelRun(() => ({ model: new ChannelModel<unknown>(capacity), real: createChannel<unknown>({ capacity }) }), sequence);
  }),
);

interface ChannelRun {
  readonly capacity: number;
  /** how many items each sender sends */
  readonly senders: readonly number[];
  readonly receivers: number;
  /** after how many sends (in total) a closer closes the channel; beyond the total: after all */
  readonly closeAfter: number;
}

const channelRun: fc.Arbitrary<ChannelRun> = fc.record({
  capacity: fc.integer({ min: 1, max: 3 }),
  senders: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 3 }),
  receivers: fc.integer({ min: 1, max: 3 }),
  closeAfter: fc.integer({ min: 0, max: 24 }),
});

suite.property(
  ['PC-1', 'PC-2', 'PC-3', 'PC-4'],
  'concurrent senders and receivers lose, repeat and invent nothing, keep each sender\'s order and respect the bound',
  fc.asyncProperty(channelRun, fc.scheduler(), async (run, scheduler) => {
    const channel = createChannel<string>({ capacity: run.capacity });
    const accepted: string[] = [];
    const refused: string[] = [];
    const delivered: string[] = [];
    let sends = 0;
    let closeRequested = false;
    const sizes: number[] = [];
    const closeOnce = async () => {
      if (closeRequested) return;
      closeRequested = true;
      await channel.close();
    };
    const sender = async (senderId: number, count: number) => {
      for (let index = 0; index < count; index += 1) {
        await scheduler.schedule(Promise.resolve(), `sender ${senderId} sends ${index}`);
        const item = `${senderId}:${index}`;
        const outcome = await channel.send(item);
        (outcome === 'sent' ? accepted : refused).push(item);
        sends += 1;
        sizes.push(await channel.size);
        if (sends === run.closeAfter) await closeOnce();
      }
    };
    const receiver = async (receiverId: number) => {
      for (;;) {
        await scheduler.schedule(Promise.resolve(), `receiver ${receiverId} receives`);
        const outcome = await channel.receive();
        sizes.push(await channel.size);
        if (outcome.done) return;
        delivered.push(outcome.value);
      }
    };
    const senders = Promise.all(run.senders.map((count, id) => sender(id, count))).then(closeOnce);
    const receivers = Promise.all(Array.from({ length: run.receivers }, (_, id) => receiver(id)));
    await scheduler.waitFor(Promise.all([senders, receivers]));
    const accounting = queueAccounting(accepted, delivered);
    suite.rule('PC-2', () => expect(Math.max(0, ...sizes)).toBeLessThanOrEqual(run.capacity));
    suite.rule('PC-4', () => expect(delivered.filter((item) => refused.includes(item)), 'refused items delivered').toEqual([]));
    suite.rule('PC-1', () => expect(accounting).toEqual({ lost: [], duplicated: [], unexpected: [] }));
    for (const senderId of run.senders.keys()) {
      const ofSender = delivered.filter((item) => item.startsWith(`${senderId}:`));
      suite.rule('PC-3', () => expect(ofSender).toEqual(accepted.filter((item) => item.startsWith(`${senderId}:`))));
    }
  }),
  { runsFactor: 0.5 },
);

/** a queue operation, and whether the client uses the waiting call (send, receive) or the immediate one */
type ChannelInput = QueueInput & { readonly wait: boolean };
const linearizabilityCapacity = 2;

const linearizableChannel: ConcurrentSystem<readonly QueueValue[], Channel<number>, ChannelInput, QueueOutput> = {
  model: queueModel(linearizabilityCapacity),
  input: fc.oneof(
    fc.record({ kind: fc.constant('enqueue' as const), value: fc.integer({ min: 0, max: 9 }), wait: fc.boolean() }),
    fc.record({ kind: fc.constant('dequeue' as const), wait: fc.boolean() }),
  ),
  create: () => createChannel<number>({ capacity: linearizabilityCapacity }),
  async call(channel, input): Promise<QueueOutput> {
    if (input.kind === 'enqueue') {
      if (!input.wait) return (await channel.trySend(input.value as number)) === 'sent' ? 'ok' : 'full';
      await channel.send(input.value as number);
      return 'ok';
    }
    if (!input.wait) {
      const outcome = await channel.tryReceive();
      return outcome.kind === 'item' ? { value: outcome.value } : 'empty';
    }
    const outcome = await channel.receive();
    if (outcome.done) throw new Error('receive reported done on a channel nobody closed');
    return { value: outcome.value };
  },
  operationsPerClientMax: 5,
};

suite.property(
  'PC-5',
  'concurrent sends and receives, waiting and immediate, are linearizable as a bounded FIFO queue',
  linearizableProperty(linearizableChannel),
  { runsFactor: 0.5 },
);

// a send waiting on a full channel (or a receive on an empty one) stays inside the channel while
// other clients call it, so the runs above must reach two calls at once or they cannot see a race
suite.check('PC-5', 'the linearizability runs really overlap: several calls are inside the channel at once', () => expectOverlap(linearizableChannel, { required: 2 }));

suite.check('PC-6', 'rejects a channel capacity that is not a positive integer, with the message naming system and method; accepts 1', async () => {
  for (const capacity of [0, -0, -1, 1.5, Number.NaN, Infinity, -Infinity, '2', null, undefined, 2 ** 53]) {
    await expectMisuse(suite, 'PC-6', { classes: RangeError, method: 'createChannel', value: capacity, call: () => createChannel({ capacity: capacity as number }) });
  }
  await expectMisuse(suite, 'PC-6', { classes: RangeError, method: 'createChannel', call: () => createChannel(undefined as unknown as { capacity: number }) });
  const smallest = await createChannel<number>({ capacity: 1 });
  const outcomes = [await smallest.capacity, await smallest.trySend(1), await smallest.trySend(2)];
  suite.rule('PC-6', () => expect(outcomes).toEqual([1, 'sent', 'full']));
});

interface Workload {
  readonly capacity: number;
  /** items each producer makes before returning undefined */
  readonly itemsPerProducer: readonly number[];
  readonly consumers: number;
  /** microtask turns each consume takes, cycled over the items */
  readonly consumeTurns: readonly number[];
  /** items whose consume throws (item indices modulo this set) */
  readonly failingEvery: number;
  /** stop after this many consume calls started; undefined: run to completion */
  readonly stopAfter: number | undefined;
}

const workload: fc.Arbitrary<Workload> = fc.record({
  capacity: fc.integer({ min: 1, max: 4 }),
  itemsPerProducer: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 4 }),
  consumers: fc.integer({ min: 1, max: 3 }),
  consumeTurns: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
  failingEvery: fc.integer({ min: 0, max: 4 }),
  stopAfter: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});

async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await Promise.resolve();
}

suite.property(
  ['PC-7', 'PC-8', 'PC-9', 'PC-10', 'PC-11', 'PC-12'],
  'a run consumes each produced item once, in each producer\'s order, within the bound, through failures and stops',
  fc.asyncProperty(workload, async (work) => {
    const producers = work.itemsPerProducer.length;
    const produced: string[] = [];
    const started: string[] = [];
    const consumedOk: string[] = [];
    const failed = new Map<string, Error>();
    let held = 0;
    let heldMax = 0;
    let stopCalled = false;
    let producesAfterStop = 0;
    let consumeCalls = 0;
    let stopping: Promise<ProducerConsumerStats<string>> | undefined;
    const system = await startProducerConsumer<string>({
      producers,
      consumers: work.consumers,
      capacity: work.capacity,
      produce(producerId, sequence) {
        if (stopCalled) producesAfterStop += 1;
        if (sequence >= (work.itemsPerProducer[producerId] ?? 0)) return undefined;
        const item = `${producerId}:${sequence}`;
        produced.push(item);
        held += 1;
        heldMax = Math.max(heldMax, held);
        return item;
      },
      async consume(item) {
        held -= 1;
        started.push(item);
        const index = consumeCalls++;
        if (work.stopAfter !== undefined && consumeCalls === work.stopAfter) {
          stopCalled = true;
          stopping = system.stop();
        }
        await turns(work.consumeTurns[index % work.consumeTurns.length] ?? 0);
        if (work.failingEvery > 0 && index % work.failingEvery === 0) {
          const error = new Error(`consume failed on ${item}`);
          failed.set(item, error);
          throw error;
        }
        consumedOk.push(item);
      },
    });
    if (work.stopAfter === 0) {
      stopCalled = true;
      stopping = system.stop();
    }
    const stats = await (stopping ?? system.done);
    const final = await system.done;
    suite.rule('PC-12', () => expect(final).toEqual(stats));
    suite.rule('PC-8', () => expect(heldMax, 'items between produce and consume').toBeLessThanOrEqual(work.capacity + producers + work.consumers));
    suite.rule('PC-10', () => expect(producesAfterStop, 'produce calls after stop()').toBeLessThanOrEqual(stopCalled ? producers : 0));
    suite.rule('PC-11', () => {
      for (const item of failed.keys()) expect(started.filter((other) => other === item), `consume calls for ${item}`).toHaveLength(1);
      expect(stats.failures.map((failure) => failure.item).sort()).toEqual([...failed.keys()].sort());
      for (const failure of stats.failures) expect(failure.error).toBe(failed.get(failure.item));
      expect(stats.consumed).toBe(consumedOk.length);
    });
    // items lost around a stop are the stop's fault; lost in a plain run, conservation's
    suite.rule(stopCalled ? 'PC-10' : 'PC-7', () => expect(queueAccounting(produced, started)).toEqual({ lost: [], duplicated: [], unexpected: [] }));
    suite.rule('PC-7', () => expect(stats.produced).toBe(stats.consumed + stats.failures.length));
    for (let producerId = 0; producerId < producers; producerId += 1) {
      const ofProducer = started.filter((item) => item.startsWith(`${producerId}:`));
      suite.rule('PC-9', () => expect(ofProducer).toEqual(produced.filter((item) => item.startsWith(`${producerId}:`))));
      suite.rule('PC-12', () => expect(stats.perProducer[producerId]).toBe(ofProducer.length));
    }
    suite.rule('PC-12', () => expect(stats.perConsumer.reduce((sum, count) => sum + count, 0)).toBe(started.length));
    if (!stopCalled) {
      suite.rule('PC-12', () => expect(stats.produced).toBe(work.itemsPerProducer.reduce((sum, count) => sum + count, 0)));
    }
  }),
);

largeChannelProperties(suite);
ringProperties(suite);
