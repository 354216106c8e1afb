// Model-based commands for the producer-consumer channel: every method (trySend, send, tryReceive,
// receive, close, the async iterator, the capacity/size/closed fields) against the array model,
// open and after close. The waiting calls are used only where the model says they complete at
// once, so a run never blocks; items include falsy values (0, -0, '', false, null, undefined, NaN),
// which a channel must carry as given.

import fc from 'fast-check';
import { expect } from 'vitest';
import { falsyValues } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import type { Channel, ChannelModel, producerConsumerSpec } from '../../spec/producer-consumer.ts';

type ChannelSuite = Suite<typeof producerConsumerSpec>;
export type ChannelCommand = fc.AsyncCommand<ChannelModel<unknown>, Channel<unknown>>;

/** items: mostly distinct numbers, and every falsy value the kit knows (a channel must not test items for truthiness) */
const channelItem: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 1_000_000 }) }, { weight: 2, arbitrary: fc.constantFrom(...falsyValues) });

const describeItem = (item: unknown): string => (Object.is(item, -0) ? '-0' : typeof item === 'bigint' ? `${item}n` : String(typeof item === 'string' ? JSON.stringify(item) : item));

/** capacity, size and closed agree with the model after every command */
async function checkFields(suite: ChannelSuite, model: ChannelModel<unknown>, real: Channel<unknown>): Promise<void> {
  const fields = { capacity: await real.capacity, size: await real.size, closed: await real.closed };
  suite.rule(model.closed ? 'PC-4' : 'PC-2', () => expect(fields).toEqual({ capacity: model.capacity, size: model.items.length, closed: model.closed }));
}

export function channelCommands(suite: ChannelSuite): fc.Arbitrary<ChannelCommand>[] {
  const trySend = channelItem.map((item): ChannelCommand => ({
    check: () => true,
    async run(model, real) {
      const expected = model.trySend(item);
      const outcome = await real.trySend(item);
      const rule = expected === 'closed' ? 'PC-4' : expected === 'full' || outcome === 'full' ? 'PC-2' : 'PC-1';
      suite.rule(rule, () => expect(outcome, `trySend(${describeItem(item)})`).toBe(expected));
      await checkFields(suite, model, real);
    },
    toString: () => `trySend(${describeItem(item)})`,
  }));
  // send where it completes at once: room in the buffer, or a closed channel
  const send = channelItem.map((item): ChannelCommand => ({
    check: (model) => model.closed || model.items.length < model.capacity,
    async run(model, real) {
      const expected = model.trySend(item);
      const outcome = await real.send(item);
      suite.rule(expected === 'closed' ? 'PC-4' : 'PC-1', () => expect(outcome, `send(${describeItem(item)})`).toBe(expected));
      await checkFields(suite, model, real);
    },
    toString: () => `send(${describeItem(item)})`,
  }));
  const tryReceive = fc.constant<ChannelCommand>({
    check: () => true,
    async run(model, real) {
      const expected = model.tryReceive();
      const outcome = await real.tryReceive();
      const rule = expected.kind === 'item' && outcome.kind === 'item' ? 'PC-3' : expected.kind === 'closed' || outcome.kind === 'closed' ? 'PC-4' : 'PC-1';
      suite.rule(rule, () => expect(outcome).toEqual(expected));
      await checkFields(suite, model, real);
    },
    toString: () => 'tryReceive()',
  });
  // receive where it completes at once: an item buffered, or a closed channel
  const receive = fc.constant<ChannelCommand>({
    check: (model) => model.closed || model.items.length > 0,
    async run(model, real) {
      const next = model.tryReceive();
      const expected = next.kind === 'item' ? { done: false, value: next.value } : { done: true };
      const outcome = await real.receive();
      suite.rule(next.kind === 'item' ? 'PC-3' : 'PC-4', () => expect(outcome).toEqual(expected));
      await checkFields(suite, model, real);
    },
    toString: () => 'receive()',
  });
  const close = fc.constant<ChannelCommand>({
    check: () => true,
    async run(model, real) {
      model.close();
      await real.close();
      await checkFields(suite, model, real);
    },
    toString: () => 'close()',
  });
  // the iterator ends only once the channel is closed and drained
  const iterate = fc.constant<ChannelCommand>({
    check: (model) => model.closed,
    async run(model, real) {
      const expected = model.items.splice(0);
      const drained: unknown[] = [];
      for await (const item of real) drained.push(item);
      suite.rule('PC-4', () => expect(drained, 'for await over a closed channel drains it').toEqual(expected));
      await checkFields(suite, model, real);
    },
    toString: () => 'for await (...)',
  });
  return [trySend, send, tryReceive, receive, close, iterate];
}
