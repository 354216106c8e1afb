// The checker on tiny hand-made histories whose verdicts are obvious: what must be linearizable,
// what must not, operations of unknown outcome that must or cannot take effect, budgets that
// run out, partitions, the witness, and misuse of the API.

import { describe, expect, test } from 'vitest';
import type { Clock } from './clock.ts';
import * as linearizability from './linearizability/index.ts';
import { checkOperations, partitionOperations, type CheckResult } from './linearizability/checker.ts';
import { unknownOutput, type Operation } from './linearizability/model.ts';
import { appendMapModel, registerModel, type RegisterInput, type RegisterOutput } from './linearizability/models.ts';

type RegisterOperation = Operation<RegisterInput, RegisterOutput>;

const write = (clientId: number, value: number, callMs: number, returnMs: number): RegisterOperation => ({
  clientId,
  input: { kind: 'write', value },
  callMs,
  returnMs,
  output: 'ok',
});
const read = (clientId: number, value: number | null, callMs: number, returnMs: number): RegisterOperation => ({
  clientId,
  input: { kind: 'read' },
  callMs,
  returnMs,
  output: { value },
});
const unknownWrite = (clientId: number, value: number, callMs: number): RegisterOperation => ({
  clientId,
  input: { kind: 'write', value },
  callMs,
  returnMs: Infinity,
  output: unknownOutput,
});

function illegalWitness<I, O>(result: CheckResult<I, O>) {
  if (result.verdict !== 'illegal') throw new Error(`expected illegal, got ${result.verdict}`);
  return result.witness;
}

describe('checkOperations on a register', () => {
  test('an empty history and a sequential one are linearizable', () => {
    expect(checkOperations(registerModel, []).verdict).toBe('ok');
    expect(checkOperations(registerModel, [read(0, null, 0, 1), write(0, 1, 2, 3), read(1, 1, 4, 5)]).verdict).toBe('ok');
  });

  test('a read of a value never written, or of a stale value after a later write returned, is illegal', () => {
    expect(checkOperations(registerModel, [read(0, 7, 0, 1)]).verdict).toBe('illegal');
    const stale = [write(0, 1, 0, 1), write(0, 2, 2, 3), read(1, 1, 4, 5)];
    const witness = illegalWitness(checkOperations(registerModel, stale));
    expect(witness.linearized).toEqual([stale[0], stale[1]]);
    expect(witness.blocked).toBe(stale[2]);
    expect(witness.partition).toEqual(stale);
  });

  test('overlapping operations may take effect in either order; intervals are closed', () => {
    expect(checkOperations(registerModel, [write(0, 1, 0, 10), read(1, 1, 2, 3), read(2, null, 1, 4)]).verdict).toBe('ok');
    // the read's call touches the write's return at 5: they are concurrent, so the read may come first
    expect(checkOperations(registerModel, [write(0, 1, 0, 5), read(1, null, 5, 6)]).verdict).toBe('ok');
    expect(checkOperations(registerModel, [write(0, 1, 0, 4), read(1, null, 5, 6)]).verdict).toBe('illegal');
  });

  test('an operation of unknown outcome may take effect after its call when a read shows it did', () => {
    expect(checkOperations(registerModel, [unknownWrite(0, 3, 0), read(1, 3, 5, 6)]).verdict).toBe('ok');
    expect(checkOperations(registerModel, [unknownWrite(0, 3, 0), read(1, 3, 5, 6), read(1, null, 7, 8)]).verdict).toBe('illegal');
  });

  test('an operation of unknown outcome may never take effect, but cannot take effect before its call', () => {
    expect(checkOperations(registerModel, [write(0, 1, 0, 1), unknownWrite(1, 2, 2), read(0, 1, 3, 4)]).verdict).toBe('ok');
    expect(checkOperations(registerModel, [read(0, 2, 0, 1), unknownWrite(1, 2, 2)]).verdict).toBe('illegal');
  });

  test('compare-and-set swaps only on an equal value, and a failed one changes nothing', () => {
    const cas = (expected: number | null, value: number, swapped: boolean, callMs: number): RegisterOperation => ({
      clientId: 0,
      input: { kind: 'cas', expected, value },
      callMs,
      returnMs: callMs + 1,
      output: { swapped },
    });
    expect(checkOperations(registerModel, [cas(null, 1, true, 0), cas(2, 3, false, 2), read(0, 1, 4, 5)]).verdict).toBe('ok');
    expect(checkOperations(registerModel, [cas(null, 1, false, 0)]).verdict).toBe('illegal');
    expect(checkOperations(registerModel, [cas(5, 1, true, 0)]).verdict).toBe('illegal');
    const unknownCas: RegisterOperation = { clientId: 1, input: { kind: 'cas', expected: null, value: 9 }, callMs: 0, returnMs: Infinity, output: unknownOutput };
    expect(checkOperations(registerModel, [unknownCas, read(0, 9, 2, 3)]).verdict).toBe('ok');
    expect(checkOperations(registerModel, [write(0, 4, 0, 1), unknownCas, read(0, 9, 2, 3)]).verdict).toBe('illegal');
  });

  test('a read of unknown outcome constrains nothing', () => {
    const lostRead: RegisterOperation = { clientId: 0, input: { kind: 'read' }, callMs: 0, returnMs: Infinity, output: unknownOutput };
    expect(checkOperations(registerModel, [lostRead, write(1, 1, 1, 2)]).verdict).toBe('ok');
  });
});

/** Two clients that each write then read their own value, racing: linearizable but with many orders to try. */
function raceHistory(rounds: number): RegisterOperation[] {
  const operations: RegisterOperation[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let client = 0; client < 4; client++) operations.push(write(client, client, round * 10, round * 10 + 8));
    operations.push(read(4, round % 4, round * 10 + 1, round * 10 + 9));
  }
  return operations;
}

