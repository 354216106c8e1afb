// Performance gates of lazy-pipeline against plain array methods. Laziness is the point of the
// first gate: take(1 000) after filter and map touches 2 000 of 1 000 000 items, the array chain
// all of them. The second is a full pass, where a pipeline can at best approach the arrays.

import createLazyPipeline from '../impl/lazy-pipeline/index.ts';
import { defineGates, type Subject } from '../harness/perf.ts';
import { seededUint32 } from '../harness/random.ts';

const isEven = (value: number): boolean => value % 2 === 0;
const square = (value: number): number => value * value;

function numbers(count: number, seed: number): number[] {
  const next = seededUint32(seed);
  return Array.from({ length: count }, () => next() % 1000);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function takeGate(items: readonly number[]) {
  const wanted = 1000;
  const ours: Subject = {
    name: 'touchstone lazy-pipeline filter.map.take(1000).toArray()',
    workPerRun: 1,
    run: () => createLazyPipeline(items).filter(isEven).map(square).take(wanted).toArray(),
  };
  const arrays: Subject = {
    name: 'array filter().map().slice(0, 1000)',
    workPerRun: 1,
    run: () => items.filter(isEven).map(square).slice(0, wanted),
  };
  return { kind: 'ratio' as const, name: 'first 1 000 even squares of 1 000 000', unit: 'queries', minRatio: 100, ours, baseline: arrays };
}

function fullPassGate(items: readonly number[]) {
  const ours: Subject = {
    name: 'touchstone lazy-pipeline filter.map.batch(100).toArray()',
    workPerRun: items.length,
    run: () => createLazyPipeline(items).filter(isEven).map(square).batch(100).toArray(),
  };
  const arrays: Subject = {
    name: 'array filter().map() then chunks of 100',
    workPerRun: items.length,
    run: () => chunks(items.filter(isEven).map(square), 100),
  };
  const iterated: Subject = {
    name: 'touchstone lazy-pipeline, same chain by for await',
    workPerRun: items.length,
    run: async () => {
      let batches = 0;
      for await (const batch of createLazyPipeline(items).filter(isEven).map(square).batch(100)) batches += batch.length > 0 ? 1 : 0;
      return batches;
    },
  };
  return { kind: 'ratio' as const, name: 'full pass over 100 000: filter, map, batch', unit: 'items', minRatio: 0.4, ours, baseline: arrays, alongside: [iterated] };
}

export default defineGates('lazy-pipeline', () => [takeGate(numbers(1_000_000, 20_261_121)), fullPassGate(numbers(100_000, 20_261_122))]);
