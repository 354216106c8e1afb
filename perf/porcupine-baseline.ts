// The baseline of the linearizability gate: a plain JavaScript rendering of Porcupine's checker
// (anishathalye/porcupine, checker.go) written from its algorithm: Wing & Gong's search over a
// linked list of call/return entries with undo, and Lowe's cache of (bitset, state) keyed by the bitset's hash.

/** Porcupine's etcd model: state is an integer, nil is a sentinel; unknown outputs always step. */
export interface EtcdInput {
  readonly op: 0 | 1 | 2;
  readonly arg1: number;
  readonly arg2: number;
}
export interface EtcdOutput {
  readonly ok: boolean;
  readonly exists: boolean;
  readonly value: number;
  readonly unknown: boolean;
}
export const nilValue = -1_000_000;

export interface PorcupineOperation {
  readonly input: EtcdInput;
  readonly output: EtcdOutput;
  readonly call: number;
  readonly return: number;
}

function etcdStep(state: number, input: EtcdInput, output: EtcdOutput): [boolean, number] {
  if (input.op === 0) {
    const ok = (!output.exists && state === nilValue) || (output.exists && state === output.value) || output.unknown;
    return [ok, state];
  }
  if (input.op === 1) return [true, input.arg1];
  const ok = (input.arg1 === state && output.ok) || (input.arg1 !== state && !output.ok) || output.unknown;
  return [ok, input.arg1 === state ? input.arg2 : state];
}

/** Go's []uint64 as 32-bit words in a plain array (small integers, cheap to clone), signed as JS bit operations give them */
class Bitset {
  constructor(readonly words: number[]) {}
  static ofSize(bits: number): Bitset {
    return new Bitset(new Array<number>(Math.ceil(bits / 32)).fill(0));
  }
  clone(): Bitset {
    return new Bitset(this.words.slice());
  }
  set(bit: number): Bitset {
    this.words[bit >>> 5] = (this.words[bit >>> 5] as number) | (1 << (bit & 31));
    return this;
  }
  clear(bit: number): Bitset {
    this.words[bit >>> 5] = (this.words[bit >>> 5] as number) & ~(1 << (bit & 31));
    return this;
  }
  /** Go's bits.OnesCount64 is one instruction; this is the usual constant-time bit trick per word */
  popcount(): number {
    let count = 0;
    for (let index = 0; index < this.words.length; index++) {
      let word = this.words[index] as number;
      word -= (word >>> 1) & 0x55555555;
      word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
      count += Math.imul((word + (word >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    return count;
  }
  hash(): number {
    let hash = this.popcount();
    for (let index = 0; index < this.words.length; index++) hash ^= this.words[index] as number;
    return hash;
  }
  equals(other: Bitset): boolean {
    for (let index = 0; index < this.words.length; index++) if (this.words[index] !== other.words[index]) return false;
    return true;
  }
}

interface Entry {
  readonly kind: 'call' | 'return';
  readonly value: EtcdInput | EtcdOutput;
  readonly id: number;
  readonly time: number;
}

interface ListNode {
  value: EtcdInput | EtcdOutput | undefined;
  match: ListNode | undefined;
  id: number;
  next: ListNode | undefined;
  prev: ListNode | undefined;
}

function makeEntries(history: readonly PorcupineOperation[]): Entry[] {
  const entries: Entry[] = [];
  history.forEach((operation, id) => {
    entries.push({ kind: 'call', value: operation.input, id, time: operation.call });
    entries.push({ kind: 'return', value: operation.output, id, time: operation.return });
  });
  return entries.sort((left, right) => left.time - right.time || (left.kind === right.kind ? 0 : left.kind === 'call' ? -1 : 1));
}

/** Builds the list back to front, as Porcupine does, pairing each call with its return. */
function makeLinkedEntries(entries: readonly Entry[]): ListNode | undefined {
  let root: ListNode | undefined;
  const matches = new Map<number, ListNode>();
  for (let index = entries.length - 1; index >= 0; index--) {
    const entry = entries[index] as Entry;
    const node: ListNode = { value: entry.value, match: undefined, id: entry.id, next: root, prev: undefined };
    if (entry.kind === 'return') matches.set(entry.id, node);
    else node.match = matches.get(entry.id);
    if (root !== undefined) root.prev = node;
    root = node;
  }
  return root;
}

function lift(entry: ListNode): void {
  (entry.prev as ListNode).next = entry.next;
  if (entry.next !== undefined) entry.next.prev = entry.prev;
  const match = entry.match as ListNode;
  (match.prev as ListNode).next = match.next;
  if (match.next !== undefined) match.next.prev = match.prev;
}

function unlift(entry: ListNode): void {
  const match = entry.match as ListNode;
  (match.prev as ListNode).next = match;
  if (match.next !== undefined) match.next.prev = match;
  (entry.prev as ListNode).next = entry;
  if (entry.next !== undefined) entry.next.prev = entry;
}

interface CacheEntry {
  readonly linearized: Bitset;
  readonly state: number;
}

function cacheContains(cache: Map<number, CacheEntry[]>, candidate: CacheEntry): boolean {
  const bucket = cache.get(candidate.linearized.hash());
  if (bucket === undefined) return false;
  for (const entry of bucket) {
    if (candidate.linearized.equals(entry.linearized) && candidate.state === entry.state) return true;
  }
  return false;
}

/** Porcupine's checkSingle: true when the history is linearizable. */
export function porcupineCheck(history: readonly PorcupineOperation[]): boolean {
  let entry = makeLinkedEntries(makeEntries(history));
  const linearized = Bitset.ofSize(history.length);
  const cache = new Map<number, CacheEntry[]>();
  const calls: { entry: ListNode; state: number }[] = [];
  let state = nilValue;
  const head: ListNode = { value: undefined, match: undefined, id: -1, next: entry, prev: undefined };
  if (entry !== undefined) entry.prev = head;
  while (head.next !== undefined) {
    const current = entry as ListNode;
    if (current.match !== undefined) {
      const [ok, newState] = etcdStep(state, current.value as EtcdInput, current.match.value as EtcdOutput);
      if (ok) {
        const newLinearized = linearized.clone().set(current.id);
        const candidate = { linearized: newLinearized, state: newState };
        if (!cacheContains(cache, candidate)) {
          const hash = newLinearized.hash();
          const bucket = cache.get(hash);
          if (bucket === undefined) cache.set(hash, [candidate]);
          else bucket.push(candidate);
          calls.push({ entry: current, state });
          state = newState;
          linearized.set(current.id);
          lift(current);
          entry = head.next;
        } else {
          entry = current.next;
        }
      } else {
        entry = current.next;
      }
    } else {
      const top = calls.pop();
      if (top === undefined) return false;
      entry = top.entry;
      state = top.state;
      linearized.clear(entry.id);
      unlift(entry);
      entry = entry.next;
    }
  }
  return true;
}
