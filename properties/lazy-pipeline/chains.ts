// lazy-pipeline's random chains: stage descriptions (map, filter, flatMap, take, skip, batch,
// parallelMap; each function may fail, return a promise or a thenable), the model's run of a chain
// and the implementation's, recorded alike (outputs, error, pulls, returns, calls, overlaps).

import fc from 'fast-check';
import { predicateResult } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { countingSource, modelPipeline, type lazyPipelineSpec, type ModelStage, type Pipeline } from '../../spec/lazy-pipeline.ts';

type Create = Suite<typeof lazyPipelineSpec>['implementation']['default'];

/** values are integers, or (after batch) arrays of them: their number is the sum */
export const numberOf = (value: unknown): number => (Array.isArray(value) ? value.reduce((sum: number, inner) => sum + numberOf(inner), 0) : (value as number));

export const mapFunctions = {
  double: (value: unknown) => numberOf(value) * 2,
  'plus index': (value: unknown, index: number) => numberOf(value) + index,
  'square mod 17': (value: unknown) => numberOf(value) ** 2 % 17,
};
export const filterFunctions = {
  even: (value: unknown) => numberOf(value) % 2 === 0,
  'index not 1 mod 3': (_value: unknown, index: number) => index % 3 !== 1,
  'above 5': (value: unknown) => numberOf(value) > 5,
};
export const flatMapFunctions = {
  'value mod 3 copies': (value: unknown) => Array<unknown>(numberOf(value) % 3).fill(value),
  'value and index': (value: unknown, index: number) => [numberOf(value), index],
  'count to value mod 4': function* (value: unknown) {
    for (let count = 0; count < numberOf(value) % 4; count++) yield count;
  },
};

type Named = { readonly name: string; readonly failOn: number | null };
/** what a filter's predicate answers for keep and for drop: often truthy or falsy non-booleans */
type Answers = { readonly keep: unknown; readonly drop: unknown };
export type StageDescription =
  | (Named & { readonly kind: 'map'; readonly name: keyof typeof mapFunctions })
  | (Named & { readonly kind: 'filter'; readonly name: keyof typeof filterFunctions; readonly answers: Answers })
  | (Named & { readonly kind: 'flatMap'; readonly name: keyof typeof flatMapFunctions })
  | (Named & { readonly kind: 'parallelMap'; readonly name: keyof typeof mapFunctions; readonly concurrency: number })
  | { readonly kind: 'take' | 'skip'; readonly count: number }
  | { readonly kind: 'batch'; readonly size: number };

const failOn = fc.option(fc.integer({ min: 0, max: 20 }), { freq: 6 });
export const sequentialStage: fc.Arbitrary<StageDescription> = fc.oneof(
  fc.record({ kind: fc.constant('map' as const), name: fc.constantFrom(...(Object.keys(mapFunctions) as (keyof typeof mapFunctions)[])), failOn }),
  fc.record({
    kind: fc.constant('filter' as const),
    name: fc.constantFrom(...(Object.keys(filterFunctions) as (keyof typeof filterFunctions)[])),
    failOn,
    answers: fc.record({ keep: predicateResult(true), drop: predicateResult(false) }),
  }),
  fc.record({ kind: fc.constant('flatMap' as const), name: fc.constantFrom(...(Object.keys(flatMapFunctions) as (keyof typeof flatMapFunctions)[])), failOn }),
  fc.record({ kind: fc.constantFrom('take' as const, 'skip' as const), count: fc.nat({ max: 10 }) }),
  fc.record({ kind: fc.constant('batch' as const), size: fc.integer({ min: 1, max: 4 }) }),
);
export const parallelStage: fc.Arbitrary<StageDescription> = fc.record({
  kind: fc.constant('parallelMap' as const),
  name: fc.constantFrom(...(Object.keys(mapFunctions) as (keyof typeof mapFunctions)[])),
  failOn,
  concurrency: fc.integer({ min: 1, max: 4 }),
});

