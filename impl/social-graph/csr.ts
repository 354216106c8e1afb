// Compressed sparse rows: row u of `targets` (offsets[u] .. offsets[u + 1]) holds u's neighbours,
// ascending by dense index and without repeats, so a membership test is a binary search.
// Built in O(nodes + entries) by a counting sort into rows and then a transpose, which leaves
// every row sorted without a comparison sort; the graph is symmetric, so the transpose is itself.

export interface Csr {
  /** rows cover dense indices 0 .. nodeCount-1 */
  readonly nodeCount: number;
  readonly offsets: Uint32Array;
  readonly targets: Uint32Array;
  /** weight of each entry, parallel to targets, on a weighted graph */
  readonly weights: Float64Array | undefined;
  /** number of self-loops, each stored once */
  readonly loops: number;
}

/** Directed entries to add; a mirrored entry (u, v) also stands for (v, u). */
export interface EntryBatch {
  readonly count: number;
  readonly sources: Uint32Array;
  readonly targets: Uint32Array;
  readonly weights: Float64Array | undefined;
  readonly mirrored: boolean;
}

export function emptyCsr(weighted: boolean): Csr {
  return { nodeCount: 0, offsets: new Uint32Array(1), targets: new Uint32Array(0), weights: weighted ? new Float64Array(0) : undefined, loops: 0 };
}

/** A new CSR over nodeCount nodes holding base's entries and the batch's, repeats collapsed (least weight kept). */
export function buildCsr(nodeCount: number, base: Csr, batch: EntryBatch): Csr {
  const offsets = countRows(nodeCount, base, batch);
  const total = offsets[nodeCount] as number;
  const weighted = base.weights !== undefined;
  const scattered = scatter(offsets, base, batch, total, weighted);
  const sorted = transpose(offsets, scattered.targets, scattered.weights, total);
  return collapseRepeats(offsets, sorted.targets, sorted.weights);
}

/** offsets of rows sized by the entries each node will get, with repeats still counted */
function countRows(nodeCount: number, base: Csr, batch: EntryBatch): Uint32Array {
  const offsets = new Uint32Array(nodeCount + 1);
  for (let node = 0; node < base.nodeCount; node++) {
    offsets[node + 1] = (base.offsets[node + 1] as number) - (base.offsets[node] as number);
  }
  for (let entry = 0; entry < batch.count; entry++) {
    const source = batch.sources[entry] as number;
    offsets[source + 1] = (offsets[source + 1] as number) + 1;
    if (batch.mirrored) {
      const target = batch.targets[entry] as number;
      offsets[target + 1] = (offsets[target + 1] as number) + 1;
    }
  }
  for (let node = 0; node < nodeCount; node++) {
    offsets[node + 1] = (offsets[node + 1] as number) + (offsets[node] as number);
  }
  return offsets;
}

interface Entries {
  readonly targets: Uint32Array;
  readonly weights: Float64Array | undefined;
}

/** every entry written into its source's row, rows in no particular order inside */
function scatter(offsets: Uint32Array, base: Csr, batch: EntryBatch, total: number, weighted: boolean): Entries {
  const targets = new Uint32Array(total);
  const weights = weighted ? new Float64Array(total) : undefined;
  const cursor = offsets.slice(0, offsets.length - 1);
  for (let node = 0; node < base.nodeCount; node++) {
    const start = base.offsets[node] as number;
    const end = base.offsets[node + 1] as number;
    const at = cursor[node] as number;
    targets.set(base.targets.subarray(start, end), at);
    if (weights !== undefined) weights.set((base.weights as Float64Array).subarray(start, end), at);
    cursor[node] = at + end - start;
  }
  for (let entry = 0; entry < batch.count; entry++) {
    const source = batch.sources[entry] as number;
    const target = batch.targets[entry] as number;
    const weight = batch.weights === undefined ? 1 : (batch.weights[entry] as number);
    place(cursor, targets, weights, source, target, weight);
    if (batch.mirrored) place(cursor, targets, weights, target, source, weight);
  }
  return { targets, weights };
}

function place(cursor: Uint32Array, targets: Uint32Array, weights: Float64Array | undefined, source: number, target: number, weight: number): void {
  const at = cursor[source] as number;
  targets[at] = target;
  if (weights !== undefined) weights[at] = weight;
  cursor[source] = at + 1;
}

/**
 * Reads rows in ascending order and appends each row's node to the rows of its neighbours:
 * every row then lists its neighbours in ascending order. Symmetry makes the result the same graph.
 */
function transpose(offsets: Uint32Array, targets: Uint32Array, weights: Float64Array | undefined, total: number): Entries {
  const nodeCount = offsets.length - 1;
  const sortedTargets = new Uint32Array(total);
  const sortedWeights = weights === undefined ? undefined : new Float64Array(total);
  const cursor = offsets.slice(0, nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    const end = offsets[node + 1] as number;
    for (let entry = offsets[node] as number; entry < end; entry++) {
      const neighbour = targets[entry] as number;
      const at = cursor[neighbour] as number;
      sortedTargets[at] = node;
      if (sortedWeights !== undefined) sortedWeights[at] = (weights as Float64Array)[entry] as number;
      cursor[neighbour] = at + 1;
    }
  }
  return { targets: sortedTargets, weights: sortedWeights };
}

/** Drops adjacent repeats inside each (sorted) row in place, keeping the least weight, and trims. */
function collapseRepeats(offsets: Uint32Array, targets: Uint32Array, weights: Float64Array | undefined): Csr {
  const nodeCount = offsets.length - 1;
  let write = 0;
  let loops = 0;
  let start = 0;
  for (let node = 0; node < nodeCount; node++) {
    const end = offsets[node + 1] as number;
    offsets[node] = write;
    const rowStart = write;
    for (let read = start; read < end; read++) {
      const target = targets[read] as number;
      if (write > rowStart && targets[write - 1] === target) {
        if (weights !== undefined) weights[write - 1] = Math.min(weights[write - 1] as number, weights[read] as number);
        continue;
      }
      if (target === node) loops++;
      targets[write] = target;
      if (weights !== undefined) weights[write] = weights[read] as number;
      write++;
    }
    start = end;
  }
  offsets[nodeCount] = write;
  const trimmed = write === targets.length;
  return {
    nodeCount,
    offsets,
    targets: trimmed ? targets : targets.slice(0, write),
    weights: trimmed || weights === undefined ? weights : weights.slice(0, write),
    loops,
  };
}

/** position of target in node's row, or -1 */
export function findInRow(csr: Csr, node: number, target: number): number {
  if (node >= csr.nodeCount) return -1;
  let low = csr.offsets[node] as number;
  let high = (csr.offsets[node + 1] as number) - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = csr.targets[middle] as number;
    if (value === target) return middle;
    if (value < target) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

export function csrByteLength(csr: Csr): number {
  return csr.offsets.byteLength + csr.targets.byteLength + (csr.weights?.byteLength ?? 0);
}
