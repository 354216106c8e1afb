// A worker thread for the producer-consumer scenarios: it loads the implementation under test
// (TypeScript, through tsx, since a worker does not inherit the test runner's loader), attaches
// to the ring, writes 0, 1, 2, ... count - 1 in batches, and closes the ring.

import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { modulePath, buffer, count, batch } = workerData;
const module = await tsImport(modulePath, import.meta.url);
const ring = module.attachRing(buffer);
const values = new Int32Array(batch);
for (let next = 0; next < count; ) {
  const size = Math.min(batch, count - next);
  for (let index = 0; index < size; index += 1) values[index] = next + index;
  ring.write(size === batch ? values : values.subarray(0, size));
  next += size;
}
ring.close();
