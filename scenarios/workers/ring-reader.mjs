// A worker thread for the producer-consumer scenarios: it loads the implementation under test
// (through tsx), attaches to the ring, says "ready", then reads until the ring is closed and
// drained, checking that it sees 0, 1, 2, ... in order, and posts what it saw. If reading
// fails it closes the ring, so a writer blocked in write() on the main thread is let go.

import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { modulePath, buffer, chunk } = workerData;
const module = await tsImport(modulePath, import.meta.url);
const ring = module.attachRing(buffer);
parentPort.postMessage({ ready: true });
const into = new Int32Array(chunk);
let received = 0;
let mismatch;
try {
  for (;;) {
    const count = ring.read(into, 1000);
    for (let index = 0; index < count; index += 1) {
      if (into[index] !== received) mismatch ??= `value ${into[index]} where ${received} was due`;
      received += 1;
    }
    if (count === 0 && ring.closed && ring.size === 0) break;
  }
} catch (error) {
  mismatch ??= `reading threw ${String(error)}`;
  ring.close();
}
parentPort.postMessage({ received, mismatch });
