// The shipped models, one step at a time, and in small histories: each output a sequential
// object could give is legal, each other one illegal; unknown outputs take effect silently;
// states hash and compare by value; operations describe themselves for the timeline.

import { describe, expect, test } from 'vitest';
import { checkOperations } from './linearizability/checker.ts';
import { describeOperation, hashPrimitive, hashString, illegal, unknownOutput, type Model, type Operation } from './linearizability/model.ts';
import { appendMapModel, keyValueModel, queueModel, registerModel } from './linearizability/models.ts';

/** Steps a model through inputs with outputs, from its initial state; the last state, or illegal. */
function run<S, I, O>(model: Model<S, I, O>, steps: readonly (readonly [I, O | typeof unknownOutput])[]): S | typeof illegal {
  let state = model.init();
  for (const [input, output] of steps) {
    const next = model.step(state, input, output);
    if (next === illegal) return illegal;
    state = next;
  }
  return state;
}

describe('registerModel', () => {
  test('reads see the last write; a read expecting another value is illegal', () => {
    expect(run(registerModel, [[{ kind: 'write', value: 'a' }, 'ok'], [{ kind: 'read' }, { value: 'a' }]])).toBe('a');
    expect(run(registerModel, [[{ kind: 'read' }, { value: 'a' }]])).toBe(illegal);
    expect(run(registerModel, [[{ kind: 'read' }, 'ok']])).toBe(illegal);
    expect(run(registerModel, [[{ kind: 'cas', expected: null, value: 1 }, 'ok']])).toBe(illegal);
  });

  test('describes its operations and states', () => {
    const describe = (input: Parameters<typeof registerModel.describeInput>[0], output: Parameters<typeof registerModel.describeOutput>[0]) =>
      describeOperation(registerModel, { clientId: 0, input, output, callMs: 0, returnMs: 1 });
    expect(describe({ kind: 'read' }, { value: null })).toBe('read() -> null');
    expect(describe({ kind: 'write', value: 3 }, 'ok')).toBe('write(3) -> ok');
    expect(describe({ kind: 'cas', expected: 1, value: 2 }, { swapped: true })).toBe('cas(1, 2) -> swapped');
    expect(describe({ kind: 'cas', expected: 1, value: 2 }, { swapped: false })).toBe('cas(1, 2) -> failed');
    expect(describeOperation(registerModel, { clientId: 0, input: { kind: 'read' }, output: unknownOutput, callMs: 0, returnMs: Infinity })).toBe('read() -> ?');
    expect(registerModel.describeState?.(null)).toBe('null');
  });
});

describe('appendMapModel', () => {
  test('a missing key reads as the empty string; append concatenates; put replaces', () => {
    const state = run(appendMapModel, [
      [{ kind: 'get', key: 'k' }, { value: '' }],
      [{ kind: 'append', key: 'k', value: 'a' }, 'ok'],
      [{ kind: 'append', key: 'k', value: 'b' }, unknownOutput],
      [{ kind: 'get', key: 'k' }, { value: 'ab' }],
      [{ kind: 'put', key: 'j', value: 'z' }, 'ok'],
      [{ kind: 'get', key: 'k' }, unknownOutput],
    ]);
    expect(state).toEqual(new Map([['k', 'ab'], ['j', 'z']]));
    expect(run(appendMapModel, [[{ kind: 'get', key: 'k' }, { value: 'x' }]])).toBe(illegal);
    expect(run(appendMapModel, [[{ kind: 'get', key: 'k' }, 'ok']])).toBe(illegal);
  });

  test('states hash and compare by content, whatever order keys were written in', () => {
    const left = new Map([['a', '1'], ['b', '2']]);
    const right = new Map([['b', '2'], ['a', '1']]);
    expect(appendMapModel.equal(left, right)).toBe(true);
    expect(appendMapModel.hash(left)).toBe(appendMapModel.hash(right));
    expect(appendMapModel.equal(left, new Map([['a', '1']]))).toBe(false);
    expect(appendMapModel.equal(left, new Map([['a', '1'], ['b', '3']]))).toBe(false);
    expect(appendMapModel.describeState?.(left)).toBe('{"a":"1","b":"2"}');
    expect(appendMapModel.describeInput({ kind: 'append', key: 'a', value: 'x' })).toBe('append(a, "x")');
    expect(appendMapModel.describeInput({ kind: 'get', key: 'a' })).toBe('get(a)');
    expect(appendMapModel.describeOutput({ value: 'x' })).toBe('"x"');
    expect(appendMapModel.describeOutput('ok')).toBe('ok');
  });
});

