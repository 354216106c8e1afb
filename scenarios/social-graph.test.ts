// Worked scenarios of social-graph: the seed's own example, shapes that stress one search each
// (a long chain, a star, disconnected parts, a weighted graph whose cheapest path is not its
// shortest), misuse with exact errors, and a bulk-built graph of 300,000 edges against plain BFS.

import { expect } from 'vitest';
import { seededUint32 } from '../harness/random.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { maxNodeId, socialGraphSpec } from '../spec/social-graph.ts';

const suite = await systemSuite(socialGraphSpec);
const createSocialGraph = suite.implementation.default;

const seedEdges = [[1, 2], [2, 3], [3, 4], [5, 6], [6, 7]] as const;

suite.check(
  ['SG-1', 'SG-2', 'SG-3', 'SG-4', 'SG-5', 'SG-7', 'SG-8'],
  "the seed's example: path 1 to 4 is [1, 2, 3, 4] and the components are {1, 2, 3, 4} and {5, 6, 7}",
  async () => {
    const graph = await createSocialGraph();
    for (const [u, v] of seedEdges) await graph.addEdge(u, v);
    const paths = [await graph.shortestPath(1, 4), await graph.shortestPath(1, 4, { method: 'bfs' }), await graph.shortestPath(1, 4, { method: 'bidirectional-bfs' })];
    suite.rule('SG-5', () => expect(paths).toEqual([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]));
    const components = await graph.connectedComponents();
    suite.rule('SG-8', () => expect(components).toEqual([[1, 2, 3, 4], [5, 6, 7]]));
    const [neighboursOf2, neighboursOf6] = [await graph.neighbours(2), await graph.neighbours(6)];
    suite.rule('SG-3', () => expect([neighboursOf2, neighboursOf6]).toEqual([[1, 3], [5, 7]]));
    const [nodes, edges] = [await graph.nodeCount, await graph.edgeCount];
    suite.rule('SG-1', () => expect(nodes).toBe(7));
    suite.rule('SG-2', () => expect(edges).toBe(5));
    const [across, toSelf, toAbsent] = [await graph.shortestPath(1, 5), await graph.shortestPath(3, 3), await graph.shortestPath(1, 8)];
    suite.rule('SG-7', () => expect([across, toAbsent]).toEqual([null, null]));
    suite.rule('SG-4', () => expect(toSelf).toEqual([3]));
  },
);

suite.check(['SG-1', 'SG-2', 'SG-3', 'SG-8', 'SG-10'], "the seed's example built in bulk answers the same", async () => {
  const graph = await createSocialGraph({ edges: { sources: seedEdges.map(([u]) => u), targets: seedEdges.map(([, v]) => v) } });
  const answers = [await graph.shortestPath(4, 1), await graph.connectedComponents(), await graph.neighbours(3), await graph.nodeCount, await graph.edgeCount];
  suite.rule('SG-10', () => expect(answers).toEqual([[4, 3, 2, 1], [[1, 2, 3, 4], [5, 6, 7]], [2, 4], 7, 5]));
});

suite.check(['SG-5', 'SG-6', 'SG-9', 'SG-10'], 'a chain of 20,000 nodes is crossed end to end by every method, built either way', async () => {
  const length = 20_000;
  const sources = Array.from({ length: length - 1 }, (_, index) => index);
  const targets = sources.map((index) => index + 1);
  const bulk = await createSocialGraph({ edges: { sources, targets } });
  const incremental = await createSocialGraph();
  // added from the far end backwards, so ids and dense order disagree
  for (let index = length - 2; index >= 0; index--) await incremental.addEdge(index + 1, index);
  const expected = Array.from({ length }, (_, index) => index);
  for (const graph of [bulk, incremental]) {
    for (const method of ['bfs', 'bidirectional-bfs'] as const) {
      const path = await graph.shortestPath(0, length - 1, { method });
      suite.rule('SG-5', () => expect(path).toEqual(expected));
    }
    const cheapest = await graph.shortestPath(0, length - 1, { method: 'dijkstra' });
    suite.rule('SG-6', () => expect(cheapest).toEqual(expected));
    const reach = await graph.distancesFrom(0);
    suite.rule('SG-9', () => {
      expect(Array.from(reach.ids)).toEqual(expected);
      expect(Array.from(reach.hops)).toEqual(expected);
    });
  }
});