export interface Run {
  readonly outputs: unknown[];
  readonly error: unknown;
  readonly pulls: number;
  readonly returns: number;
  readonly calls: string[];
  /** calls that started while the same stage's previous call was unsettled */
  readonly overlaps: number;
}

export interface Case {
  readonly items: number[];
  readonly stages: StageDescription[];
  /** outputs the consumer pulls before calling return(); undefined = all */
  readonly wanted: number | undefined;
  readonly sourceFailsAt: number | undefined;
}

/** how an async stage function hands back its result: a promise, or a thenable that is no Promise */
export type ThenableKind = 'promise' | 'thenable object' | 'thenable function';
const thenableKind = fc.constantFrom<ThenableKind>('promise', 'thenable object', 'thenable function');

/** the promise itself, or a thenable object or function forwarding to it (what `await` accepts) */
function asThenable(kind: ThenableKind, promise: Promise<unknown>): unknown {
  if (kind === 'promise') return promise;
  const then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (error: unknown) => unknown) => promise.then(onFulfilled, onRejected);
  return kind === 'thenable object' ? { then } : Object.assign(() => 'a thenable function, not a result', { then });
}

/** how a run is async: the source, the stage functions (and what they return) */
export interface Mode {
  readonly source: boolean;
  readonly functions: boolean;
  readonly thenable: ThenableKind;
}
export const modeOf = (async: boolean | Mode): Mode => (typeof async === 'boolean' ? { source: async, functions: async, thenable: 'promise' } : async);
/** at least one of the source and the functions async */
export const asyncMode: fc.Arbitrary<Mode> = fc
  .record({ source: fc.boolean(), functions: fc.boolean(), thenable: thenableKind })
  .map((mode) => (mode.source || mode.functions ? mode : { ...mode, source: true, functions: true }));

/** Each stage's function, recording calls; async ones return promises or thenables (and async iterables). */
export function stageFunctions(stages: readonly StageDescription[], async: boolean, calls: string[], failures: Error[], overlap: { count: number }, thenable: ThenableKind = 'promise') {
  return stages.map((stage, position) => {
    if (!('name' in stage)) return undefined;
    const table: Record<string, (value: unknown, index: number) => unknown> =
      stage.kind === 'filter' ? filterFunctions : stage.kind === 'flatMap' ? flatMapFunctions : mapFunctions;
    const decide = table[stage.name] as (value: unknown, index: number) => unknown;
    // a predicate answers with the stage's truthy or falsy value, rarely a plain boolean
    const base = stage.kind === 'filter' ? (value: unknown, index: number) => (decide(value, index) ? stage.answers.keep : stage.answers.drop) : decide;
    const failure = (failures[position] ??= new Error(`stage ${position} fails on ${stage.failOn}`));
    let active = 0;
    return (value: unknown, index: number): unknown => {
      calls.push(`${position}:${JSON.stringify(value)}@${index}`);
      const fail = stage.failOn !== null && numberOf(value) === stage.failOn;
      if (!async) {
        if (fail) throw failure;
        return base(value, index);
      }
      if (active > 0 && stage.kind !== 'parallelMap') overlap.count++;
      active++;
      const settle = (): void => void active--;
      if (fail) {
        // marked handled: an implementation that drops the promise is judged by what it yields,
        // not by an unhandled rejection that would end the whole grading run
        const rejected = Promise.reject(failure).finally(settle);
        rejected.catch(() => undefined);
        return asThenable(thenable, rejected);
      }
      const result = base(value, index);
      const asyncResult = stage.kind === 'flatMap' ? toAsyncIterable(result as Iterable<unknown>) : result;
      return asThenable(thenable, Promise.resolve(asyncResult).finally(settle));
    };
  });
}

function toAsyncIterable<T>(items: Iterable<T>): AsyncIterable<T> {
  return {
    async *[Symbol.asyncIterator]() {
      yield* items;
    },
  };
}

const sourceFailure = new Error('the source failed');

