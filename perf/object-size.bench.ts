// Performance gates of object-size: estimate throughput (bytes of structure walked per second)
// against v8.serialize, V8's own native walk of the same graph with the same shared-reference
// bookkeeping, and the estimate's accuracy against the heap growth V8 reports for building it.
// Ours reads every property through its descriptor (so no getter runs), which a native walk does
// not pay for: measured 0.17x-0.38x of v8.serialize on this machine, hence a bar of 0.10x.

import v8 from 'node:v8';
import createObjectSizer from '../impl/object-size.ts';
import { defineGates, type Gate } from '../harness/perf.ts';
import { ObjectSizeModel } from '../spec/object-size.ts';
import { retainedBytes } from '../harness/heap.ts';

const recordCount = 20_000;

/** the seed's kind of data: records with an id, a name, a score and a few tags shared by many */
function records(count: number): unknown[] {
  const tags = ['red', 'green', 'blue'].map((name) => ({ name }));
  return Array.from({ length: count }, (_, index) => ({ id: index, name: `user-${index}`, score: index + 0.5, tags: [tags[index % 3], tags[(index + 1) % 3]] }));
}

function throughputGate(): Gate {
  const structure = records(recordCount);
  const sizer = createObjectSizer();
  const bytes = sizer.sizeOf(structure);
  const model = new ObjectSizeModel();
  return {
    kind: 'ratio',
    name: 'bytes of structure measured per second (20,000 records)',
    unit: 'bytes',
    minRatio: 0.1,
    cpuTimeMs: 500,
    ours: { name: 'object-size sizeOf', workPerRun: bytes, run: () => sizer.sizeOf(structure) },
    baseline: { name: 'v8.serialize (native walk)', workPerRun: bytes, run: () => v8.serialize(structure).length },
    alongside: [{ name: 'spec model (recursive)', workPerRun: bytes, run: () => model.measure(structure).bytes }],
  };
}


function accuracyGate(): Gate {
  return {
    kind: 'metric',
    name: 'estimate / measured heap growth (100,000 records)',
    unit: 'ratio',
    min: 0.5,
    max: 2,
    measure: () => {
      const holder: { structure?: unknown } = {};
      const before = retainedBytes({ external: true });
      holder.structure = records(100_000);
      const grownBytes = retainedBytes({ external: true }) - before;
      const estimate = createObjectSizer().sizeOf(holder.structure);
      holder.structure = undefined;
      return estimate / grownBytes;
    },
  };
}

export default defineGates('object-size', () => [throughputGate(), accuracyGate()]);