suite.check(['SG-3', 'SG-4', 'SG-5', 'SG-9'], 'a star: leaves added in shuffled order are listed ascending and meet through the hub', async () => {
  const leaves = 2_000;
  const random = seededUint32(7);
  const order = Array.from({ length: leaves }, (_, index) => index + 1);
  for (let index = order.length - 1; index > 0; index--) {
    const other = random() % (index + 1);
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  const graph = await createSocialGraph();
  for (const leaf of order) await graph.addEdge(leaf, 0);
  for (const leaf of order.slice(0, 50)) await graph.addEdge(0, leaf); // repeats collapse
  const hubNeighbours = await graph.neighbours(0);
  suite.rule('SG-3', () => expect(hubNeighbours).toEqual(Array.from({ length: leaves }, (_, index) => index + 1)));
  const leafNeighbours = await graph.neighbours(17);
  suite.rule('SG-3', () => expect(leafNeighbours).toEqual([0]));
  for (const method of ['bfs', 'bidirectional-bfs'] as const) {
    const path = await graph.shortestPath(5, leaves, { method });
    suite.rule('SG-5', () => expect(path).toEqual([5, 0, leaves]));
  }
  const reach = await graph.distancesFrom(3);
  suite.rule('SG-9', () => {
    expect(reach.ids.length).toBe(leaves + 1);
    expect(Array.from(reach.hops.slice(0, 3))).toEqual([0, 1, 2]);
    expect(reach.hops[leaves]).toBe(2);
  });
});

suite.check(['SG-1', 'SG-3', 'SG-4', 'SG-7', 'SG-8', 'SG-9'], 'disconnected parts, lone nodes and absent nodes', async () => {
  const graph = await createSocialGraph({ edges: { sources: [10, 11, 30, maxNodeId], targets: [11, 12, 31, 30] } });
  await graph.addNode(20);
  await graph.addNode(0);
  await graph.addEdge(12, 12); // a self-loop joins nothing
  const components = await graph.connectedComponents();
  suite.rule('SG-8', () => expect(components).toEqual([[0], [10, 11, 12], [20], [30, 31, maxNodeId]]));
  const paths = [await graph.shortestPath(10, 31), await graph.shortestPath(20, 10), await graph.shortestPath(20, 20), await graph.shortestPath(5, 5), await graph.shortestPath(31, maxNodeId)];
  suite.rule('SG-7', () => expect(paths.slice(0, 2)).toEqual([null, null]));
  suite.rule('SG-4', () => expect(paths[2]).toEqual([20]));
  suite.rule('SG-7', () => expect(paths[3]).toBeNull());
  suite.rule('SG-4', () => expect(paths[4]).toEqual([31, 30, maxNodeId]));
  const [lone, absent, loop] = [await graph.neighbours(20), await graph.neighbours(5), await graph.neighbours(12)];
  suite.rule('SG-3', () => expect([lone, absent, loop]).toEqual([[], [], [11, 12]]));
  const [present, missing] = [await graph.hasNode(0), await graph.hasNode(5)];
  suite.rule('SG-1', () => expect([present, missing]).toEqual([true, false]));
  const [fromLone, fromAbsent] = [await graph.distancesFrom(20), await graph.distancesFrom(5)];
  suite.rule('SG-9', () => {
    expect([Array.from(fromLone.ids), Array.from(fromLone.hops)]).toEqual([[20], [0]]);
    expect([fromAbsent.ids.length, fromAbsent.hops.length]).toEqual([0, 0]);
  });
});

suite.check(['SG-2', 'SG-5', 'SG-6'], 'weighted: the cheapest path is not the one with fewest hops, and repeats keep the smaller weight', async () => {
  // a-d directly costs 10; a-b-c-d costs 3; a-e-d costs 4.5 until e-d is repeated at 0.5
  const [a, b, c, d, e] = [1, 2, 3, 4, 5];
  const graph = await createSocialGraph({ weighted: true });
  await graph.addEdge(a, d, 10);
  await graph.addEdge(a, b, 1);
  await graph.addEdge(b, c, 1);
  await graph.addEdge(c, d, 1);
  await graph.addEdge(a, e, 0.5);
  await graph.addEdge(e, d, 4);
  const cheapest = await graph.shortestPath(a, d);
  suite.rule('SG-6', () => expect(cheapest).toEqual([a, b, c, d]));
  const fewest = [await graph.shortestPath(a, d, { method: 'bfs' }), await graph.shortestPath(a, d, { method: 'bidirectional-bfs' })];
  suite.rule('SG-5', () => expect(fewest).toEqual([[a, d], [a, d]]));
  await graph.addEdge(d, e, 0.5); // the same edge, cheaper, in the other orientation
  await graph.addEdge(e, d, 50); // dearer again: ignored
  const viaE = await graph.shortestPath(a, d);
  suite.rule('SG-6', () => expect(viaE).toEqual([a, e, d]));
  const edges = await graph.edgeCount;
  suite.rule('SG-2', () => expect(edges).toBe(6));
  const bulk = await createSocialGraph({ weighted: true, edges: { sources: [a, b, c, a, d], targets: [d, c, d, b, a], weights: [10, 0, 0, 0, 7] } });
  const zeroCost = await bulk.shortestPath(a, d);
  suite.rule('SG-6', () => expect(zeroCost).toEqual([a, b, c, d]));
  const unweighted = await createSocialGraph({ edges: { sources: [a, b, c, a], targets: [b, c, d, d] } });
  const counted = await unweighted.shortestPath(a, d, { method: 'dijkstra' });
  suite.rule('SG-6', () => expect(counted).toEqual([a, d]));
});

suite.check('SG-11', 'node ids: TypeError for a non-number, RangeError out of [0, 2**32 - 2], then nothing changed', async () => {
  const graph = await createSocialGraph();
  await graph.addEdge(0, maxNodeId);
  await suite.rule('SG-11', async () => {
    await expectMisuse(suite, 'SG-11', { call: () => graph.addEdge('1' as unknown as number, 2), classes: TypeError, method: 'addEdge' });
    await expectMisuse(suite, 'SG-11', { call: () => graph.addEdge(1, -1), classes: RangeError, method: 'addEdge' });
    await expectMisuse(suite, 'SG-11', { call: () => graph.addNode(1.5), classes: RangeError, method: 'addNode' });
    await expectMisuse(suite, 'SG-11', { call: () => graph.hasNode(2 ** 32 - 1), classes: RangeError, method: 'hasNode' });
    await expectMisuse(suite, 'SG-11', { call: () => graph.neighbours(Number.NaN), classes: RangeError, method: 'neighbours' });
    await expectMisuse(suite, 'SG-11', { call: () => graph.shortestPath(0, Infinity), classes: RangeError, method: 'shortestPath' });
    await expectMisuse(suite, 'SG-11', { call: () => graph.distancesFrom(undefined as unknown as number), classes: TypeError, method: 'distancesFrom' });
    await expectMisuse(suite, 'SG-11', { call: () => createSocialGraph({ edges: { sources: [1, -2], targets: [2, 3] } }), classes: RangeError, method: 'create' });
    await expectMisuse(suite, 'SG-11', { call: () => createSocialGraph({ edges: { sources: Uint32Array.of(1, 2 ** 32 - 1), targets: Uint32Array.of(2, 3) } }), classes: RangeError, method: 'create' });
    await expectMisuse(suite, 'SG-11', { call: () => createSocialGraph({ edges: { sources: ['1'] as unknown as number[], targets: [2] } }), classes: TypeError, method: 'create' });
    expect([await graph.nodeCount, await graph.edgeCount, await graph.hasNode(1)]).toEqual([2, 1, false]);
  });
});

suite.check('SG-12', 'weights, options and methods: missing, bad or unknown ones throw', async () => {
  const weighted = await createSocialGraph({ weighted: true });
  const unweighted = await createSocialGraph();
  await suite.rule('SG-12', async () => {
    await expectMisuse(suite, 'SG-12', { call: () => weighted.addEdge(1, 2), classes: TypeError, method: 'addEdge' });
    await expectMisuse(suite, 'SG-12', { call: () => weighted.addEdge(1, 2, -1), classes: RangeError, method: 'addEdge' });
    await expectMisuse(suite, 'SG-12', { call: () => weighted.addEdge(1, 2, Number.NaN), classes: RangeError, method: 'addEdge' });
    await expectMisuse(suite, 'SG-12', { call: () => unweighted.addEdge(1, 2, 3), classes: TypeError, method: 'addEdge' });
    await expectMisuse(suite, 'SG-12', { call: () => unweighted.shortestPath(1, 2, { method: 'astar' as 'bfs' }), classes: RangeError, method: 'shortestPath' });
    await expectMisuse(suite, 'SG-12', { call: () => unweighted.shortestPath(1, 2, 'bfs' as never), classes: TypeError, method: 'shortestPath' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ edges: { sources: [1, 2], targets: [2] } }), classes: RangeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ weighted: true, edges: { sources: [1], targets: [2] } }), classes: TypeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ weighted: true, edges: { sources: [1], targets: [2], weights: [1, 2] } }), classes: RangeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ edges: { sources: [1], targets: [2], weights: [1] } }), classes: TypeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ edges: { sources: new Float64Array(1), targets: [2] } as never }), classes: TypeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ edges: null as never }), classes: TypeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph({ weighted: 'yes' as unknown as boolean }), classes: TypeError, method: 'create' });
    await expectMisuse(suite, 'SG-12', { call: () => createSocialGraph(42 as never), classes: TypeError, method: 'create' });
    expect([await weighted.edgeCount, await unweighted.edgeCount]).toEqual([0, 0]);
  });
});

