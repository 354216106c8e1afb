// graphology behind social-graph's spec: a thin adapter over an UndirectedGraph (self-loops on,
// no parallel edges) with graphology-shortest-path, graphology-components and graphology-traversal,
// so a suite that fails it is demanding something a correct, widely used graph library does not do.
// Bridged: node keys are strings (String(id) in, Number(key) out); a repeated edge keeps the
// smaller weight through the edge's 'weight' attribute; 'bfs' and 'bidirectional-bfs' both use
// the library's one fewest-edge search (its bidirectional BFS: the spec asks for fewest edges, not
// for a strategy); graphology throws for an absent end, which the adapter answers with null.
// memoryUsage has no graphology equivalent: it is an estimate from a stated model of the entries
// graphology keeps (see estimatedBytes), not a measurement.

import { UndirectedGraph } from 'graphology';
import { connectedComponents } from 'graphology-components';
import * as dijkstra from 'graphology-shortest-path/dijkstra.js';
import { bidirectional } from 'graphology-shortest-path/unweighted.js';
import { bfsFromNode } from 'graphology-traversal';
import { inspect } from 'node:util';
import { maxNodeId, type CreateSocialGraph, type EdgeList, type PathMethod, type Reach, type ShortestPathOptions, type SocialGraph, type SocialGraphOptions } from '../../spec/social-graph.ts';

interface EdgeAttributes {
  weight: number;
}

function fail(kind: 'type' | 'range', method: string, expected: string, value: unknown): never {
  const message = `social-graph.${method}: expected ${expected}, got ${inspect(value, { depth: 1, maxArrayLength: 10 })}`;
  throw kind === 'type' ? new TypeError(message) : new RangeError(message);
}

function checkId(method: string, what: string, id: unknown): number {
  if (typeof id !== 'number') fail('type', method, `${what} to be a node id (a number)`, id);
  if (!Number.isInteger(id) || id < 0 || id > maxNodeId) fail('range', method, `${what} to be an integer in [0, ${maxNodeId}]`, id);
  return id;
}

function checkWeight(method: string, weighted: boolean, weight: unknown, what = 'weight'): number {
  if (!weighted) {
    if (weight !== undefined) fail('type', method, `no ${what} on an unweighted graph`, weight);
    return 1;
  }
  if (typeof weight !== 'number') fail('type', method, `${what} to be a number on a weighted graph`, weight);
  if (!Number.isFinite(weight) || weight < 0) fail('range', method, `${what} to be a finite number >= 0`, weight);
  return weight;
}

function checkMethod(weighted: boolean, options: unknown): PathMethod {
  const fallback: PathMethod = weighted ? 'dijkstra' : 'bidirectional-bfs';
  if (options === undefined) return fallback;
  if (typeof options !== 'object' || options === null) fail('type', 'shortestPath', 'options to be an object', options);
  const method = (options as { method?: unknown }).method ?? fallback;
  if (method !== 'bfs' && method !== 'bidirectional-bfs' && method !== 'dijkstra') fail('range', 'shortestPath', 'a known method', method);
  return method;
}

const isIdList = (value: unknown): value is ArrayLike<unknown> => Array.isArray(value) || value instanceof Uint32Array;
const isWeightList = (value: unknown): value is ArrayLike<unknown> => Array.isArray(value) || value instanceof Float64Array;

/** the bulk list, checked whole before any edge is added */
function checkEdges(weighted: boolean, edges: unknown): EdgeList {
  if (typeof edges !== 'object' || edges === null) fail('type', 'create', 'edges to be { sources, targets, weights? }', edges);
  const { sources, targets, weights } = edges as Record<string, unknown>;
  if (!isIdList(sources)) fail('type', 'create', 'edges.sources to be an array or Uint32Array', sources);
  if (!isIdList(targets)) fail('type', 'create', 'edges.targets to be an array or Uint32Array', targets);
  if (targets.length !== sources.length) fail('range', 'create', `edges.targets to have ${sources.length} entries`, targets.length);
  for (let index = 0; index < sources.length; index++) {
    checkId('create', `edges.sources[${index}]`, sources[index]);
    checkId('create', `edges.targets[${index}]`, targets[index]);
  }
  if (!weighted) {
    if (weights !== undefined) fail('type', 'create', 'no edges.weights on an unweighted graph', weights);
  } else {
    if (!isWeightList(weights)) fail('type', 'create', 'edges.weights to be an array or Float64Array', weights);
    if (weights.length !== sources.length) fail('range', 'create', `edges.weights to have ${sources.length} entries`, weights.length);
    for (let index = 0; index < weights.length; index++) checkWeight('create', true, weights[index], `edges.weights[${index}]`);
  }
  return edges as EdgeList;
}

