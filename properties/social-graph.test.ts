// Properties of social-graph on small random graphs (up to 30 nodes, 80 edges, repeats and
// self-loops likely, ids anywhere in [0, 2**32 - 2]), weighted and not, built in bulk, by addEdge or
// both, compared with the Map-of-Sets model: BFS for hops, Floyd–Warshall for weighted distances.

import fc from 'fast-check';
import { expect } from 'vitest';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import {
  maxNodeId,
  SocialGraphModel,
  socialGraphSpec,
  type PathMethod,
  type SocialGraph,
  type SocialGraphOptions,
} from '../spec/social-graph.ts';
import { misuseChecks } from './social-graph/misuse.ts';

const suite = await systemSuite(socialGraphSpec);
const createSocialGraph = suite.implementation.default;

type Edge = readonly [u: number, v: number, weight: number];
type Build = 'bulk' | 'bulk-typed' | 'incremental' | 'mixed';

interface GraphCase {
  readonly weighted: boolean;
  readonly ids: readonly number[];
  readonly edges: readonly Edge[];
  readonly lonelyIds: readonly number[];
  readonly build: Build;
  /** in a mixed build, how many edges go in bulk before the rest are added one by one */
  readonly bulkCount: number;
}

// Small ids collide and chain into paths; extremes and wide random ids exercise the id table.
const idArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, maxNodeId, 2 ** 31, 2 ** 31 - 1, 2 ** 16) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: maxNodeId }) },
);
// positions in the id list (taken modulo its length); small bounds keep shrinking quick
const positionArbitrary = fc.nat({ max: 29 });
// halves keep every sum exact, so weights compare with toBe
const weightArbitrary = fc.integer({ min: 0, max: 40 }).map((halves) => halves / 2);

const graphCaseArbitrary: fc.Arbitrary<GraphCase> = fc
  .record({
    weighted: fc.boolean(),
    ids: fc.uniqueArray(idArbitrary, { minLength: 1, maxLength: 30 }),
    rawEdges: fc.array(fc.tuple(positionArbitrary, positionArbitrary, weightArbitrary), { maxLength: 70 }),
    repeats: fc.array(fc.tuple(fc.nat({ max: 79 }), fc.boolean(), weightArbitrary), { maxLength: 10 }),
    lonely: fc.array(positionArbitrary, { maxLength: 3 }),
    build: fc.constantFrom<Build>('bulk', 'bulk-typed', 'incremental', 'mixed'),
    bulkCount: fc.nat({ max: 80 }),
  })
  .map(({ weighted, ids, rawEdges, repeats, lonely, build, bulkCount }) => {
    const pick = (index: number): number => ids[index % ids.length] as number;
    const edges: Edge[] = rawEdges.map(([u, v, weight]) => [pick(u), pick(v), weight]);
    // repeat some edges, in either orientation and with another weight: they must collapse
    for (const [index, flip, weight] of repeats) {
      const edge = edges[index % Math.max(1, edges.length)];
      if (edge !== undefined) edges.push(flip ? [edge[1], edge[0], weight] : [edge[0], edge[1], weight]);
    }
    return { weighted, ids, edges, lonelyIds: lonely.map(pick), build, bulkCount: bulkCount % (edges.length + 1) };
  });

function edgeList(edges: readonly Edge[], weighted: boolean, typed: boolean): NonNullable<SocialGraphOptions['edges']> {
  const sources = edges.map((edge) => edge[0]);
  const targets = edges.map((edge) => edge[1]);
  const weights = edges.map((edge) => edge[2]);
  if (typed) {
    return { sources: Uint32Array.from(sources), targets: Uint32Array.from(targets), ...(weighted ? { weights: Float64Array.from(weights) } : {}) };
  }
  return { sources, targets, ...(weighted ? { weights } : {}) };
}

async function addEdges(graph: SocialGraph, edges: readonly Edge[], weighted: boolean): Promise<void> {
  for (const [u, v, weight] of edges) {
    if (weighted) await graph.addEdge(u, v, weight);
    else await graph.addEdge(u, v);
  }
}