suite.check('SG-13', 'memoryUsage counts at least 4 bytes per node and 8 per edge, and stays near the typed arrays', async () => {
  const empty = await createSocialGraph();
  const emptyBytes = await empty.memoryUsage();
  suite.rule('SG-13', () => expect(Number.isSafeInteger(emptyBytes) && emptyBytes >= 0).toBe(true));
  const graph = await createSocialGraph();
  for (const [u, v] of seedEdges) await graph.addEdge(u, v);
  const bytes = await graph.memoryUsage();
  suite.rule('SG-13', () => expect(bytes).toBeGreaterThanOrEqual(4 * 7 + 8 * 5));
});

/** The plainest BFS oracle for a big graph: adjacency arrays over dense indices, ids through a Map. */
class PlainGraph {
  readonly indexOf = new Map<number, number>();
  readonly adjacency: number[][] = [];
  readonly edgeKeys = new Set<number>();

  addEdge(u: number, v: number): void {
    const [a, b] = [this.#intern(u), this.#intern(v)];
    const key = Math.min(a, b) * 2 ** 21 + Math.max(a, b);
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    (this.adjacency[a] as number[]).push(b);
    if (a !== b) (this.adjacency[b] as number[]).push(a);
  }

  /** hop count by dense index, -1 when unreachable */
  hops(id: number): Int32Array {
    const hops = new Int32Array(this.adjacency.length).fill(-1);
    const start = this.indexOf.get(id) as number;
    hops[start] = 0;
    const queue = [start];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (const next of this.adjacency[node] as number[]) {
        if (hops[next] !== -1) continue;
        hops[next] = (hops[node] as number) + 1;
        queue.push(next);
      }
    }
    return hops;
  }