export function runModel(testCase: Case, failures: Error[]): Run {
  const calls: string[] = [];
  const functions = stageFunctions(testCase.stages, false, calls, failures, { count: 0 });
  const stages = testCase.stages.map((stage, position): ModelStage => {
    const fn = functions[position] as (value: unknown, index: number) => unknown;
    if (stage.kind === 'flatMap') return { kind: 'flatMap', fn: fn as (value: unknown, index: number) => Iterable<unknown> };
    if (stage.kind === 'map' || stage.kind === 'filter' || stage.kind === 'parallelMap') return { kind: stage.kind, fn };
    return stage;
  });
  const source = countingSource(testCase.items, { async: false, failAt: testCase.sourceFailsAt, failure: sourceFailure });
  // a generator around the chain, so return() after the end is a no-op even with no stages
  const iterator = (function* () {
    yield* modelPipeline(source.iterable as Iterable<number>, stages);
  })();
  const outputs: unknown[] = [];
  let error: unknown;
  try {
    for (;;) {
      if (testCase.wanted !== undefined && outputs.length >= testCase.wanted) break;
      const step = iterator.next();
      if (step.done === true) break;
      outputs.push(step.value);
    }
    iterator.return?.();
  } catch (caught) {
    error = caught;
  }
  return { outputs, error, pulls: source.pulls, returns: source.returns, calls, overlaps: 0 };
}

export async function buildPipeline(create: Create, source: Iterable<number> | AsyncIterable<number>, stages: readonly StageDescription[], functions: readonly unknown[]): Promise<Pipeline<unknown>> {
  let pipeline = (await create<unknown>(source)) as Pipeline<unknown>;
  for (const [position, stage] of stages.entries()) {
    const fn = functions[position] as (value: unknown, index: number) => never;
    if (stage.kind === 'take' || stage.kind === 'skip') pipeline = await pipeline[stage.kind](stage.count);
    else if (stage.kind === 'batch') pipeline = await pipeline.batch(stage.size);
    else if (stage.kind === 'parallelMap') pipeline = await pipeline.parallelMap(fn, { concurrency: stage.concurrency });
    else pipeline = await pipeline[stage.kind](fn);
  }
  return pipeline;
}

export async function runImplementation(create: Create, testCase: Case, async: boolean | Mode, failures: Error[]): Promise<Run & { afterError: { done: boolean; pulls: number; calls: number } | undefined }> {
  const calls: string[] = [];
  const overlap = { count: 0 };
  const mode = modeOf(async);
  const functions = stageFunctions(testCase.stages, mode.functions, calls, failures, overlap, mode.thenable);
  const source = countingSource(testCase.items, { async: mode.source, failAt: testCase.sourceFailsAt, failure: sourceFailure });
  const pipeline = await buildPipeline(create, source.iterable, testCase.stages, functions);
  const iterator = await pipeline[Symbol.asyncIterator]();
  const outputs: unknown[] = [];
  let error: unknown;
  let afterError: { done: boolean; pulls: number; calls: number } | undefined;
  try {
    for (;;) {
      if (testCase.wanted !== undefined && outputs.length >= testCase.wanted) break;
      const step = await iterator.next();
      if (step.done === true) break;
      outputs.push(step.value);
    }
    await iterator.return?.();
  } catch (caught) {
    error = caught;
    const [pulls, callCount] = [source.pulls, calls.length];
    const again = await iterator.next().catch(() => ({ done: false }));
    afterError = { done: again.done === true, pulls: source.pulls - pulls, calls: calls.length - callCount };
  }
  return { outputs, error, pulls: source.pulls, returns: source.returns, calls, overlaps: overlap.count, afterError };
}

export const caseArbitrary = (stage: fc.Arbitrary<StageDescription>, minStages = 0) =>
  fc.record({
    items: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 16 }),
    stages: fc.array(stage, { minLength: minStages, maxLength: 4 }),
    wanted: fc.option(fc.nat({ max: 12 }), { nil: undefined }),
    sourceFailsAt: fc.option(fc.nat({ max: 20 }), { nil: undefined, freq: 6 }),
  });
