// The history recorder: calls and returns stamped in order by a logical or injected clock that
// never runs backwards, outcomes of throws and unfinished calls unknown, a cap on size, and misuse.

import { describe, expect, test } from 'vitest';
import { VirtualClock } from './clock.ts';
import { HistoryRecorder, logicalClock } from './history.ts';
import { checkOperations } from './linearizability/checker.ts';
import { unknownOutput } from './linearizability/model.ts';
import { registerModel, type RegisterInput, type RegisterOutput } from './linearizability/models.ts';

describe('HistoryRecorder', () => {
  test('stamps calls and returns with a logical clock by default, in the order they happen', () => {
    const history = new HistoryRecorder<RegisterInput, RegisterOutput>();
    const first = history.invoke(0, { kind: 'write', value: 1 });
    const second = history.invoke(1, { kind: 'read' });
    history.ok(second, { value: null });
    history.ok(first, 'ok');
    expect(history.operations()).toEqual([
      { clientId: 0, input: { kind: 'write', value: 1 }, callMs: 0, returnMs: 3, output: 'ok' },
      { clientId: 1, input: { kind: 'read' }, callMs: 1, returnMs: 2, output: { value: null } },
    ]);
    expect(history.size).toBe(2);
    expect(checkOperations(registerModel, history.operations()).verdict).toBe('ok');
  });

  test('an injected clock that steps back is read as standing still', () => {
    const clock = new VirtualClock(100);
    const history = new HistoryRecorder<RegisterInput, RegisterOutput>({ clock });
    const call = history.invoke(0, { kind: 'read' });
    clock.set(40);
    history.ok(call, { value: null });
    const later = history.invoke(0, { kind: 'read' });
    clock.advance(80);
    history.ok(later, { value: null });
    expect(history.operations().map((operation) => [operation.callMs, operation.returnMs])).toEqual([
      [100, 100],
      [100, 120],
    ]);
  });

  test('record: a call that resolves is ok, one that throws is unknown and the error goes on', async () => {
    const history = new HistoryRecorder<RegisterInput, RegisterOutput>();
    await expect(history.record(0, { kind: 'write', value: 2 }, async (): Promise<RegisterOutput> => 'ok')).resolves.toBe('ok');
    await expect(history.record(1, { kind: 'write', value: 3 }, () => Promise.reject(new Error('timed out')))).rejects.toThrow('timed out');
    await expect(
      history.record(2, { kind: 'read' }, () => {
        throw new Error('crashed');
      }),
    ).rejects.toThrow('crashed');
    const [written, lost, crashed] = history.operations();
    expect(written).toMatchObject({ output: 'ok', returnMs: 1 });
    expect(lost).toMatchObject({ output: unknownOutput, returnMs: Infinity });
    expect(crashed).toMatchObject({ output: unknownOutput, returnMs: Infinity });
  });

  test('calls not yet returned are of unknown outcome; unknown marks one explicitly', () => {
    const history = new HistoryRecorder<RegisterInput, RegisterOutput>();
    history.invoke(0, { kind: 'write', value: 1 });
    history.unknown(history.invoke(1, { kind: 'write', value: 2 }));
    expect(history.operations().map((operation) => operation.output)).toEqual([unknownOutput, unknownOutput]);
  });

  test('settling a call twice, or one never made, is misuse', () => {
    const history = new HistoryRecorder<RegisterInput, RegisterOutput>();
    const call = history.invoke(0, { kind: 'read' });
    history.ok(call, { value: null });
    expect(() => history.ok(call, { value: null })).toThrow(/history.ok: expected a pending call, got call 0, already settled/);
    expect(() => history.unknown({ index: 7 })).toThrow(RangeError);
  });

  test('records at most operationsMax operations', () => {
    const history = new HistoryRecorder<RegisterInput, RegisterOutput>({ operationsMax: 1 });
    history.invoke(0, { kind: 'read' });
    expect(() => history.invoke(0, { kind: 'read' })).toThrow(/expected at most 1 operations/);
    expect(() => new HistoryRecorder({ operationsMax: 0 })).toThrow(RangeError);
  });

  test('the logical clock counts up from zero', () => {
    const clock = logicalClock();
    expect([clock.now(), clock.now(), clock.now()]).toEqual([0, 1, 2]);
  });
});