/**
 * The model behind memoryUsage, per graphology entry on 64-bit V8: a node is an ordered-map entry
 * (24 B), its key string (16 B header + 1 B per character), a node-data record with its attributes
 * and adjacency objects (3 objects, about 120 B); an edge is a map entry (24 B), a generated key
 * (about 32 B), an edge-data record with its attributes object (about 100 B) and one adjacency
 * entry at each end (2 x 24 B).
 */
function estimatedBytes(graph: UndirectedGraph<Record<string, never>, EdgeAttributes>): number {
  let keyBytes = 0;
  graph.forEachNode((key) => (keyBytes += 16 + key.length));
  return graph.order * (24 + 120) + keyBytes + graph.size * (24 + 32 + 100 + 2 * 24);
}

class GraphologySocialGraph implements SocialGraph {
  readonly weighted: boolean;
  readonly #graph = new UndirectedGraph<Record<string, never>, EdgeAttributes>({ allowSelfLoops: true, multi: false });

  constructor(options: unknown) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) fail('type', 'create', 'options to be an object', options);
    const { weighted = false, edges } = (options ?? {}) as { weighted?: unknown; edges?: unknown };
    if (typeof weighted !== 'boolean') fail('type', 'create', 'weighted to be a boolean', weighted);
    this.weighted = weighted;
    if (edges === undefined) return;
    const { sources, targets, weights } = checkEdges(weighted, edges);
    for (let index = 0; index < sources.length; index++) {
      this.#connect(sources[index] as number, targets[index] as number, weighted ? (weights?.[index] as number) : 1);
    }
  }

  get nodeCount(): number {
    return this.#graph.order;
  }

  get edgeCount(): number {
    return this.#graph.size;
  }

  addEdge(u: number, v: number, weight?: number): void {
    checkId('addEdge', 'u', u);
    checkId('addEdge', 'v', v);
    this.#connect(u, v, checkWeight('addEdge', this.weighted, weight));
  }

  addNode(id: number): void {
    this.#graph.mergeNode(String(checkId('addNode', 'id', id)));
  }

  hasNode(id: number): boolean {
    return this.#graph.hasNode(String(checkId('hasNode', 'id', id)));
  }

  neighbours(id: number): number[] {
    const key = String(checkId('neighbours', 'id', id));
    if (!this.#graph.hasNode(key)) return [];
    return this.#graph.neighbors(key).map(Number).sort((a, b) => a - b);
  }

  shortestPath(from: number, to: number, options?: ShortestPathOptions): number[] | null {
    const [source, target] = [String(checkId('shortestPath', 'from', from)), String(checkId('shortestPath', 'to', to))];
    const method = checkMethod(this.weighted, options);
    if (!this.#graph.hasNode(source) || !this.#graph.hasNode(target)) return null;
    const path = method === 'dijkstra' ? dijkstra.bidirectional(this.#graph, source, target, 'weight') : bidirectional(this.#graph, source, target);
    return path === null || path === undefined ? null : path.map(Number);
  }

  distancesFrom(source: number): Reach {
    const key = String(checkId('distancesFrom', 'source', source));
    const ids: number[] = [];
    const hops: number[] = [];
    if (this.#graph.hasNode(key)) {
      bfsFromNode(this.#graph, key, (node, _attributes, depth) => {
        ids.push(Number(node));
        hops.push(depth);
      });
    }
    return { ids: Uint32Array.from(ids), hops: Uint32Array.from(hops) };
  }

  connectedComponents(): number[][] {
    return connectedComponents(this.#graph)
      .map((component) => component.map(Number).sort((a, b) => a - b))
      .sort((a, b) => (a[0] as number) - (b[0] as number));
  }

  memoryUsage(): number {
    return estimatedBytes(this.#graph);
  }

  #connect(u: number, v: number, weight: number): void {
    const [a, b] = [String(u), String(v)];
    const graph = this.#graph;
    if (graph.hasNode(a) && graph.hasNode(b) && graph.hasEdge(a, b)) {
      graph.updateEdgeAttribute(a, b, 'weight', (old) => Math.min(old ?? Infinity, weight));
      return;
    }
    graph.mergeNode(a);
    graph.mergeNode(b);
    graph.addEdge(a, b, { weight });
  }
}

const createSocialGraph: CreateSocialGraph = (options?: SocialGraphOptions) => new GraphologySocialGraph(options);
export default createSocialGraph;
