// The child process of `npm run perf`: runs one gate set (perf/<id>.bench.ts) and prints each
// result as one JSON line on stdout. Each gate set gets a fresh process, so no system's JIT
// state or garbage is measured as part of another's.

import { runGate } from '../harness/perf.ts';
import { loadGateSet, resultPrefix } from './perf.ts';

interface PerfWorkerRequest {
  readonly id: string;
  readonly rounds: number;
  readonly timeScale: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as PerfWorkerRequest;
const set = await loadGateSet(request.id);
for (const gate of await set.gates()) {
  const result = await runGate(request.id, gate, { rounds: request.rounds, timeScale: request.timeScale });
  process.stdout.write(`${resultPrefix}${JSON.stringify(result)}\n`);
}
// gates may leave handles open (files, worker threads): the results are out, so end here
process.exit(0);
