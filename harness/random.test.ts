import { describe, expect, test } from 'vitest';
import { seededUint32, seededUnit } from './random.ts';

describe('seeded generators', () => {
  test('the same seed gives the same sequence, another seed another one', () => {
    const take = (next: () => number) => Array.from({ length: 5 }, next);
    expect(take(seededUint32(42))).toEqual(take(seededUint32(42)));
    expect(take(seededUint32(42))).not.toEqual(take(seededUint32(43)));
  });

  test('values stay in range and spread over it', () => {
    const unit = seededUnit(7);
    const uint = seededUint32(7);
    const units = Array.from({ length: 10_000 }, unit);
    expect(units.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(Array.from({ length: 1000 }, uint).every((value) => Number.isInteger(value) && value >= 0 && value < 2 ** 32)).toBe(true);
    // each tenth of [0, 1) gets roughly a tenth of the draws
    const buckets = new Array<number>(10).fill(0);
    for (const value of units) buckets[Math.floor(value * 10)] = (buckets[Math.floor(value * 10)] as number) + 1;
    for (const count of buckets) expect(count).toBeGreaterThan(800);
  });
});
