// social-graph's misuse checks: every method taking an id rejects a bad one with the class SG-11
// names and leaves the graph alone; weights a graph does not take are rejected as SG-12 says.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectMisuse } from '../../harness/misuse.ts';
import type { Suite } from '../../harness/suite.ts';
import { maxNodeId, type SocialGraph, type socialGraphSpec } from '../../spec/social-graph.ts';

type GraphSuite = Suite<typeof socialGraphSpec>;

const badIdArbitrary: fc.Arbitrary<{ readonly value: unknown; readonly error: 'TypeError' | 'RangeError' }> = fc.oneof(
  fc.oneof(fc.string(), fc.constantFrom(null, undefined, true, {}, [1], 1n)).map((value) => ({ value, error: 'TypeError' as const })),
  fc
    .oneof(
      fc.integer({ min: -(2 ** 40), max: -1 }),
      fc.double({ noNaN: true, min: 0, max: 1e6 }).filter((value) => !Number.isInteger(value)),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, 2 ** 32 - 1, 2 ** 32, 2 ** 53),
      fc.integer({ min: maxNodeId + 1, max: Number.MAX_SAFE_INTEGER }),
    )
    .map((value) => ({ value, error: 'RangeError' as const })),
);

type Misuse = (graph: SocialGraph, bad: never) => unknown;
const idMisuses: readonly (readonly [method: string, call: Misuse])[] = [
  ['addNode', (graph, bad) => graph.addNode(bad)],
  ['hasNode', (graph, bad) => graph.hasNode(bad)],
  ['addEdge', (graph, bad) => graph.addEdge(bad, 1, 1)],
  ['addEdge', (graph, bad) => graph.addEdge(1, bad, 1)],
  ['neighbours', (graph, bad) => graph.neighbours(bad)],
  ['shortestPath', (graph, bad) => graph.shortestPath(bad, 1)],
  ['shortestPath', (graph, bad) => graph.shortestPath(1, bad)],
  ['distancesFrom', (graph, bad) => graph.distancesFrom(bad)],
];

/** the class the rule names, and a message "social-graph.<method>: expected ...", thrown or rejected */
function misuse(suite: GraphSuite, rule: 'SG-11' | 'SG-12', error: 'TypeError' | 'RangeError', method: string, label: string, call: () => unknown): Promise<void> {
  const mentions = new RegExp(`^social-graph\\.${method}: expected `);
  return expectMisuse(suite, rule, { call, classes: error === 'TypeError' ? TypeError : RangeError, format: 'system named', mentions, label });
}

async function snapshot(graph: SocialGraph): Promise<unknown> {
  return { nodes: await graph.nodeCount, edges: await graph.edgeCount, components: await graph.connectedComponents() };
}

const badWeightArbitrary = fc.oneof(
  fc.constantFrom(undefined, '1', null, {}).map((value) => ({ value, error: 'TypeError' as const })),
  fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true }), fc.constantFrom(Number.NaN, Infinity, -Infinity)).map((value) => ({ value, error: 'RangeError' as const })),
);

function idChecks(suite: GraphSuite): void {
  suite.property(
    'SG-11',
    'rejects a node id that is not an integer in [0, 2**32 - 2], leaving the graph unchanged',
    fc.asyncProperty(badIdArbitrary, fc.constantFrom(...idMisuses), fc.boolean(), async (bad, [method, call], weighted) => {
      const graph = await suite.implementation.default({ weighted, edges: weighted ? { sources: [1, 2], targets: [2, 3], weights: [1, 1] } : { sources: [1, 2], targets: [2, 3] } });
      const before = await snapshot(graph);
      const label = `${method} with ${fc.stringify(bad.value)}`;
      await misuse(suite, 'SG-11', bad.error, method, label, () => call(graph, bad.value as never));
      await suite.rule('SG-11', () => snapshot(graph).then((after) => expect(after, label).toEqual(before)));
    }),
  );
}

function weightChecks(suite: GraphSuite): void {
  suite.property(
    'SG-12',
    'a weighted graph rejects a missing, non-numeric, negative or non-finite weight and an unweighted one any weight',
    fc.asyncProperty(badWeightArbitrary, fc.double({ min: 0, max: 100, noNaN: true }), fc.boolean(), async (bad, goodWeight, bulk) => {
      const weighted = await suite.implementation.default({ weighted: true });
      await misuse(suite, 'SG-12', bad.error, bulk ? 'create' : 'addEdge', `weight ${fc.stringify(bad.value)}`, () =>
        bulk ? suite.implementation.default({ weighted: true, edges: { sources: [1, 2], targets: [2, 3], weights: [1, bad.value as number] } }) : weighted.addEdge(1, 2, bad.value as number),
      );
      const unweighted = await suite.implementation.default();
      await misuse(suite, 'SG-12', 'TypeError', bulk ? 'create' : 'addEdge', `weight ${goodWeight} on an unweighted graph`, () =>
        bulk ? suite.implementation.default({ edges: { sources: [1], targets: [2], weights: [goodWeight] } }) : unweighted.addEdge(1, 2, goodWeight),
      );
      const counts = [await weighted.nodeCount, await weighted.edgeCount, await unweighted.nodeCount, await unweighted.edgeCount];
      suite.rule('SG-12', () => expect(counts, 'a rejected addEdge adds nothing').toEqual([0, 0, 0, 0]));
    }),
    { runsFactor: 0.5 },
  );
}

export function misuseChecks(suite: GraphSuite): void {
  idChecks(suite);
  weightChecks(suite);
}
