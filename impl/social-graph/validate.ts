// Validation at the API edge: misuse throws TypeError or RangeError with a message naming the
// method, what it expected and what it got, before the graph is touched.

import { inspect } from 'node:util';
import { maxNodeId, type EdgeList, type PathMethod } from '../../spec/social-graph.ts';

const notAnId = 0xffffffff;

function fail(kind: 'type' | 'range', method: string, expected: string, value: unknown): never {
  const message = `social-graph.${method}: expected ${expected}, got ${inspect(value, { depth: 1, maxArrayLength: 10 })}`;
  throw kind === 'type' ? new TypeError(message) : new RangeError(message);
}

export function checkId(method: string, what: string, id: unknown): number {
  if (typeof id !== 'number') fail('type', method, `${what} to be a node id (a number)`, id);
  if (!Number.isInteger(id) || id < 0 || id > maxNodeId) fail('range', method, `${what} to be an integer in [0, ${maxNodeId}]`, id);
  return id;
}

export function checkWeight(method: string, weighted: boolean, weight: unknown, what = 'weight'): number {
  if (!weighted) {
    if (weight !== undefined) fail('type', method, `no ${what} on an unweighted graph`, weight);
    return 1;
  }
  if (typeof weight !== 'number') fail('type', method, `${what} to be a number on a weighted graph`, weight);
  if (!Number.isFinite(weight) || weight < 0) fail('range', method, `${what} to be a finite number >= 0`, weight);
  return weight;
}

export function checkMethod(weighted: boolean, options: unknown): PathMethod {
  if (options === undefined) return weighted ? 'dijkstra' : 'bidirectional-bfs';
  if (typeof options !== 'object' || options === null) fail('type', 'shortestPath', 'options to be an object', options);
  const method = (options as { method?: unknown }).method;
  if (method === undefined) return weighted ? 'dijkstra' : 'bidirectional-bfs';
  if (method !== 'bfs' && method !== 'bidirectional-bfs' && method !== 'dijkstra') {
    fail('range', 'shortestPath', "method 'bfs', 'bidirectional-bfs' or 'dijkstra'", method);
  }
  return method;
}

function isList(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || value instanceof Uint32Array || value instanceof Float64Array;
}

export interface CheckedOptions {
  readonly weighted: boolean;
  readonly edges: EdgeList | undefined;
}

export function checkOptions(options: unknown): CheckedOptions {
  if (options === undefined) return { weighted: false, edges: undefined };
  if (typeof options !== 'object' || options === null) fail('type', 'create', 'options to be an object', options);
  const { weighted = false, edges } = options as { weighted?: unknown; edges?: unknown };
  if (typeof weighted !== 'boolean') fail('type', 'create', 'weighted to be a boolean', weighted);
  if (edges === undefined) return { weighted, edges: undefined };
  checkEdgeList(weighted, edges);
  return { weighted, edges };
}

function checkEdgeList(weighted: boolean, edges: unknown): asserts edges is EdgeList {
  if (typeof edges !== 'object' || edges === null) fail('type', 'create', 'edges to be { sources, targets, weights? }', edges);
  const { sources, targets, weights } = edges as { sources?: unknown; targets?: unknown; weights?: unknown };
  if (!isList(sources) || sources instanceof Float64Array) fail('type', 'create', 'edges.sources to be an array or Uint32Array', sources);
  if (!isList(targets) || targets instanceof Float64Array) fail('type', 'create', 'edges.targets to be an array or Uint32Array', targets);
  if (targets.length !== sources.length) fail('range', 'create', `edges.targets to have ${sources.length} entries`, targets.length);
  checkIds(sources, 'edges.sources');
  checkIds(targets, 'edges.targets');
  if (!weighted) {
    if (weights !== undefined) fail('type', 'create', 'no edges.weights on an unweighted graph', weights);
    return;
  }
  if (!isList(weights) || weights instanceof Uint32Array) fail('type', 'create', 'edges.weights to be an array or Float64Array', weights);
  if (weights.length !== sources.length) fail('range', 'create', `edges.weights to have ${sources.length} entries`, weights.length);
  for (let index = 0; index < weights.length; index++) {
    const weight = weights[index];
    if (typeof weight !== 'number' || !(weight >= 0 && weight < Infinity)) checkWeight('create', true, weight, `edges.weights[${index}]`);
  }
}

function checkIds(ids: ArrayLike<unknown>, what: string): void {
  if (ids instanceof Uint32Array) {
    const position = ids.indexOf(notAnId);
    if (position !== -1) fail('range', 'create', `${what}[${position}] to be an integer in [0, ${maxNodeId}]`, notAnId);
    return;
  }
  for (let index = 0; index < ids.length; index++) {
    const id = ids[index];
    // the message is built only on failure: lists run to millions of entries
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > maxNodeId) checkId('create', `${what}[${index}]`, id);
  }
}
