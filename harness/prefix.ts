// The crash check of durable systems: after a crash a system must hold the state its model
// reaches after some prefix of the calls made (numbered in call order), a prefix at least as
// long as the last acknowledged call. kv-wal and bank both judge recoveries this way.

/** one past the last acknowledged call: the shortest prefix a recovered state may be */
export function shortestAllowedPrefix(acknowledged: Iterable<number>): number {
  let shortest = 0;
  for (const index of acknowledged) shortest = Math.max(shortest, index + 1);
  return shortest;
}

/** a fresh model that calls are applied to in order, and its state as comparable text */
export interface PrefixModel<Call> {
  apply(call: Call): unknown;
  state(): string;
}

/**
 * The prefix lengths, from `shortest` on, after which the model's state equals `recovered`;
 * empty means the recovered state is no allowed prefix.
 */
export function matchingPrefixes<Call>(calls: readonly Call[], shortest: number, model: PrefixModel<Call>, recovered: string): number[] {
  const matches: number[] = [];
  for (let length = 0; length <= calls.length; length += 1) {
    if (length >= shortest && model.state() === recovered) matches.push(length);
    const next = calls[length];
    if (next !== undefined) model.apply(next);
  }
  return matches;
}
