// Producer-consumer channel runs at sizes far past any internal threshold: capacities and queues
// of waiting senders and receivers in the thousands, the buffer wrapping around several times,
// and close arriving while thousands wait. Registered by properties/producer-consumer.test.ts.

import fc from 'fast-check';
import { expect } from 'vitest';
import { largeSize } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import type { producerConsumerSpec, SendOutcome } from '../../spec/producer-consumer.ts';

type ChannelSuite = Suite<typeof producerConsumerSpec>;

// not shrunk: a run at thousands costs too much to repeat while shrinking, and small sizes are covered elsewhere
const large = fc.noShrink(fc.integer({ min: largeSize.min, max: largeSize.max }));

export function largeChannelProperties(suite: ChannelSuite): void {
  suite.property(
    ['PC-1', 'PC-2', 'PC-3', 'PC-4'],
    'a channel of thousands fills to exactly its capacity, queues thousands of waiting senders in order, wraps around, and refuses the waiting ones on close',
    fc.asyncProperty(large, large, fc.integer({ min: 1, max: 3 }), async (capacity, waiting, rounds) => {
      const channel = await suite.implementation.default<number>({ capacity });
      let next = 0;
      let due = 0;
      for (let round = 0; round < rounds; round += 1) {
        const fill: string[] = [];
        for (let index = 0; index < capacity; index += 1) fill.push(await channel.trySend(next++));
        const atCapacity = { size: await channel.size, fill: fill.every((outcome) => outcome === 'sent'), over: await channel.trySend(-1) };
        suite.rule('PC-2', () => expect(atCapacity, `capacity ${capacity}: exactly capacity accepted, one more full`).toEqual({ size: capacity, fill: true, over: 'full' }));
        const senders: Promise<SendOutcome>[] = [];
        for (let index = 0; index < waiting; index += 1) senders.push(channel.send(next++));
        const whileWaiting = { size: await channel.size, trySend: await channel.trySend(-2) };
        suite.rule('PC-2', () => expect(whileWaiting, 'full while senders wait').toEqual({ size: capacity, trySend: 'full' }));
        const received: number[] = [];
        // a waiting sender may hand its item over some turns later; a channel that lost it ends the loop
        for (let idle = 0; received.length < capacity + waiting && idle < 20; ) {
          const outcome = await channel.tryReceive();
          if (outcome.kind === 'item') {
            received.push(outcome.value);
            idle = 0;
          } else {
            idle += 1;
            await Promise.resolve();
          }
        }
        const expected = Array.from({ length: capacity + waiting }, (_, index) => due + index);
        due += capacity + waiting;
        suite.rule('PC-3', () => expect(received.length === expected.length && received.every((value, index) => value === expected[index]), 'every item, in the order accepted').toBe(true));
        const outcomes = await Promise.all(senders);
        suite.rule('PC-1', () => expect(outcomes.every((outcome) => outcome === 'sent'), 'every waiting send resolved sent').toBe(true));
      }
      for (let index = 0; index < capacity; index += 1) await channel.trySend(next++);
      const refused: Promise<SendOutcome>[] = [];
      for (let index = 0; index < waiting; index += 1) refused.push(channel.send(-3));
      await channel.close();
      const outcomes = await Promise.all(refused);
      suite.rule('PC-4', () => expect(outcomes.every((outcome) => outcome === 'closed'), 'waiting sends resolve closed on close').toBe(true));
      const drained: number[] = [];
      for await (const item of channel) drained.push(item);
      suite.rule('PC-4', () => expect(drained.length === capacity && drained.every((value, index) => value === due + index), 'the buffer drains in order after close, without the refused items').toBe(true));
      const after = [await channel.tryReceive(), await channel.receive(), await channel.trySend(1), await channel.send(1), await channel.size];
      suite.rule('PC-4', () => expect(after).toEqual([{ kind: 'closed' }, { done: true }, 'closed', 'closed', 0]));
    }),
    { runsMax: 3, timeoutMs: 60_000 },
  );

  suite.property(
    ['PC-1', 'PC-4'],
    'thousands of waiting receivers each get one item sent, and the rest are told done on close',
    fc.asyncProperty(fc.integer({ min: 1, max: 8 }), large, fc.nat(), async (capacity, receivers, sentSeed) => {
      const sends = sentSeed % (receivers + 1);
      const channel = await suite.implementation.default<number>({ capacity });
      const waiting = Array.from({ length: receivers }, () => channel.receive());
      const outcomes: SendOutcome[] = [];
      for (let index = 0; index < sends; index += 1) outcomes.push(await channel.send(index));
      await channel.close();
      const results = await Promise.all(waiting);
      const values = results.flatMap((result) => (result.done ? [] : [result.value])).sort((a, b) => a - b);
      suite.rule('PC-1', () => expect(outcomes.every((outcome) => outcome === 'sent') && values.length === sends && values.every((value, index) => value === index), 'each sent item reached one waiting receiver').toBe(true));
      suite.rule('PC-4', () => expect(results.filter((result) => result.done).length, 'the others are done').toBe(receivers - sends));
    }),
    { runsMax: 3, timeoutMs: 60_000 },
  );
}
