// The linearizability checker: splits a history into the model's independent partitions (P-
// compositionality), searches them interleaved a slice of steps at a time, and stops at the
// first illegal one. Budgets of steps, time and memory turn a search too big into 'unknown'.
//
//   const result = checkOperations(registerModel, history.operations(), { timeMs: 5_000 });
//   if (result.verdict === 'illegal') writeTimeline(registerModel, operations, result);

import { systemClock, type Clock } from '../clock.ts';
import { PartitionSearch } from './search.ts';
import { unknownOutput, type Model, type Operation } from './model.ts';

export interface CheckOptions {
  /** total search steps over all partitions (default 20 million) */
  readonly stepsMax?: number;
  /** wall time, read from clock (default 10 s) */
  readonly timeMs?: number;
  /** bytes the search's caches may hold over all partitions, roughly (default 256 MiB) */
  readonly cacheBytesMax?: number;
  /** steps a partition runs before the next gets its turn (default 10 000) */
  readonly sliceSteps?: number;
  /** false checks the history as one partition even if the model has partitionKey */
  readonly partition?: boolean;
  readonly clock?: Clock;
}

export interface CheckStatistics {
  readonly steps: number;
  readonly elapsedMs: number;
  readonly partitions: number;
}

/** Why a history is not linearizable: the deepest linearization of its illegal partition. */
export interface Witness<Input, Output> {
  /** the operations of the illegal partition, in the order given */
  readonly partition: readonly Operation<Input, Output>[];
  /** the longest linearizable prefix found, in linearization order */
  readonly linearized: readonly Operation<Input, Output>[];
  /** an operation that cannot be placed after that prefix (its return came first) */
  readonly blocked: Operation<Input, Output>;
}

export type CheckResult<Input, Output> =
  | (CheckStatistics & { readonly verdict: 'ok' })
  | (CheckStatistics & { readonly verdict: 'illegal'; readonly witness: Witness<Input, Output> })
  | (CheckStatistics & { readonly verdict: 'unknown'; readonly reason: 'steps' | 'time' | 'memory' });

export const defaultCheckOptions = {
  stepsMax: 20_000_000,
  timeMs: 10_000,
  cacheBytesMax: 256 * 1024 * 1024,
  sliceSteps: 10_000,
} as const;

/** Checks that operations, run concurrently, are linearizable with respect to model. */
export function checkOperations<State, Input, Output>(
  model: Model<State, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  options: CheckOptions = {},
): CheckResult<Input, Output> {
  operations.forEach(validateOperation);
  const clock = options.clock ?? systemClock;
  const startMs = clock.now();
  const stepsMax = positive(options.stepsMax ?? defaultCheckOptions.stepsMax, 'stepsMax');
  const timeMs = positive(options.timeMs ?? defaultCheckOptions.timeMs, 'timeMs');
  const cacheBytesMax = positive(options.cacheBytesMax ?? defaultCheckOptions.cacheBytesMax, 'cacheBytesMax');
  const sliceSteps = positive(options.sliceSteps ?? defaultCheckOptions.sliceSteps, 'sliceSteps');
  const partitions = partitionOperations(model, operations, options.partition ?? true);
  const searches = partitions.map((part) => new PartitionSearch(model, part));
  const statistics = (): CheckStatistics => ({
    steps: searches.reduce((sum, search) => sum + search.steps, 0),
    elapsedMs: clock.now() - startMs,
    partitions: partitions.length,
  });
  let active = searches.filter((search) => search.status === 'running');
  let stepsTotal = 0;
  while (active.length > 0) {
    for (const search of active) {
      const stepsLeft = stepsMax - stepsTotal;
      if (stepsLeft <= 0) return { verdict: 'unknown', reason: 'steps', ...statistics() };
      const stepsBefore = search.steps;
      const status = search.advance(Math.min(sliceSteps, stepsLeft));
      stepsTotal += search.steps - stepsBefore;
      if (status === 'illegal') {
        const index = searches.indexOf(search);
        return { verdict: 'illegal', witness: witnessOf(search, partitions[index] ?? []), ...statistics() };
      }
    }
    active = active.filter((search) => search.status === 'running');
    if (active.length === 0) break;
    if (searches.reduce((sum, search) => sum + search.cacheBytes, 0) > cacheBytesMax) return { verdict: 'unknown', reason: 'memory', ...statistics() };
    if (clock.now() - startMs > timeMs) return { verdict: 'unknown', reason: 'time', ...statistics() };
  }
  return { verdict: 'ok', ...statistics() };
}

/** The history split by the model's partition key, each part in the order given. */
export function partitionOperations<Input, Output>(
  model: Model<unknown, Input, Output>,
  operations: readonly Operation<Input, Output>[],
  partition = true,
): Operation<Input, Output>[][] {
  const keyOf = model.partitionKey;
  if (!partition || keyOf === undefined) return operations.length === 0 ? [] : [[...operations]];
  const parts = new Map<string | number, Operation<Input, Output>[]>();
  for (const operation of operations) {
    const key = keyOf.call(model, operation.input);
    const part = parts.get(key);
    if (part === undefined) parts.set(key, [operation]);
    else part.push(operation);
  }
  return [...parts.values()];
}

function witnessOf<State, Input, Output>(search: PartitionSearch<State, Input, Output>, partition: readonly Operation<Input, Output>[]): Witness<Input, Output> {
  const witness = search.witness;
  if (witness === undefined) throw new Error('linearizability: an illegal search must have a witness');
  const at = (index: number): Operation<Input, Output> => partition[index] as Operation<Input, Output>;
  return { partition, linearized: witness.linearized.map(at), blocked: at(witness.blocked) };
}

function positive(value: number, name: string): number {
  if (!(value > 0)) throw new RangeError(`linearizability.checkOperations: expected ${name} > 0, got ${value}`);
  return value;
}

function validateOperation(operation: Operation<unknown, unknown>, index: number): void {
  const unknown = operation.output === unknownOutput;
  if (!Number.isFinite(operation.callMs)) {
    throw new RangeError(`linearizability.checkOperations: expected a finite callMs, got ${operation.callMs} (operation ${index})`);
  }
  if (unknown ? operation.returnMs !== Infinity : !(operation.returnMs >= operation.callMs && Number.isFinite(operation.returnMs))) {
    const expected = unknown ? 'returnMs = Infinity for an unknown outcome' : 'a finite returnMs >= callMs';
    throw new RangeError(`linearizability.checkOperations: expected ${expected}, got ${operation.returnMs} (operation ${index})`);
  }
}