async function buildReal(graphCase: GraphCase, build: Build = graphCase.build): Promise<SocialGraph> {
  const { weighted, edges } = graphCase;
  let graph: SocialGraph;
  if (build === 'incremental') {
    graph = await createSocialGraph({ weighted });
    await addEdges(graph, edges, weighted);
  } else {
    const bulkEdges = build === 'mixed' ? edges.slice(0, graphCase.bulkCount) : edges;
    graph = await createSocialGraph({ weighted, edges: edgeList(bulkEdges, weighted, build === 'bulk-typed') });
    if (build === 'mixed') await addEdges(graph, edges.slice(graphCase.bulkCount), weighted);
  }
  for (const id of graphCase.lonelyIds) await graph.addNode(id);
  return graph;
}

function buildModel(graphCase: GraphCase): SocialGraphModel {
  const model = new SocialGraphModel(graphCase.weighted);
  for (const [u, v, weight] of graphCase.edges) model.addEdge(u, v, weight);
  for (const id of graphCase.lonelyIds) model.addNode(id);
  return model;
}

/** ids to ask about: every id of the case plus a few that are surely absent */
function probeIds(graphCase: GraphCase): number[] {
  return [...graphCase.ids, 41, 12_345, maxNodeId - 1].filter((id, index, all) => all.indexOf(id) === index);
}

async function expectSameNodesAndEdges(real: SocialGraph, model: SocialGraphModel, ids: readonly number[]): Promise<void> {
  const nodeCount = await real.nodeCount;
  suite.rule('SG-1', () => expect(nodeCount).toBe(model.nodeCount));
  for (const id of ids) {
    const present = await real.hasNode(id);
    suite.rule('SG-1', () => expect(present, `hasNode(${id})`).toBe(model.hasNode(id)));
  }
  const edgeCount = await real.edgeCount;
  suite.rule('SG-2', () => expect(edgeCount).toBe(model.edgeCount));
}

async function expectSameNeighbours(real: SocialGraph, model: SocialGraphModel, ids: readonly number[]): Promise<void> {
  const lists = new Map<number, number[]>();
  for (const id of ids) lists.set(id, await real.neighbours(id));
  suite.rule('SG-3', () => {
    for (const [id, list] of lists) {
      expect(list, `neighbours(${id})`).toEqual(model.neighbours(id));
      for (const other of list) expect(lists.get(other) ?? [id], `symmetry of ${id} and ${other}`).toContain(id);
    }
  });
}

/** what a path is judged against, computed lazily and once per graph state */
interface Oracles {
  readonly model: SocialGraphModel;
  readonly weightBetween: (u: number, v: number) => number;
  readonly hopsFrom: (source: number) => Map<number, number>;
}

function oraclesOf(model: SocialGraphModel): Oracles {
  let allPairs: ((u: number, v: number) => number) | undefined;
  const hopsBySource = new Map<number, Map<number, number>>();
  return {
    model,
    weightBetween: (u, v) => (allPairs ??= model.allPairsWeights())(u, v),
    hopsFrom(source) {
      const hops = hopsBySource.get(source) ?? model.hops(source);
      hopsBySource.set(source, hops);
      return hops;
    },
  };
}

async function expectShortestPath(real: SocialGraph, oracles: Oracles, from: number, to: number, method: PathMethod | undefined): Promise<void> {
  const { model } = oracles;
  const path = method === undefined ? await real.shortestPath(from, to) : await real.shortestPath(from, to, { method });
  const hops = oracles.hopsFrom(from).get(to);
  const label = `shortestPath(${from}, ${to}, ${method ?? 'default'}) = ${JSON.stringify(path)}`;
  suite.rule('SG-7', () => expect(path === null, label).toBe(hops === undefined));
  if (path === null) return;
  suite.rule('SG-4', () => {
    expect(path[0], label).toBe(from);
    expect(path[path.length - 1], label).toBe(to);
    expect(model.pathWeight(path), `${label}: consecutive nodes must be adjacent`).not.toBeUndefined();
    if (from === to) expect(path, label).toEqual([from]);
  });
  const byWeight = method === 'dijkstra' || (method === undefined && model.weighted);
  if (byWeight) suite.rule('SG-6', () => expect(model.pathWeight(path), label).toBe(oracles.weightBetween(from, to)));
  else suite.rule('SG-5', () => expect(path.length - 1, label).toBe(hops));
}

