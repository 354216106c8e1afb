// Reference social graph: compressed sparse rows over typed arrays (4 bytes per adjacency entry),
// sparse 32-bit ids mapped to dense indices by an open-addressing table, and edges added one at a
// time kept in a small delta that is merged into a fresh CSR once it outgrows a quarter of the base.

import type { CreateSocialGraph, EdgeList, Reach, ShortestPathOptions, SocialGraph, SocialGraphOptions } from '../../spec/social-graph.ts';
import { buildCsr, csrByteLength, emptyCsr, findInRow, type Csr } from './csr.ts';
import { Delta } from './delta.ts';
import { NodeIndex } from './node-index.ts';
import { Scratch } from './scratch.ts';
import { bidirectionalPath, breadthFirstPath, components, leastWeightPath, reach, type GraphView } from './search.ts';
import { checkId, checkMethod, checkOptions, checkWeight } from './validate.ts';

/** the delta is merged once it holds more entries than this plus a quarter of the base's entries and nodes */
const mergeSlackEntries = 8;
/** bulk ids below denseIdFactor * edges + denseIdSlack are mapped through a direct table */
const denseIdFactor = 4;
const denseIdSlack = 1024;

function largest(ids: ArrayLike<number>): number {
  let largestId = 0;
  for (let index = 0; index < ids.length; index++) largestId = Math.max(largestId, ids[index] as number);
  return largestId;
}

class CsrSocialGraph implements SocialGraph {
  readonly weighted: boolean;
  readonly #nodes = new NodeIndex();
  readonly #delta: Delta;
  readonly #scratch = new Scratch();
  #base: Csr;
  #edgeCount = 0;

  constructor(options?: SocialGraphOptions) {
    const { weighted, edges } = checkOptions(options);
    this.weighted = weighted;
    this.#base = emptyCsr(weighted);
    this.#delta = new Delta(weighted);
    if (edges !== undefined) this.#buildFrom(edges);
  }

  get nodeCount(): number {
    return this.#nodes.count;
  }

  get edgeCount(): number {
    return this.#edgeCount;
  }

  addNode(id: number): void {
    this.#nodes.intern(checkId('addNode', 'id', id));
  }

  hasNode(id: number): boolean {
    return this.#nodes.indexOf(checkId('hasNode', 'id', id)) !== -1;
  }

  addEdge(u: number, v: number, weight?: number): void {
    checkId('addEdge', 'u', u);
    checkId('addEdge', 'v', v);
    const checkedWeight = checkWeight('addEdge', this.weighted, weight);
    this.#connect(this.#nodes.intern(u), this.#nodes.intern(v), checkedWeight);
  }

