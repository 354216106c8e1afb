// A small seeded generator (mulberry32) for data that must be the same on every run: benchmark
// workloads and large scenario inputs. Properties draw from fast-check instead, whose seed the
// grader controls; this is for inputs outside a property.

/** Returns a generator of uniformly distributed unsigned 32-bit integers. */
export function seededUint32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return (mixed ^ (mixed >>> 14)) >>> 0;
  };
}

/** Returns a generator of numbers uniformly distributed in [0, 1). */
export function seededUnit(seed: number): () => number {
  const next = seededUint32(seed);
  return () => next() / 4_294_967_296;
}