const methods: readonly (PathMethod | undefined)[] = [undefined, 'bfs', 'bidirectional-bfs', 'dijkstra'];

async function expectShortestPaths(real: SocialGraph, oracles: Oracles, pairs: readonly (readonly [number, number])[]): Promise<void> {
  for (const [from, to] of pairs) {
    for (const method of methods) await expectShortestPath(real, oracles, from, to, method);
  }
}

async function expectReach(real: SocialGraph, model: SocialGraphModel, source: number): Promise<void> {
  const { ids, hops } = await real.distancesFrom(source);
  const expected = model.hops(source);
  suite.rule('SG-9', () => {
    expect(ids.length, `distancesFrom(${source}) size`).toBe(expected.size);
    expect(hops.length).toBe(ids.length);
    if (expected.size > 0) expect(ids[0]).toBe(source);
    const seen = new Set<number>();
    ids.forEach((id, index) => {
      expect(seen.has(id), `node ${id} listed twice`).toBe(false);
      seen.add(id);
      expect(hops[index], `hops of ${id} from ${source}`).toBe(expected.get(id));
      if (index > 0) expect(hops[index] as number).toBeGreaterThanOrEqual(hops[index - 1] as number);
    });
  });
}

async function expectComponents(real: SocialGraph, model: SocialGraphModel): Promise<void> {
  const found = await real.connectedComponents();
  suite.rule('SG-8', () => expect(found).toEqual(model.components()));
}

async function expectMemoryUsage(real: SocialGraph, model: SocialGraphModel): Promise<void> {
  const bytes = await real.memoryUsage();
  suite.rule('SG-13', () => {
    expect(Number.isSafeInteger(bytes), `memoryUsage() = ${bytes}`).toBe(true);
    expect(bytes).toBeGreaterThanOrEqual(4 * model.nodeCount + 8 * model.edgeCount);
  });
}

/** pairs of nodes to route between: all pairs of a few ids, present or not */
function pairsOf(ids: readonly number[], count: number): [number, number][] {
  const chosen = ids.slice(0, count);
  return chosen.flatMap((from) => chosen.map((to): [number, number] => [from, to]));
}

suite.property(
  ['SG-1', 'SG-2', 'SG-3', 'SG-4', 'SG-5', 'SG-6', 'SG-7', 'SG-8', 'SG-9', 'SG-13'],
  'answers every query like the Map-of-Sets model, however the graph was built',
  fc.asyncProperty(graphCaseArbitrary, async (graphCase) => {
    const real = await buildReal(graphCase);
    const model = buildModel(graphCase);
    const ids = probeIds(graphCase);
    await expectSameNodesAndEdges(real, model, ids);
    await expectSameNeighbours(real, model, ids);
    await expectComponents(real, model);
    await expectShortestPaths(real, oraclesOf(model), pairsOf([...graphCase.ids.slice(0, 4), 41], 5));
    for (const source of ids.slice(0, 6)) await expectReach(real, model, source);
    await expectMemoryUsage(real, model);
  }),
);

