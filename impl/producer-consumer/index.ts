// producer-consumer, the reference implementation: an async bounded channel (the default
// export), the producer-consumer system over it, and a SharedArrayBuffer ring for threads.

export { createChannel as default } from './channel.ts';
export { attachRing, createRing } from './ring.ts';
export { startProducerConsumer } from './system.ts';
