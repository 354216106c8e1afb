// social-graph: an undirected, optionally weighted graph of integer node ids for social-network
// queries (friends, shortest connection, friend groups) at millions of nodes. The model is a
// Map of Sets with plain BFS and Floyd–Warshall: slow, small, and obviously right.

import { defineSpec } from '../harness/spec.ts';

/** Node ids are integers 0 <= id <= maxNodeId (2**32 - 1 is kept free as a sentinel). */
export const maxNodeId = 2 ** 32 - 2;

/** Edges in bulk, endpoint i of edge i in sources[i] and targets[i]; weights only on a weighted graph. */
export interface EdgeList {
  readonly sources: Uint32Array | readonly number[];
  readonly targets: Uint32Array | readonly number[];
  readonly weights?: Float64Array | readonly number[];
}

export interface SocialGraphOptions {
  /** edges carry a finite weight >= 0 (default false: every edge weighs 1) */
  readonly weighted?: boolean;
  /** edges to build the graph from in one pass, as if added with addEdge in order */
  readonly edges?: EdgeList;
}

export type PathMethod = 'bfs' | 'bidirectional-bfs' | 'dijkstra';

export interface ShortestPathOptions {
  /**
   * 'bfs' and 'bidirectional-bfs' find a path of fewest edges (weights ignored); 'dijkstra' a path
   * of least total weight. Default: 'dijkstra' on a weighted graph, 'bidirectional-bfs' otherwise.
   */
  readonly method?: PathMethod;
}

/** The nodes reachable from a source in breadth-first order, with their hop counts. */
export interface Reach {
  /** every reachable node once, source first, in non-decreasing hop count */
  readonly ids: Uint32Array;
  /** hops[i] is the number of edges on a fewest-edge path from the source to ids[i] */
  readonly hops: Uint32Array;
}

export interface SocialGraph {
  readonly weighted: boolean;
  /** number of present nodes */
  readonly nodeCount: number;
  /** number of distinct undirected edges {u, v}; a self-loop counts once */
  readonly edgeCount: number;
  /** adds an undirected edge, creating absent endpoints; on a weighted graph a repeated edge keeps the smaller weight */
  addEdge(u: number, v: number, weight?: number): void;
  /** makes id present (without edges); no effect when it already is */
  addNode(id: number): void;
  hasNode(id: number): boolean;
  /** a new array of the distinct nodes adjacent to id, ascending; [] when id is absent */
  neighbours(id: number): number[];
  /** a shortest path from..to as node ids, or null when there is none (or an end is absent) */
  shortestPath(from: number, to: number, options?: ShortestPathOptions): number[] | null;
  /** breadth-first reach of source; empty arrays when source is absent */
  distancesFrom(source: number): Reach;
  /** every node in exactly one component; ids ascending inside, components by smallest id */
  connectedComponents(): number[][];
  /** bytes held by the graph's structures */
  memoryUsage(): number;
}

export type CreateSocialGraph = (options?: SocialGraphOptions) => SocialGraph;

export interface SocialGraphModule {
  readonly default: CreateSocialGraph;
}

export const socialGraphSpec = defineSpec({
  id: 'social-graph',
  title: 'Memory-efficient social graph: neighbours, shortest paths, components',
  rules: {
    'SG-1': 'A node is present exactly when addNode, addEdge or the bulk edge list named it; hasNode says so and nodeCount counts them.',
    'SG-2': 'edgeCount is the number of distinct undirected edges {u, v}: repeats in either orientation collapse and a self-loop counts once.',
    'SG-3': 'neighbours(id) is a new ascending array of the distinct nodes sharing an edge with id, symmetric (v in neighbours(u) iff u in neighbours(v)), and [] for an absent id.',
    'SG-4': 'Every path shortestPath returns starts at from, ends at to, joins consecutive nodes by an edge, and is [node] from a present node to itself.',
    'SG-5': "With method 'bfs' or 'bidirectional-bfs' (the default when unweighted) the path has the fewest edges possible.",
    'SG-6': "With method 'dijkstra' (the default when weighted) the path's total weight is the least possible, a repeated edge weighing its smallest weight and an unweighted edge 1.",
    'SG-7': 'shortestPath returns null exactly when from or to is absent or they lie in different components.',
    'SG-8': 'connectedComponents partitions the present nodes into connected sets no edge leaves, ids ascending inside, components ordered by smallest id.',
    'SG-9': 'distancesFrom(source) lists each node reachable from source once, source first, with its fewest-edge hop count, in non-decreasing hops; empty for an absent source.',
    'SG-10': 'A graph built from a bulk edge list answers every query as one built by addEdge with the same edges in order, and either stays right as edges are added later.',
    'SG-11': 'A node id that is not a number throws TypeError; one negative, fractional, non-finite or above 2**32 - 2 throws RangeError; the message names social-graph and the method, and the graph is unchanged.',
    'SG-12': 'A weighted graph requires a finite weight >= 0 (TypeError when missing or not a number, RangeError otherwise), an unweighted one rejects a weight (TypeError); bad options, unequal bulk lists or an unknown method throw.',
    'SG-13': 'memoryUsage() is a whole number of bytes, at least 4 per present node and 8 per distinct edge.',
  },
  exports: ['default'],
  smoke(module: SocialGraphModule) {
    const graph = module.default();
    graph.addEdge(1, 2);
    return graph.shortestPath(1, 2);
  },
});

