// The producer-consumer system over one bounded channel. Producers loop on produce() and
// send; consumers loop on receive and consume. stop() only raises a flag: producers finish the
// hand-over they are in, the channel closes once the last one leaves, and consumers drain it,
// so nothing produced is ever dropped.

import type {
  ConsumeFailure,
  ProducerConsumerOptions,
  ProducerConsumerStats,
  ProducerConsumerSystem,
} from '../../spec/producer-consumer.ts';
import { BoundedChannel } from './channel.ts';
import { describe, positiveInteger } from './validate.ts';

/** the system over the channel makeChannel builds for the checked capacity (a BoundedChannel by default) */
export function startProducerConsumer<T>(options: ProducerConsumerOptions<T>, makeChannel = (capacity: number) => new BoundedChannel<T>({ capacity })): ProducerConsumerSystem<T> {
  const producers = positiveInteger('startProducerConsumer', 'producers', options?.producers);
  const consumers = positiveInteger('startProducerConsumer', 'consumers', options?.consumers);
  const capacity = positiveInteger('startProducerConsumer', 'capacity', options.capacity);
  for (const field of ['produce', 'consume'] as const) {
    if (typeof options[field] !== 'function') {
      throw new TypeError(`producer-consumer.startProducerConsumer: expected ${field} to be a function, got ${describe(options[field])}`);
    }
  }
  const { produce, consume } = options;
  const channel = makeChannel(capacity);
  const perProducer = new Array<number>(producers).fill(0);
  const perConsumer = new Array<number>(consumers).fill(0);
  const failures: ConsumeFailure<T>[] = [];
  let consumed = 0;
  let stopping = false;
  let producerError: { readonly error: unknown } | undefined;

  async function runProducer(producerId: number): Promise<void> {
    try {
      for (let sequence = 0; !stopping; sequence += 1) {
        const item = await produce(producerId, sequence);
        if (item === undefined) return;
        perProducer[producerId] = sequence + 1;
        // the channel stays open until every producer has left, so this send cannot be refused
        await channel.send(item);
      }
    } catch (error) {
      // a producer that throws ends; what it produced before is still consumed
      producerError ??= { error };
    }
  }

  async function runConsumer(consumerId: number): Promise<void> {
    for (;;) {
      const outcome = await channel.receive();
      if (outcome.done) return;
      perConsumer[consumerId] = (perConsumer[consumerId] ?? 0) + 1;
      try {
        await consume(outcome.value, consumerId);
        consumed += 1;
      } catch (error) {
        failures.push({ item: outcome.value, consumerId, error });
      }
    }
  }

  const producing = Promise.all(perProducer.map((_, id) => runProducer(id))).then(() => channel.close());
  const consuming = Promise.all(perConsumer.map((_, id) => runConsumer(id)));
  const done = Promise.all([producing, consuming]).then((): ProducerConsumerStats<T> => {
    if (producerError !== undefined) throw producerError.error;
    return {
      produced: perProducer.reduce((sum, count) => sum + count, 0),
      consumed,
      failures: [...failures],
      perProducer: [...perProducer],
      perConsumer: [...perConsumer],
    };
  });
  // a producer's error reaches whoever awaits done or stop(); nobody awaiting is not a crash
  done.catch(() => undefined);
  return {
    done,
    stop() {
      stopping = true;
      return done;
    },
  };
}
