// An incremental oracle for a streaming top-k over thousands of adds, where the spec's model
// (a full sort per add) would be quadratic: the held items in one array, best first, a newcomer
// placed after every held item of an equal or higher score, the last dropped past k.

export class HeldOracle<T> {
  readonly #held: { readonly item: T; readonly score: number }[] = [];

  constructor(readonly k: number) {}

  get size(): number {
    return this.#held.length;
  }

  lowestScore(): number | undefined {
    return this.#held.at(-1)?.score;
  }

  /** whether the item is held right after */
  add(item: T, score: number): boolean {
    const held = this.#held;
    const full = held.length === this.k;
    if (this.k === 0 || (full && !(score > (held.at(-1)?.score as number)))) return false;
    // the first held item with a strictly lower score: the newcomer goes just before it
    let low = 0;
    let high = held.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((held[middle]?.score as number) >= score) low = middle + 1;
      else high = middle;
    }
    held.splice(low, 0, { item, score });
    if (held.length > this.k) held.pop();
    return true;
  }
}