describe('budgets', () => {
  test('a step budget that runs out gives unknown, never a verdict', () => {
    const result = checkOperations(registerModel, raceHistory(20), { stepsMax: 5, sliceSteps: 2 });
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'steps', steps: 5 });
    expect(checkOperations(registerModel, raceHistory(20)).verdict).toBe('ok');
  });

  test('a time budget that runs out gives unknown, timed by the injected clock', () => {
    let nowMs = 0;
    const clock: Clock = { now: () => (nowMs += 1000) };
    const result = checkOperations(registerModel, raceHistory(20), { timeMs: 1500, sliceSteps: 1, clock });
    expect(result).toMatchObject({ verdict: 'unknown', reason: 'time' });
    expect(result.elapsedMs).toBeGreaterThan(1500);
  });

  test('a memory budget that runs out gives unknown', () => {
    expect(checkOperations(registerModel, raceHistory(20), { cacheBytesMax: 100, sliceSteps: 1 })).toMatchObject({ verdict: 'unknown', reason: 'memory' });
  });

  test('budgets must be positive', () => {
    expect(() => checkOperations(registerModel, [], { stepsMax: 0 })).toThrow(RangeError);
    expect(() => checkOperations(registerModel, [], { timeMs: -1 })).toThrow(/expected timeMs > 0, got -1/);
    expect(() => checkOperations(registerModel, [], { cacheBytesMax: Number.NaN })).toThrow(RangeError);
    expect(() => checkOperations(registerModel, [], { sliceSteps: 0 })).toThrow(RangeError);
  });
});

describe('misuse', () => {
  test('intervals must be finite and ordered; an unknown outcome returns at +Infinity', () => {
    expect(() => checkOperations(registerModel, [read(0, null, Number.NaN, 1)])).toThrow(/expected a finite callMs, got NaN \(operation 0\)/);
    expect(() => checkOperations(registerModel, [read(0, null, 5, 4)])).toThrow(/expected a finite returnMs >= callMs, got 4/);
    expect(() => checkOperations(registerModel, [read(0, null, 0, Infinity)])).toThrow(RangeError);
    expect(() => checkOperations(registerModel, [{ ...unknownWrite(0, 1, 0), returnMs: 3 }])).toThrow(/returnMs = Infinity for an unknown outcome, got 3/);
  });
});

describe('partitions', () => {
  const put = (clientId: number, key: string, value: string, callMs: number) => ({
    clientId,
    input: { kind: 'put' as const, key, value },
    callMs,
    returnMs: callMs + 1,
    output: 'ok' as const,
  });
  const get = (clientId: number, key: string, value: string, callMs: number) => ({
    clientId,
    input: { kind: 'get' as const, key },
    callMs,
    returnMs: callMs + 1,
    output: { value },
  });

  test('a map history splits per key, each part in the order given', () => {
    const history = [put(0, 'a', 'x', 0), put(1, 'b', 'y', 0), get(0, 'a', 'x', 2)];
    expect(partitionOperations(appendMapModel, history)).toEqual([[history[0], history[2]], [history[1]]]);
    expect(partitionOperations(appendMapModel, history, false)).toEqual([history]);
    expect(partitionOperations(registerModel, [])).toEqual([]);
    expect(checkOperations(appendMapModel, history)).toMatchObject({ verdict: 'ok', partitions: 2 });
  });

  test('checking stops at the first illegal partition, before a long one finishes', () => {
    const longPart = raceHistory(30).map((operation) =>
      operation.input.kind === 'write'
        ? put(operation.clientId, 'long', String(operation.input.value), operation.callMs)
        : get(operation.clientId, 'long', String((operation.output as { value: number }).value), operation.callMs),
    );
    const history = [...longPart, get(9, 'bad', 'never written', 0)];
    const alone = checkOperations(appendMapModel, longPart);
    const result = checkOperations(appendMapModel, history, { sliceSteps: 5 });
    expect(alone.verdict).toBe('ok');
    expect(result.verdict).toBe('illegal');
    expect(result.steps).toBeLessThan(alone.steps);
    expect(illegalWitness(result).blocked.input).toEqual({ kind: 'get', key: 'bad' });
  });

  test('without partitioning the verdicts agree', () => {
    const history = [put(0, 'a', 'x', 0), put(1, 'b', 'y', 0), get(0, 'a', 'x', 2), get(1, 'b', 'x', 2)];
    expect(checkOperations(appendMapModel, history).verdict).toBe('illegal');
    expect(checkOperations(appendMapModel, history, { partition: false })).toMatchObject({ verdict: 'illegal', partitions: 1 });
    expect(checkOperations(appendMapModel, history.slice(0, 3), { partition: false }).verdict).toBe('ok');
  });
});

describe('the public face', () => {
  test('index.ts exports the checker, models, timeline and parsers', () => {
    expect(linearizability.checkOperations).toBe(checkOperations);
    expect(linearizability.registerModel).toBe(registerModel);
    expect(linearizability.appendMapModel).toBe(appendMapModel);
    expect(linearizability.keyValueModel.name).toBe('key-value map');
    for (const name of ['partitionOperations', 'queueModel', 'renderTimeline', 'writeTimeline', 'parseEtcdLog', 'parseKvHistory', 'describeOperation', 'hashString', 'hashPrimitive']) {
      expect(typeof (linearizability as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(typeof linearizability.unknownOutput).toBe('symbol');
    expect(linearizability.defaultCheckOptions.stepsMax).toBeGreaterThan(0);
  });
});
