import { describe, expect, test } from 'vitest';
import { describeValue, guard, ImplementationFault } from './guard.ts';

class Counter {
  #count = 0;
  increment(): number {
    return ++this.#count;
  }
  get count(): number {
    return this.#count;
  }
  fail(): never {
    throw 'plain string';
  }
  failProperly(): never {
    throw new RangeError('counter.fail: expected nothing');
  }
  async reject(value: unknown): Promise<never> {
    throw value;
  }
}

describe('guard', () => {
  test('turns a function that throws a non-Error into an ImplementationFault naming it', () => {
    const factory = guard((): never => {
      throw 42;
    }, 'toy factory');
    expect(() => factory()).toThrow(ImplementationFault);
    expect(() => factory()).toThrow('toy factory threw a non-Error value: 42');
  });

  test('lets Errors through unchanged, and keeps working objects working (private fields too)', () => {
    const counter = guard(() => new Counter(), 'toy factory')();
    expect(counter.increment()).toBe(1);
    expect(counter.increment()).toBe(2);
    expect(counter.count).toBe(2);
    expect(counter instanceof Counter).toBe(true);
    expect(() => counter.failProperly()).toThrow(RangeError);
  });

  test('guards the methods of what the factory returns, sync and async', async () => {
    const counter = guard(() => new Counter(), 'toy factory')();
    expect(() => counter.fail()).toThrow('toy factory(...).fail threw a non-Error value');
    await expect(counter.reject({ code: 1 })).rejects.toBeInstanceOf(ImplementationFault);
    const cause = new TypeError('real error');
    await expect(counter.reject(cause)).rejects.toBe(cause);
  });

  test('guards promises a function returns, and passes through plain values and collections', async () => {
    const rejecting = guard(() => Promise.reject('nope'), 'toy');
    await expect(rejecting()).rejects.toBeInstanceOf(ImplementationFault);
    await expect(guard(() => Promise.resolve(5), 'toy')()).resolves.toBe(5);
    const map = new Map([[1, 2]]);
    expect(guard(() => map, 'toy')()).toBe(map);
    expect(guard(7, 'toy')).toBe(7);
  });

  test('supports new, passes this through, and wraps a value only once', () => {
    function Point(this: { x: number }, x: number) {
      this.x = x;
    }
    const Guarded = guard(Point as unknown as new (x: number) => { x: number }, 'toy');
    expect(new Guarded(3).x).toBe(3);
    const object = { base: 10, add(this: { base: number }, value: number) { return this.base + value; } };
    const add = guard(object.add, 'toy');
    expect(add.call(object, 5)).toBe(15);
    expect(guard(object.add, 'toy')).toBe(add);
  });
});

describe('describeValue', () => {
  test('gives an Error as name and message, without its stack, and inspects anything else on one line', () => {
    expect(describeValue(new TypeError('bad\nthing'))).toBe('TypeError: bad\nthing');
    expect(describeValue({ code: 1, nested: { list: [1, 2] } })).toBe('{ code: 1, nested: { list: [ 1, 2 ] } }');
    expect(describeValue('text')).toBe("'text'");
  });
});
