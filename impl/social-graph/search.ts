// The searches, over dense indices: a node's neighbours are its CSR row followed by its delta list.
// Breadth-first reach and components loop over the typed arrays inline (they touch every edge, so
// they are the hot loops); the point-to-point searches go through one neighbour-visiting helper.

import type { Csr } from './csr.ts';
import type { Delta } from './delta.ts';
import { MinHeap } from './heap.ts';
import type { Scratch } from './scratch.ts';

export interface GraphView {
  readonly nodeCount: number;
  readonly base: Csr;
  readonly delta: Delta;
  readonly scratch: Scratch;
}

/** Nodes in breadth-first order from source (order[0 .. count-1]) and each one's hop count. */
export interface ReachIndices {
  readonly order: Uint32Array;
  readonly hops: Uint32Array;
  readonly count: number;
}

/** Calls visit(neighbour, weight) for each neighbour of node until visit returns true; returns whether it did. */
function someNeighbour(view: GraphView, node: number, visit: (neighbour: number, weight: number) => boolean): boolean {
  const { base, delta } = view;
  if (node < base.nodeCount) {
    const end = base.offsets[node + 1] as number;
    for (let entry = base.offsets[node] as number; entry < end; entry++) {
      if (visit(base.targets[entry] as number, base.weights === undefined ? 1 : (base.weights[entry] as number))) return true;
    }
  }
  for (let entry = delta.head(node); entry !== -1; entry = delta.next[entry] as number) {
    if (visit(delta.targets[entry] as number, delta.weights === undefined ? 1 : (delta.weights[entry] as number))) return true;
  }
  return false;
}

/**
 * Appends node's unvisited neighbours to queue from position tail, marking them in the visited
 * bitset; returns the new tail. The bitset (n / 8 bytes) stays in cache, which is what bounds a
 * traversal of a big graph, where every adjacency entry tests a random node.
 */
function enqueueNeighbours(view: GraphView, node: number, visited: Int32Array, queue: Uint32Array, tail: number): number {
  const { base, delta } = view;
  if (node < base.nodeCount) {
    const targets = base.targets;
    const end = base.offsets[node + 1] as number;
    for (let entry = base.offsets[node] as number; entry < end; entry++) {
      const neighbour = targets[entry] as number;
      const word = neighbour >>> 5;
      const bit = 1 << (neighbour & 31);
      const bits = visited[word] as number;
      if ((bits & bit) === 0) {
        visited[word] = bits | bit;
        queue[tail++] = neighbour;
      }
    }
  }
  for (let entry = delta.head(node); entry !== -1; entry = delta.next[entry] as number) {
    const neighbour = delta.targets[entry] as number;
    const word = neighbour >>> 5;
    const bit = 1 << (neighbour & 31);
    const bits = visited[word] as number;
    if ((bits & bit) === 0) {
      visited[word] = bits | bit;
      queue[tail++] = neighbour;
    }
  }
  return tail;
}

function visit(visited: Int32Array, node: number): void {
  visited[node >>> 5] = (visited[node >>> 5] as number) | (1 << (node & 31));
}

/** Breadth-first traversal from source: order and hops are scratch arrays, valid until the next query. */
export function reach(view: GraphView, source: number): ReachIndices {
  const { nodeCount, scratch } = view;
  const visited = new Int32Array((nodeCount + 31) >>> 5);
  const order = scratch.queue(nodeCount);
  const hops = scratch.hops(nodeCount);
  visit(visited, source);
  order[0] = source;
  let tail = 1;
  let level = 0;
  let levelEnd = 1;
  for (let head = 0; head < tail; head++) {
    if (head === levelEnd) {
      level++;
      levelEnd = tail;
    }
    hops[head] = level;
    tail = enqueueNeighbours(view, order[head] as number, visited, order, tail);
  }
  return { order, hops, count: tail };
}

/** Every component as a list of dense indices, each found by one breadth-first traversal. */
export function components(view: GraphView): Uint32Array[] {
  const { nodeCount, scratch } = view;
  const visited = new Int32Array((nodeCount + 31) >>> 5);
  const queue = scratch.queue(nodeCount);
  const found: Uint32Array[] = [];
  let tail = 0;
  for (let start = 0; start < nodeCount; start++) {
    if (((visited[start >>> 5] as number) & (1 << (start & 31))) !== 0) continue;
    const componentStart = tail;
    visit(visited, start);
    queue[tail++] = start;
    for (let head = componentStart; head < tail; head++) tail = enqueueNeighbours(view, queue[head] as number, visited, queue, tail);
    found.push(queue.slice(componentStart, tail));
  }
  return found;
}