suite.property(
  'SG-10',
  'a bulk-built graph answers like one built edge by edge, before and after more edges are added',
  fc.asyncProperty(graphCaseArbitrary, fc.array(fc.tuple(positionArbitrary, positionArbitrary, weightArbitrary), { maxLength: 30 }), async (graphCase, later) => {
    const bulk = await buildReal(graphCase, graphCase.build === 'bulk-typed' ? 'bulk-typed' : 'bulk');
    const incremental = await buildReal(graphCase, 'incremental');
    const pick = (index: number): number => graphCase.ids[index % graphCase.ids.length] as number;
    const laterEdges: Edge[] = later.map(([u, v, weight]) => [pick(u), pick(v), weight]);
    for (const stage of ['built', 'grown']) {
      if (stage === 'grown') {
        await addEdges(bulk, laterEdges, graphCase.weighted);
        await addEdges(incremental, laterEdges, graphCase.weighted);
      }
      const answers = async (graph: SocialGraph) => ({
        nodeCount: await graph.nodeCount,
        edgeCount: await graph.edgeCount,
        neighbours: await Promise.all(probeIds(graphCase).map((id) => graph.neighbours(id))),
        components: await graph.connectedComponents(),
        reach: await Promise.all(graphCase.ids.slice(0, 4).map(async (id) => hopsById(await graph.distancesFrom(id)))),
        pathSizes: await Promise.all(pairsOf(graphCase.ids, 4).map(async ([from, to]) => (await graph.shortestPath(from, to))?.length)),
      });
      const [fromBulk, fromEdges] = [await answers(bulk), await answers(incremental)];
      suite.rule('SG-10', () => expect(fromBulk, `after the graph was ${stage}`).toEqual(fromEdges));
    }
  }),
  { runsFactor: 0.5 },
);

function hopsById(reach: { readonly ids: Uint32Array; readonly hops: Uint32Array }): [number, number][] {
  return Array.from(reach.ids, (id, index): [number, number] => [id, reach.hops[index] as number]).sort((a, b) => a[0] - b[0]);
}

// Interleaved: queries between single additions, so reads must see the CSR and the pending edges together.
interface CommandModel {
  readonly model: SocialGraphModel;
}
type Command = fc.AsyncCommand<CommandModel, SocialGraph>;
const commandIdArbitrary = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(maxNodeId));

function commandsFor(weighted: boolean): fc.Arbitrary<Command>[] {
  return [
    fc.tuple(commandIdArbitrary, commandIdArbitrary, weightArbitrary).map(([u, v, weight]): Command => ({
      check: () => true,
      async run({ model }, real) {
        model.addEdge(u, v, weight);
        if (weighted) await real.addEdge(u, v, weight);
        else await real.addEdge(u, v);
        await expectSameNodesAndEdges(real, model, [u, v]);
      },
      toString: () => `addEdge(${u}, ${v}${weighted ? `, ${weight}` : ''})`,
    })),
    commandIdArbitrary.map((id): Command => ({
      check: () => true,
      async run({ model }, real) {
        model.addNode(id);
        await real.addNode(id);
        await expectSameNodesAndEdges(real, model, [id]);
      },
      toString: () => `addNode(${id})`,
    })),
    commandIdArbitrary.map((id): Command => ({
      check: () => true,
      async run({ model }, real) {
        await expectSameNeighbours(real, model, [id, ...model.neighbours(id)]);
      },
      toString: () => `neighbours(${id})`,
    })),
    fc.tuple(commandIdArbitrary, commandIdArbitrary, fc.constantFrom(...methods)).map(([from, to, method]): Command => ({
      check: () => true,
      async run({ model }, real) {
        await expectShortestPath(real, oraclesOf(model), from, to, method);
      },
      toString: () => `shortestPath(${from}, ${to}, ${method ?? 'default'})`,
    })),
    commandIdArbitrary.map((id): Command => ({
      check: () => true,
      async run({ model }, real) {
        await expectReach(real, model, id);
      },
      toString: () => `distancesFrom(${id})`,
    })),
    fc.constant<Command>({
      check: () => true,
      async run({ model }, real) {
        await expectComponents(real, model);
        await expectMemoryUsage(real, model);
      },
      toString: () => 'connectedComponents()',
    }),
  ];
}

suite.property(
  ['SG-1', 'SG-2', 'SG-3', 'SG-4', 'SG-5', 'SG-6', 'SG-7', 'SG-8', 'SG-9', 'SG-13'],
  'stays right under any interleaving of additions and queries',
  fc.asyncProperty(
    fc.boolean().chain((weighted) => fc.tuple(fc.constant(weighted), replayableCommands(commandsFor(weighted), { maxCommands: 80 }))),
    async ([weighted, sequence]) => {
      const setup = async () => ({ model: { model: new SocialGraphModel(weighted) }, real: await createSocialGraph({ weighted }) });
      await fc.asyncModelRun(setup, sequence);
    },
  ),
);

misuseChecks(suite);