  componentSizes(): number[] {
    const seen = new Uint8Array(this.adjacency.length);
    const sizes: number[] = [];
    for (let start = 0; start < this.adjacency.length; start++) {
      if (seen[start] === 1) continue;
      seen[start] = 1;
      const queue = [start];
      for (let head = 0; head < queue.length; head++) {
        for (const next of this.adjacency[queue[head] as number] as number[]) {
          if (seen[next] === 0) {
            seen[next] = 1;
            queue.push(next);
          }
        }
      }
      sizes.push(queue.length);
    }
    return sizes.sort((x, y) => y - x);
  }

  #intern(id: number): number {
    let index = this.indexOf.get(id);
    if (index === undefined) {
      index = this.adjacency.length;
      this.indexOf.set(id, index);
      this.adjacency.push([]);
    }
    return index;
  }
}

suite.check(
  ['SG-1', 'SG-2', 'SG-5', 'SG-7', 'SG-8', 'SG-9', 'SG-10', 'SG-13'],
  'a 300,000-edge graph built in bulk agrees with plain BFS on sampled pairs, and keeps agreeing as edges are added',
  async () => {
    const nodes = 60_000;
    const edges = 300_000;
    const random = seededUint32(2024);
    // ids spread over the whole 32-bit range, so the id table (not a direct index) maps them
    const idOf = (index: number): number => (Math.imul(index, 0x9e3779b1) >>> 0) % maxNodeId;
    const sources = new Uint32Array(edges);
    const targets = new Uint32Array(edges);
    // a few hubs among many low-degree nodes, some never named, so there are several components
    for (let edge = 0; edge < edges; edge++) {
      sources[edge] = idOf(random() % nodes);
      targets[edge] = idOf(edge % 10 === 0 ? random() % 100 : random() % nodes);
    }
    const graph = await createSocialGraph({ edges: { sources, targets } });
    const plain = new PlainGraph();
    for (let edge = 0; edge < edges; edge++) plain.addEdge(sources[edge] as number, targets[edge] as number);
    for (let extra = 0; extra < 20; extra++) {
      const [u, v] = [idOf(nodes + extra), idOf(nodes + extra + 1)]; // a new chain: a separate component
      await graph.addEdge(u, v);
      plain.addEdge(u, v);
    }
    const [nodeCount, edgeCount, bytes] = [await graph.nodeCount, await graph.edgeCount, await graph.memoryUsage()];
    suite.rule('SG-1', () => expect(nodeCount).toBe(plain.adjacency.length));
    suite.rule('SG-2', () => expect(edgeCount).toBe(plain.edgeKeys.size));
    suite.rule('SG-13', () => expect(bytes).toBeGreaterThanOrEqual(4 * nodeCount + 8 * edgeCount));
    for (let sample = 0; sample < 3; sample++) {
      const source = idOf(random() % nodes);
      const hops = plain.hops(source);
      const hopsOf = (id: number): number => hops[plain.indexOf.get(id) as number] as number;
      const reach = await graph.distancesFrom(source);
      suite.rule('SG-9', () => {
        expect(reach.ids.length).toBe(hops.filter((hop) => hop >= 0).length);
        reach.ids.forEach((id, index) => {
          if (hopsOf(id) !== reach.hops[index]) expect(reach.hops[index], `hops of ${id}`).toBe(hopsOf(id));
        });
      });
      for (let pair = 0; pair < 30; pair++) {
        const target = pair === 0 ? idOf(nodes + 3) : idOf(random() % nodes);
        const expected = plain.indexOf.has(target) ? hopsOf(target) : -1;
        const path = await graph.shortestPath(source, target);
        suite.rule('SG-7', () => expect(path === null).toBe(expected === -1));
        suite.rule('SG-5', () => expect(path === null ? -1 : path.length - 1).toBe(expected));
      }
    }
    const components = await graph.connectedComponents();
    const sizes = components.map((component) => component.length).sort((x, y) => y - x);
    suite.rule('SG-8', () => expect(sizes).toEqual(plain.componentSizes()));
  },
  { timeoutMs: 60_000 },
);