/** The path from `from` to node following parents, in order. */
function pathTo(parents: Uint32Array, from: number, node: number): number[] {
  const path = [node];
  for (let at = node; at !== from; at = parents[at] as number) path.push(parents[at] as number);
  return path.reverse();
}

/** A fewest-edge path by breadth-first search from `from`, stopping when `to` is discovered. */
export function breadthFirstPath(view: GraphView, from: number, to: number): number[] | null {
  const { nodeCount, scratch } = view;
  const { marks, stamp } = scratch.stamps(nodeCount, 1);
  const parents = scratch.parents(nodeCount);
  const queue = scratch.queue(nodeCount);
  marks[from] = stamp;
  queue[0] = from;
  let tail = 1;
  for (let head = 0; head < tail; head++) {
    const node = queue[head] as number;
    const found = someNeighbour(view, node, (neighbour) => {
      if (marks[neighbour] === stamp) return false;
      marks[neighbour] = stamp;
      parents[neighbour] = node;
      queue[tail++] = neighbour;
      return neighbour === to;
    });
    if (found) return pathTo(parents, from, to);
  }
  return null;
}

/** One side of a bidirectional search: its queue, the level being grown, and its visited mark. */
interface Frontier {
  readonly queue: Uint32Array;
  readonly mark: number;
  levelStart: number;
  levelEnd: number;
  tail: number;
}

/**
 * A fewest-edge path by searching from both ends a whole level at a time, always growing the
 * smaller frontier. The first edge found between the two visited sets closes a shortest path:
 * the sets are disjoint balls of radius a and b, so any path is at least a + b + 1 edges long.
 */
export function bidirectionalPath(view: GraphView, from: number, to: number): number[] | null {
  const { nodeCount, scratch } = view;
  const { marks, stamp } = scratch.stamps(nodeCount, 2);
  const parents = scratch.parents(nodeCount);
  const forward: Frontier = { queue: scratch.queue(nodeCount), mark: stamp, levelStart: 0, levelEnd: 1, tail: 1 };
  const backward: Frontier = { queue: scratch.otherQueue(nodeCount), mark: stamp + 1, levelStart: 0, levelEnd: 1, tail: 1 };
  forward.queue[0] = from;
  backward.queue[0] = to;
  marks[from] = forward.mark;
  marks[to] = backward.mark;
  while (forward.levelStart < forward.levelEnd && backward.levelStart < backward.levelEnd) {
    const growForward = forward.levelEnd - forward.levelStart <= backward.levelEnd - backward.levelStart;
    const [side, other] = growForward ? [forward, backward] : [backward, forward];
    let meeting: readonly [number, number] | undefined;
    for (let head = side.levelStart; head < side.levelEnd && meeting === undefined; head++) {
      const node = side.queue[head] as number;
      someNeighbour(view, node, (neighbour) => {
        const mark = marks[neighbour];
        if (mark === other.mark) {
          meeting = growForward ? [node, neighbour] : [neighbour, node];
          return true;
        }
        if (mark !== side.mark) {
          marks[neighbour] = side.mark;
          parents[neighbour] = node;
          side.queue[side.tail++] = neighbour;
        }
        return false;
      });
    }
    if (meeting !== undefined) return [...pathTo(parents, from, meeting[0]), ...pathTo(parents, to, meeting[1]).reverse()];
    side.levelStart = side.levelEnd;
    side.levelEnd = side.tail;
  }
  return null;
}

/** A least-weight path by Dijkstra's algorithm with a binary heap, finished when `to` is popped. */
export function leastWeightPath(view: GraphView, from: number, to: number): number[] | null {
  const { nodeCount, scratch } = view;
  const { marks, stamp } = scratch.stamps(nodeCount, 2);
  const reached = stamp;
  const settled = stamp + 1;
  const distances = scratch.distances(nodeCount);
  const parents = scratch.parents(nodeCount);
  const heap = new MinHeap();
  distances[from] = 0;
  marks[from] = reached;
  heap.push(0, from);
  while (heap.size > 0) {
    const distance = heap.topPriority;
    const node = heap.pop();
    if (marks[node] === settled) continue;
    marks[node] = settled;
    if (node === to) return pathTo(parents, from, to);
    someNeighbour(view, node, (neighbour, weight) => {
      const mark = marks[neighbour];
      if (mark === settled) return false;
      const candidate = distance + weight;
      if (mark !== reached || candidate < (distances[neighbour] as number)) {
        marks[neighbour] = reached;
        distances[neighbour] = candidate;
        parents[neighbour] = node;
        heap.push(candidate, neighbour);
      }
      return false;
    });
  }
  return null;
}