  neighbours(id: number): number[] {
    const node = this.#nodes.indexOf(checkId('neighbours', 'id', id));
    if (node === -1) return [];
    const base = this.#base;
    const ids: number[] = [];
    if (node < base.nodeCount) {
      const end = base.offsets[node + 1] as number;
      for (let entry = base.offsets[node] as number; entry < end; entry++) ids.push(this.#nodes.idAt(base.targets[entry] as number));
    }
    const delta = this.#delta;
    for (let entry = delta.head(node); entry !== -1; entry = delta.next[entry] as number) {
      ids.push(this.#nodes.idAt(delta.targets[entry] as number));
    }
    return ids.sort((a, b) => a - b);
  }

  shortestPath(from: number, to: number, options?: ShortestPathOptions): number[] | null {
    checkId('shortestPath', 'from', from);
    checkId('shortestPath', 'to', to);
    const method = checkMethod(this.weighted, options);
    const start = this.#nodes.indexOf(from);
    const end = this.#nodes.indexOf(to);
    if (start === -1 || end === -1) return null;
    if (start === end) return [from];
    const view = this.#view();
    const search = method === 'dijkstra' ? leastWeightPath : method === 'bfs' ? breadthFirstPath : bidirectionalPath;
    const path = search(view, start, end);
    return path === null ? null : this.#nodes.idsOf(path);
  }

  distancesFrom(source: number): Reach {
    const start = this.#nodes.indexOf(checkId('distancesFrom', 'source', source));
    if (start === -1) return { ids: new Uint32Array(0), hops: new Uint32Array(0) };
    const { order, hops, count } = reach(this.#view(), start);
    const ids = new Uint32Array(count);
    for (let position = 0; position < count; position++) ids[position] = this.#nodes.idAt(order[position] as number);
    return { ids, hops: hops.slice(0, count) };
  }

  connectedComponents(): number[][] {
    const found = components(this.#view()).map((indices) => {
      const ids = new Uint32Array(indices.length);
      for (let position = 0; position < indices.length; position++) ids[position] = this.#nodes.idAt(indices[position] as number);
      return Array.from(ids.sort());
    });
    return found.sort((a, b) => (a[0] as number) - (b[0] as number));
  }

  memoryUsage(): number {
    return this.#nodes.byteLength + csrByteLength(this.#base) + this.#delta.byteLength + this.#scratch.byteLength;
  }

  #view(): GraphView {
    return { nodeCount: this.#nodes.count, base: this.#base, delta: this.#delta, scratch: this.#scratch };
  }

  #buildFrom(edges: EdgeList): void {
    const count = edges.sources.length;
    const sources = new Uint32Array(count);
    const targets = new Uint32Array(count);
    const largestId = Math.max(largest(edges.sources), largest(edges.targets));
    if (largestId < denseIdFactor * count + denseIdSlack) this.#internDense(edges, largestId, sources, targets);
    else {
      for (let edge = 0; edge < count; edge++) {
        sources[edge] = this.#nodes.intern(edges.sources[edge] as number);
        targets[edge] = this.#nodes.intern(edges.targets[edge] as number);
      }
    }
    const weights = !this.weighted ? undefined : edges.weights instanceof Float64Array ? edges.weights : Float64Array.from(edges.weights ?? []);
    this.#base = buildCsr(this.#nodes.count, this.#base, { count, sources, targets, weights, mirrored: true });
    this.#edgeCount = (this.#base.targets.length + this.#base.loops) / 2;
  }

  /**
   * Ids no larger than a few times the edge count are mapped through a direct table instead of
   * the hash (one hash insert per node, not per endpoint), and numbered in ascending id order,
   * so rows come out sorted by id and any locality in the ids is kept.
   */
  #internDense(edges: EdgeList, largestId: number, sources: Uint32Array, targets: Uint32Array): void {
    const absent = 0xffffffff;
    const indexOfId = new Uint32Array(largestId + 1).fill(absent);
    for (let edge = 0; edge < sources.length; edge++) {
      indexOfId[edges.sources[edge] as number] = 0;
      indexOfId[edges.targets[edge] as number] = 0;
    }
    for (let id = 0; id <= largestId; id++) {
      if (indexOfId[id] !== absent) indexOfId[id] = this.#nodes.intern(id);
    }
    for (let edge = 0; edge < sources.length; edge++) {
      sources[edge] = indexOfId[edges.sources[edge] as number] as number;
      targets[edge] = indexOfId[edges.targets[edge] as number] as number;
    }
  }

  /** adds edge {a, b} between dense indices unless present; a present one keeps the smaller weight */
  #connect(a: number, b: number, weight: number): void {
    const base = this.#base;
    const position = findInRow(base, a, b);
    if (position !== -1) {
      if (base.weights !== undefined && weight < (base.weights[position] as number)) {
        base.weights[position] = weight;
        base.weights[findInRow(base, b, a)] = weight;
      }
      return;
    }
    const delta = this.#delta;
    const entry = delta.find(a, b);
    if (entry !== -1) {
      if (delta.weights !== undefined && weight < (delta.weights[entry] as number)) {
        delta.weights[entry] = weight;
        delta.weights[delta.find(b, a)] = weight;
      }
      return;
    }
    delta.add(a, b, weight, this.#nodes.count);
    if (a !== b) delta.add(b, a, weight, this.#nodes.count);
    this.#edgeCount++;
    if (delta.size > mergeSlackEntries + (base.targets.length + base.nodeCount) / 4) this.#merge();
  }

  #merge(): void {
    this.#base = buildCsr(this.#nodes.count, this.#base, this.#delta.batch());
    this.#delta.clear();
    const stored = (this.#base.targets.length + this.#base.loops) / 2;
    if (stored !== this.#edgeCount) throw new Error(`social-graph: merge lost edges (${stored} stored, ${this.#edgeCount} added)`);
  }
}

const createSocialGraph: CreateSocialGraph = (options?: SocialGraphOptions) => new CsrSocialGraph(options);
export default createSocialGraph;
