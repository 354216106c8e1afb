// A worker thread for the producer-consumer gates: posts 0, 1, ... count - 1 to its parent, one
// message per number, the way a ring is usually replaced; then a 'done' message.

import { parentPort, workerData } from 'node:worker_threads';

const { count } = workerData;
for (let value = 0; value < count; value += 1) parentPort.postMessage(value);
parentPort.postMessage('done');