describe('keyValueModel', () => {
  test('get sees set values and undefined for missing keys; delete says whether the key existed', () => {
    expect(
      run(keyValueModel, [
        [{ kind: 'get', key: 'k' }, { value: undefined }],
        [{ kind: 'delete', key: 'k' }, { existed: false }],
        [{ kind: 'set', key: 'k', value: 'v' }, 'ok'],
        [{ kind: 'get', key: 'k' }, { value: 'v' }],
        [{ kind: 'delete', key: 'k' }, { existed: true }],
        [{ kind: 'get', key: 'k' }, { value: undefined }],
      ]),
    ).toEqual(new Map());
    expect(run(keyValueModel, [[{ kind: 'delete', key: 'k' }, { existed: true }]])).toBe(illegal);
    expect(run(keyValueModel, [[{ kind: 'delete', key: 'k' }, 'ok']])).toBe(illegal);
    expect(run(keyValueModel, [[{ kind: 'get', key: 'k' }, { value: '' }]])).toBe(illegal);
    expect(run(keyValueModel, [[{ kind: 'get', key: 'k' }, 'ok']])).toBe(illegal);
  });

  test('unknown outcomes take effect when they may', () => {
    expect(run(keyValueModel, [[{ kind: 'set', key: 'k', value: 'v' }, 'ok'], [{ kind: 'delete', key: 'k' }, unknownOutput]])).toEqual(new Map());
    expect(run(keyValueModel, [[{ kind: 'delete', key: 'k' }, unknownOutput], [{ kind: 'get', key: 'k' }, unknownOutput]])).toEqual(new Map());
  });

  test('describes its operations', () => {
    expect(keyValueModel.describeInput({ kind: 'set', key: 'k', value: 'v' })).toBe('set(k, "v")');
    expect(keyValueModel.describeInput({ kind: 'delete', key: 'k' })).toBe('delete(k)');
    expect(keyValueModel.describeOutput({ value: undefined })).toBe('missing');
    expect(keyValueModel.describeOutput({ value: 'v' })).toBe('"v"');
    expect(keyValueModel.describeOutput({ existed: true })).toBe('deleted');
    expect(keyValueModel.describeOutput({ existed: false })).toBe('missing');
    expect(keyValueModel.describeOutput('ok')).toBe('ok');
  });

  test('a lost set that a later get observes is linearizable only after its call', () => {
    const set: Operation<Parameters<typeof keyValueModel.describeInput>[0], Parameters<typeof keyValueModel.describeOutput>[0]> = {
      clientId: 0,
      input: { kind: 'set', key: 'k', value: 'v' },
      callMs: 5,
      returnMs: Infinity,
      output: unknownOutput,
    };
    const getAt = (callMs: number) => ({ clientId: 1, input: { kind: 'get' as const, key: 'k' }, callMs, returnMs: callMs + 1, output: { value: 'v' } });
    expect(checkOperations(keyValueModel, [set, getAt(6)]).verdict).toBe('ok');
    expect(checkOperations(keyValueModel, [set, getAt(1)]).verdict).toBe('illegal');
  });
});

describe('queueModel', () => {
  test('dequeues in enqueue order and reports empty on an empty queue', () => {
    const queue = queueModel();
    expect(
      run(queue, [
        [{ kind: 'dequeue' }, 'empty'],
        [{ kind: 'enqueue', value: 1 }, 'ok'],
        [{ kind: 'enqueue', value: 'two' }, 'ok'],
        [{ kind: 'dequeue' }, { value: 1 }],
      ]),
    ).toEqual(['two']);
    expect(run(queue, [[{ kind: 'dequeue' }, { value: 1 }]])).toBe(illegal);
    expect(run(queue, [[{ kind: 'enqueue', value: 1 }, 'ok'], [{ kind: 'dequeue' }, 'empty']])).toBe(illegal);
    expect(run(queue, [[{ kind: 'enqueue', value: 1 }, 'ok'], [{ kind: 'enqueue', value: 2 }, 'ok'], [{ kind: 'dequeue' }, { value: 2 }]])).toBe(illegal);
    expect(run(queue, [[{ kind: 'enqueue', value: 1 }, unknownOutput], [{ kind: 'dequeue' }, unknownOutput], [{ kind: 'dequeue' }, unknownOutput]])).toEqual([]);
    expect(queue.name).toBe('queue');
  });

  test('a bounded queue refuses with full and changes nothing', () => {
    const queue = queueModel(1);
    expect(queue.name).toBe('queue of capacity 1');
    expect(run(queue, [[{ kind: 'enqueue', value: 1 }, 'ok'], [{ kind: 'enqueue', value: 2 }, 'full']])).toEqual([1]);
    expect(run(queue, [[{ kind: 'enqueue', value: 1 }, 'ok'], [{ kind: 'enqueue', value: 2 }, 'ok']])).toBe(illegal);
    expect(run(queue, [[{ kind: 'enqueue', value: 1 }, 'ok'], [{ kind: 'enqueue', value: 2 }, unknownOutput]])).toEqual([1]);
  });

  test('states hash and compare by content; operations describe themselves', () => {
    const queue = queueModel();
    expect(queue.equal([1, 'a'], [1, 'a'])).toBe(true);
    expect(queue.equal([1, 'a'], [1, 'b'])).toBe(false);
    expect(queue.equal([1], [1, 1])).toBe(false);
    expect(queue.hash([1, 'a'])).toBe(queue.hash([1, 'a']));
    expect(queue.hash([1, 2])).not.toBe(queue.hash([2, 1]));
    expect(queue.describeInput({ kind: 'enqueue', value: 'x' })).toBe('enqueue("x")');
    expect(queue.describeInput({ kind: 'dequeue' })).toBe('dequeue()');
    expect(queue.describeOutput({ value: 3 })).toBe('3');
    expect(queue.describeOutput('empty')).toBe('empty');
    expect(queue.describeState?.([1, 2])).toBe('[1,2]');
  });
});

describe('hashing', () => {
  test('distinguishes values of different types and is stable', () => {
    const hashes = [hashPrimitive(null), hashPrimitive(undefined), hashPrimitive(true), hashPrimitive(false), hashPrimitive(1), hashPrimitive('1'), hashPrimitive(1.5)];
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
    expect(Number.isInteger(hashPrimitive(2 ** 40))).toBe(true);
  });
});