/** Key of the undirected edge {u, v}, the same in both orientations. */
export function edgeKey(u: number, v: number): string {
  return u <= v ? `${u},${v}` : `${v},${u}`;
}

/** The model: a Map from node to its Set of neighbours, and a Map of edge weights. */
export class SocialGraphModel {
  readonly #adjacency = new Map<number, Set<number>>();
  readonly #weights = new Map<string, number>();

  constructor(readonly weighted: boolean) {}

  get nodeCount(): number {
    return this.#adjacency.size;
  }

  get edgeCount(): number {
    return this.#weights.size;
  }

  addNode(id: number): void {
    if (!this.#adjacency.has(id)) this.#adjacency.set(id, new Set());
  }

  addEdge(u: number, v: number, weight = 1): void {
    this.addNode(u);
    this.addNode(v);
    this.#adjacency.get(u)?.add(v);
    this.#adjacency.get(v)?.add(u);
    const key = edgeKey(u, v);
    this.#weights.set(key, Math.min(this.#weights.get(key) ?? Infinity, weight));
  }

  hasNode(id: number): boolean {
    return this.#adjacency.has(id);
  }

  nodes(): number[] {
    return [...this.#adjacency.keys()].sort((a, b) => a - b);
  }

  neighbours(id: number): number[] {
    return [...(this.#adjacency.get(id) ?? [])].sort((a, b) => a - b);
  }

  adjacent(u: number, v: number): boolean {
    return this.#adjacency.get(u)?.has(v) ?? false;
  }

  /** smallest weight of edge {u, v} (1 on an unweighted graph); undefined when absent */
  weight(u: number, v: number): number | undefined {
    const weight = this.#weights.get(edgeKey(u, v));
    return weight === undefined ? undefined : this.weighted ? weight : 1;
  }

  /** total weight of a path, or undefined when two consecutive nodes are not adjacent */
  pathWeight(path: readonly number[]): number | undefined {
    let total = 0;
    for (let index = 1; index < path.length; index++) {
      const weight = this.weight(path[index - 1] as number, path[index] as number);
      if (weight === undefined) return undefined;
      total += weight;
    }
    return total;
  }

  /** hop count from source to every reachable node, by plain BFS */
  hops(source: number): Map<number, number> {
    const hops = new Map<number, number>();
    if (!this.#adjacency.has(source)) return hops;
    hops.set(source, 0);
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head] as number;
      for (const next of this.#adjacency.get(node) ?? []) {
        if (hops.has(next)) continue;
        hops.set(next, (hops.get(node) as number) + 1);
        queue.push(next);
      }
    }
    return hops;
  }

  components(): number[][] {
    const seen = new Set<number>();
    const components: number[][] = [];
    for (const node of this.nodes()) {
      if (seen.has(node)) continue;
      const component = [...this.hops(node).keys()].sort((a, b) => a - b);
      for (const member of component) seen.add(member);
      components.push(component);
    }
    return components;
  }

  /** least total weight between every pair, by Floyd–Warshall; Infinity when unreachable */
  allPairsWeights(): (u: number, v: number) => number {
    const nodes = this.nodes();
    const indexOf = new Map(nodes.map((node, index) => [node, index]));
    const size = nodes.length;
    const distance = Array.from({ length: size }, (_, row) =>
      Array.from({ length: size }, (_, column) => (row === column ? 0 : Infinity)),
    );
    for (const [u, neighbours] of this.#adjacency) {
      for (const v of neighbours) {
        const row = distance[indexOf.get(u) as number] as number[];
        const column = indexOf.get(v) as number;
        row[column] = Math.min(row[column] as number, this.weight(u, v) as number);
      }
    }
    for (let via = 0; via < size; via++) {
      const viaRow = distance[via] as number[];
      for (const row of distance) {
        const toVia = row[via] as number;
        if (toVia === Infinity) continue;
        for (let column = 0; column < size; column++) {
          const candidate = toVia + (viaRow[column] as number);
          if (candidate < (row[column] as number)) row[column] = candidate;
        }
      }
    }
    return (u, v) => {
      const row = indexOf.get(u);
      const column = indexOf.get(v);
      if (row === undefined || column === undefined) return Infinity;
      return (distance[row] as number[])[column] as number;
    };
  }
}
