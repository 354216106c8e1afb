// flatMap's inner iterables against the generator model: every next() and return() of the source
// and of each inner iterable goes into one log, so a run checks the pulls (LZP-4), the closing and
// its order, inner before source (LZP-10), and that a failed inner iterator is not closed (LZP-9).

import fc from 'fast-check';
import { expect } from 'vitest';
import type { Suite } from '../../harness/suite.ts';
import { modelPipeline, type lazyPipelineSpec, type ModelStage, type Pipeline } from '../../spec/lazy-pipeline.ts';

type PipelineSuite = Suite<typeof lazyPipelineSpec>;
type Create = PipelineSuite['implementation']['default'];

interface Failing {
  readonly at: number;
  readonly failure: Error;
}

/** settles after a few turns of the microtask queue, as a real async cleanup would */
async function someTurns(): Promise<void> {
  for (let turn = 0; turn < 3; turn++) await Promise.resolve();
}

/**
 * An iterable over items that logs `<name> next` at each next() and `<name> closed` once its
 * return() has finished (an async one only after some turns), and fails at failing.at.
 */
export function loggedIterable<T>(name: string, items: readonly T[], log: string[], async: boolean, failing?: Failing): Iterable<T> | AsyncIterable<T> {
  const open = () => {
    let position = 0;
    const next = (): IteratorResult<T> => {
      log.push(`${name} next`);
      if (failing !== undefined && position === failing.at) throw failing.failure;
      if (position >= items.length) return { done: true, value: undefined };
      return { done: false, value: items[position++] as T };
    };
    const close = (): IteratorResult<T> => {
      log.push(`${name} closed`);
      position = items.length;
      return { done: true, value: undefined };
    };
    return { next, close };
  };
  if (!async) {
    return {
      [Symbol.iterator]: () => {
        const { next, close } = open();
        return { next, return: close };
      },
    };
  }
  return {
    [Symbol.asyncIterator]: () => {
      const { next, close } = open();
      return {
        next: async () => next(),
        return: async () => {
          await someTurns();
          return close();
        },
      };
    },
  };
}

interface InnerCase {
  /** per source item, the length of the inner iterable flatMap's function returns for it */
  readonly lengths: number[];
  readonly sourceFailsAt: number | undefined;
  /** the inner iterable (by source index) that fails, and at which of its pulls */
  readonly innerFails: { readonly index: number; readonly at: number } | undefined;
  readonly take: number | undefined;
  /** outputs the consumer pulls before calling return(); undefined = all */
  readonly wanted: number | undefined;
}

interface InnerMode {
  readonly source: boolean;
  readonly inner: boolean;
  readonly fn: boolean;
}

interface InnerRun {
  readonly outputs: unknown[];
  readonly error: unknown;
  readonly log: string[];
  readonly afterError?: { readonly done: boolean; readonly log: string[] };
}

const sourceFailure = new Error('the source failed');
const innerFailure = new Error('an inner iterable failed');

function innerOf(testCase: InnerCase, log: string[], async: boolean) {
  return (length: number, index: number): Iterable<number> | AsyncIterable<number> => {
    const items = Array.from({ length }, (_, position) => index * 10 + position);
    const failing = testCase.innerFails?.index === index ? { at: testCase.innerFails.at, failure: innerFailure } : undefined;
    return loggedIterable(`inner ${index}`, items, log, async, failing);
  };
}

function sourceOf(testCase: InnerCase, log: string[], async: boolean): Iterable<number> | AsyncIterable<number> {
  const failing = testCase.sourceFailsAt === undefined ? undefined : { at: testCase.sourceFailsAt, failure: sourceFailure };
  return loggedIterable('source', testCase.lengths, log, async, failing);
}

function runInnerModel(testCase: InnerCase): InnerRun {
  const log: string[] = [];
  const stages: ModelStage[] = [{ kind: 'flatMap', fn: innerOf(testCase, log, false) as (item: unknown, index: number) => Iterable<unknown> }];
  if (testCase.take !== undefined) stages.push({ kind: 'take', count: testCase.take });
  const iterator = (function* () {
    yield* modelPipeline(sourceOf(testCase, log, false) as Iterable<number>, stages);
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
    iterator.return();
  } catch (caught) {
    error = caught;
  }
  return { outputs, error, log };
}

async function runInnerImplementation(create: Create, testCase: InnerCase, mode: InnerMode): Promise<InnerRun> {
  const log: string[] = [];
  const inner = innerOf(testCase, log, mode.inner);
  let pipeline: Pipeline<number> = await (await create(sourceOf(testCase, log, mode.source))).flatMap((length, index) => (mode.fn ? Promise.resolve(inner(length, index)) : inner(length, index)));
  if (testCase.take !== undefined) pipeline = await pipeline.take(testCase.take);
  const iterator = pipeline[Symbol.asyncIterator]();
  const outputs: unknown[] = [];
  try {
    for (;;) {
      if (testCase.wanted !== undefined && outputs.length >= testCase.wanted) break;
      const step = await iterator.next();
      if (step.done === true) break;
      outputs.push(step.value);
    }
    await iterator.return?.();
    return { outputs, error: undefined, log };
  } catch (error) {
    const before = log.length;
    const again = await iterator.next().catch(() => ({ done: false }));
    return { outputs, error, log: log.slice(0, before), afterError: { done: again.done === true, log: log.slice(before) } };
  }
}

const innerCase: fc.Arbitrary<InnerCase> = fc.record({
  lengths: fc.array(fc.nat({ max: 3 }), { maxLength: 6 }),
  sourceFailsAt: fc.option(fc.nat({ max: 6 }), { nil: undefined, freq: 4 }),
  innerFails: fc.option(fc.record({ index: fc.nat({ max: 5 }), at: fc.nat({ max: 3 }) }), { nil: undefined, freq: 2 }),
  take: fc.option(fc.nat({ max: 8 }), { nil: undefined }),
  wanted: fc.option(fc.nat({ max: 8 }), { nil: undefined }),
});

export function innerIterableChecks(suite: PipelineSuite, create: Create): void {
  suite.property(
    ['LZP-1', 'LZP-2', 'LZP-4', 'LZP-9', 'LZP-10'],
    'flatMap pulls each inner iterable lazily, closes one abandoned early before the source, and leaves a failed one unclosed',
    fc.asyncProperty(innerCase, fc.record({ source: fc.boolean(), inner: fc.boolean(), fn: fc.boolean() }), async (testCase, mode) => {
      const expected = runInnerModel(testCase);
      const actual = await runInnerImplementation(create, testCase, mode);
      const failed = expected.error !== undefined;
      const outputRule = failed || actual.error !== undefined ? 'LZP-9' : mode.source || mode.inner || mode.fn ? 'LZP-2' : 'LZP-1';
      suite.rule(outputRule, () => expect({ outputs: actual.outputs, error: actual.error }).toEqual({ outputs: expected.outputs, error: expected.error }));
      suite.rule(outputRule, () => expect(actual.error, 'the very error thrown').toBe(expected.error));
      const pulls = (log: string[]): string[] => log.filter((entry) => entry.endsWith(' next'));
      suite.rule(failed ? 'LZP-9' : 'LZP-4', () => expect(pulls(actual.log), 'next() calls on the source and the inner iterables').toEqual(pulls(expected.log)));
      suite.rule('LZP-10', () => expect(actual.log, 'next() and finished return() calls, in order').toEqual(expected.log));
      if (actual.afterError !== undefined) suite.rule('LZP-9', () => expect(actual.afterError, 'after the error: done, nothing pulled or closed').toEqual({ done: true, log: [] }));
    }),
  );
}
