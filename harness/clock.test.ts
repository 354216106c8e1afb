import { describe, expect, test } from 'vitest';
import { VirtualClock, systemClock } from './clock.ts';

describe('VirtualClock', () => {
  test('runs timers in due order as time advances, and not before they are due', () => {
    const clock = new VirtualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    const cancelled = clock.setTimeout(() => fired.push('never'), 15);
    clock.clearTimeout(cancelled);
    clock.advance(9);
    expect(fired).toEqual([]);
    clock.advance(11);
    expect(fired).toEqual(['a@110', 'b@120']);
    expect(clock.now()).toBe(120);
    expect(clock.pendingTimers).toBe(0);
  });

  test('runs timers scheduled by timers within the same advance', () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).toEqual([5, 10]);
  });

  test('set moves time backwards without running timers; bad durations are RangeErrors', () => {
    const clock = new VirtualClock(50);
    clock.set(10);
    expect(clock.now()).toBe(10);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  test('the system clock reads wall time', () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
  });
});
