// A child process for the kv-wal SIGKILL scenario: opens the store under test on a real
// directory and writes key<i % 500> = value<i> from index <start> on, eight writes in flight at
// a time, printing each index once its write is acknowledged, until the parent kills it.

import { tsImport } from 'tsx/esm/api';

const [modulePath, directory, start] = process.argv.slice(2);
const { default: openKvStore } = await tsImport(modulePath, import.meta.url);
const store = await openKvStore({ path: directory });
const inFlight = 8;
let next = Number(start);

async function writer() {
  for (;;) {
    const index = next++;
    await store.set(`key${index % 500}`, `value${index}`);
    process.stdout.write(`${index}\n`);
  }
}

await Promise.all(Array.from({ length: inFlight }, writer));
