// Performance gates of social-graph: a full breadth-first traversal against graphology on the same
// random graph (adjacency entries scanned per second), bytes per edge of a 1M-node, 8M-edge graph
// built in bulk, and that big graph's traversal speed, reported without a bound.

import { UndirectedGraph } from 'graphology';
import { singleSourceLength } from 'graphology-shortest-path/unweighted.js';
import { bfsFromNode } from 'graphology-traversal';
import createSocialGraph from '../impl/social-graph/index.ts';
import { defineGates, median, type Gate } from '../harness/perf.ts';
import { seededUint32 } from '../harness/random.ts';

/** uniform random edges over nodeCount nodes, without self-loops (repeats are collapsed by both sides) */
function randomEdges(nodeCount: number, edgeCount: number, seed: number): { sources: Uint32Array; targets: Uint32Array } {
  const random = seededUint32(seed);
  const sources = new Uint32Array(edgeCount);
  const targets = new Uint32Array(edgeCount);
  for (let edge = 0; edge < edgeCount; edge++) {
    const source = random() % nodeCount;
    let target = random() % nodeCount;
    if (target === source) target = (target + 1) % nodeCount;
    sources[edge] = source;
    targets[edge] = target;
  }
  return { sources, targets };
}

const comparedNodes = 100_000;
const comparedEdges = 500_000;
const bigNodes = 1_000_000;
const bigEdges = 8_000_000;

function breadthFirstGate(): Gate {
  const edges = randomEdges(comparedNodes, comparedEdges, 1);
  const ours = createSocialGraph({ edges });
  const peer = new UndirectedGraph();
  for (let edge = 0; edge < comparedEdges; edge++) peer.mergeEdge(String(edges.sources[edge]), String(edges.targets[edge]));
  // the work both sides do: every adjacency entry of every node reached from the source
  const reached = ours.distancesFrom(0).ids;
  let entriesScanned = 0;
  for (const id of reached) entriesScanned += peer.degree(String(id));
  return {
    kind: 'ratio',
    name: 'BFS edges per second',
    unit: 'adjacency entries',
    minRatio: 20,
    cpuTimeMs: 1500,
    ours: { name: 'social-graph distancesFrom', workPerRun: entriesScanned, run: () => ours.distancesFrom(0) },
    baseline: {
      name: 'graphology-traversal bfsFromNode',
      workPerRun: entriesScanned,
      run: () => {
        let visited = 0;
        bfsFromNode(peer, '0', () => {
          visited++;
        });
        return visited;
      },
    },
    alongside: [
      { name: 'graphology-shortest-path singleSourceLength', workPerRun: entriesScanned, run: () => singleSourceLength(peer, '0') },
    ],
  };
}

function bigGraphGates(): Gate[] {
  const graph = createSocialGraph({ edges: randomEdges(bigNodes, bigEdges, 2) });
  return [
    {
      kind: 'metric',
      name: 'bytes per edge (1M nodes, 8M edges, bulk, after a traversal)',
      unit: 'bytes/edge',
      max: 16,
      // measured once the traversal's working arrays exist, since the graph keeps them between queries
      measure: () => {
        graph.distancesFrom(0);
        return graph.memoryUsage() / bigEdges;
      },
    },
    {
      kind: 'metric',
      name: 'BFS edges per second on 1M/8M graph',
      unit: 'adjacency entries/s',
      measure: () => {
        const perSecond: number[] = [];
        for (let run = 0; run < 5; run++) {
          const started = performance.now();
          const reach = graph.distancesFrom(0);
          const elapsedMs = performance.now() - started;
          // every node is reached in a graph this dense, so every entry is scanned
          if (reach.ids.length === graph.nodeCount) perSecond.push((2 * graph.edgeCount) / (elapsedMs / 1000));
        }
        return perSecond.length === 0 ? 0 : median(perSecond);
      },
    },
  ];
}

export default defineGates('social-graph', () => [breadthFirstGate(), ...bigGraphGates()]);
