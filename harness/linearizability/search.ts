// The search for one partition of a history: Wing & Gong's backtracking over the calls that may
// go next, with Lowe's cache of (set of linearized operations, state) pairs already explored.
// It is resumable (advance runs a bounded number of steps) so the checker can interleave
// partitions, and it keeps the longest linearizable prefix it met as the witness of an illegal one.

import { seededUint32 } from '../random.ts';
import { illegal, unknownOutput, type Model, type Operation } from './model.ts';

export type SearchStatus = 'ok' | 'illegal' | 'running';

/** The deepest point the search reached: operations in linearization order, then the one it could not place. */
export interface SearchWitness {
  /** indices into the partition's operations */
  readonly linearized: readonly number[];
  readonly blocked: number;
}

const head = 0;
/** keys of the cache map stay small integers, which V8 stores unboxed */
const keyMask = 0x3fffffff;

/**
 * Entries are a doubly linked list in typed arrays: node 0 is the head, then every call and
 * every known return in time order (calls first at equal times, as intervals are closed).
 * Linearizing an operation lifts its call and return out of the list; backtracking puts them
 * back (dancing links), so the list always holds exactly the operations not yet linearized.
 */
export class PartitionSearch<State, Input, Output> {
  readonly #model: Model<State, Input, Output>;
  readonly #operations: readonly Operation<Input, Output>[];
  readonly #next: Int32Array;
  readonly #previous: Int32Array;
  /** node -> operation index; calls are >= 0, returns are encoded as -1 - operation */
  readonly #nodeOperation: Int32Array;
  /** operation -> its return node, or -1 when its outcome is unknown */
  readonly #returnNode: Int32Array;
  readonly #stackNodes: Int32Array;
  readonly #stackStates: State[] = [];
  #depth = 0;
  readonly #linearized: Uint32Array;
  readonly #zobristLow: Int32Array;
  readonly #zobristHigh: Int32Array;
  #hashLow = 0;
  #hashHigh = 0;
  readonly #cacheHeads = new Map<number, number>();
  #cacheNext = new Int32Array(1024);
  #cacheHigh = new Int32Array(1024);
  #cacheBits: Uint32Array;
  readonly #cacheStates: State[] = [];
  readonly #words: number;
  #state: State;
  #entry: number;
  #knownRemaining = 0;
  #status: SearchStatus = 'running';
  #best: SearchWitness | undefined;
  steps = 0;

  constructor(model: Model<State, Input, Output>, operations: readonly Operation<Input, Output>[]) {
    this.#model = model;
    this.#operations = operations;
    const count = operations.length;
    this.#words = Math.max(1, Math.ceil(count / 32));
    this.#linearized = new Uint32Array(this.#words);
    this.#cacheBits = new Uint32Array(1024 * this.#words);
    this.#stackNodes = new Int32Array(count);
    this.#returnNode = new Int32Array(count).fill(-1);
    const random = seededUint32(count + 0x5eed);
    this.#zobristLow = Int32Array.from({ length: count }, () => random() | 0);
    this.#zobristHigh = Int32Array.from({ length: count }, () => random() | 0);
    const nodes = this.#sortedNodes();
    this.#nodeOperation = Int32Array.from([0, ...nodes]);
    const nodeCount = nodes.length + 1;
    this.#next = new Int32Array(nodeCount);
    this.#previous = new Int32Array(nodeCount);
    for (let node = 0; node < nodeCount; node++) {
      this.#next[node] = node + 1 < nodeCount ? node + 1 : -1;
      this.#previous[node] = node - 1;
      const encoded = this.#nodeOperation[node] as number;
      if (node > 0 && encoded < 0) {
        this.#returnNode[-1 - encoded] = node;
        this.#knownRemaining++;
      }
    }
    this.#state = model.init();
    this.#entry = this.#next[head] as number;
    if (this.#knownRemaining === 0) this.#status = 'ok';
  }

  get status(): SearchStatus {
    return this.#status;
  }

  /** Set once the status is 'illegal'. */
  get witness(): SearchWitness | undefined {
    return this.#status === 'illegal' ? this.#best : undefined;
  }

  /** roughly what the cache holds: per entry its bitset, hash, chain link and state reference */
  get cacheBytes(): number {
    return this.#cacheStates.length * (this.#words * 4 + 20);
  }

  /** Runs at most stepsMax steps; returns the status reached. */
  advance(stepsMax: number): SearchStatus {
    const model = this.#model;
    const operations = this.#operations;
    const next = this.#next;
    const nodeOperation = this.#nodeOperation;
    let steps = 0;
    while (this.#status === 'running' && steps < stepsMax) {
      steps++;
      const node = this.#entry;
      const encoded = nodeOperation[node] as number;
      if (encoded >= 0) {
        const operation = operations[encoded] as Operation<Input, Output>;
        const after = model.step(this.#state, operation.input, operation.output);
        if (after !== illegal && this.#tryLinearize(node, encoded, after)) {
          if (this.#knownRemaining === 0) this.#status = 'ok';
          continue;
        }
        this.#entry = next[node] as number;
      } else {
        this.#backtrack(-1 - encoded);
      }
    }
    this.steps += steps;
    return this.#status;
  }

  #tryLinearize(node: number, operation: number, after: State): boolean {
    this.#toggle(operation);
    if (!this.#remember(after)) {
      this.#toggle(operation);
      return false;
    }
    this.#stackNodes[this.#depth] = node;
    this.#stackStates[this.#depth] = this.#state;
    this.#depth++;
    this.#state = after;
    this.#lift(node, operation);
    this.#entry = this.#next[head] as number;
    return true;
  }

  /** Reached the return of an operation not yet linearized: undo the last linearization. */
  #backtrack(blocked: number): void {
    if (this.#best === undefined || this.#depth > this.#best.linearized.length) {
      const linearized = Array.from(this.#stackNodes.subarray(0, this.#depth), (node) => this.#nodeOperation[node] as number);
      this.#best = { linearized, blocked };
    }
    if (this.#depth === 0) {
      this.#status = 'illegal';
      return;
    }
    this.#depth--;
    const node = this.#stackNodes[this.#depth] as number;
    const operation = this.#nodeOperation[node] as number;
    this.#state = this.#stackStates[this.#depth] as State;
    this.#toggle(operation);
    this.#unlift(node, operation);
    this.#entry = this.#next[node] as number;
  }

  #toggle(operation: number): void {
    (this.#linearized[operation >>> 5] as number) ^= 1 << (operation & 31);
    this.#hashLow ^= this.#zobristLow[operation] as number;
    this.#hashHigh ^= this.#zobristHigh[operation] as number;
  }

  #lift(node: number, operation: number): void {
    this.#unlink(node);
    const returnNode = this.#returnNode[operation] as number;
    if (returnNode >= 0) {
      this.#unlink(returnNode);
      this.#knownRemaining--;
    }
  }

  #unlift(node: number, operation: number): void {
    const returnNode = this.#returnNode[operation] as number;
    if (returnNode >= 0) {
      this.#relink(returnNode);
      this.#knownRemaining++;
    }
    this.#relink(node);
  }

  #unlink(node: number): void {
    const before = this.#previous[node] as number;
    const after = this.#next[node] as number;
    this.#next[before] = after;
    if (after >= 0) this.#previous[after] = before;
  }

  #relink(node: number): void {
    const before = this.#previous[node] as number;
    const after = this.#next[node] as number;
    this.#next[before] = node;
    if (after >= 0) this.#previous[after] = node;
  }

  /** Adds (linearized set, state) to the cache; false when it was there already. */
  #remember(state: State): boolean {
    const key = (this.#hashLow ^ Math.imul(this.#model.hash(state), 0x27d4eb2d)) & keyMask;
    const words = this.#words;
    const linearized = this.#linearized;
    const first = this.#cacheHeads.get(key);
    for (let entry = first ?? -1; entry >= 0; entry = this.#cacheNext[entry] as number) {
      if (this.#cacheHigh[entry] !== this.#hashHigh || !this.#model.equal(this.#cacheStates[entry] as State, state)) continue;
      let same = true;
      for (let word = 0, offset = entry * words; word < words && same; word++) same = this.#cacheBits[offset + word] === linearized[word];
      if (same) return false;
    }
    const entry = this.#cacheStates.length;
    if (entry === this.#cacheHigh.length) this.#growCache();
    this.#cacheStates.push(state);
    this.#cacheHigh[entry] = this.#hashHigh;
    this.#cacheNext[entry] = first ?? -1;
    this.#cacheBits.set(linearized, entry * words);
    this.#cacheHeads.set(key, entry);
    return true;
  }

  #growCache(): void {
    const capacity = this.#cacheHigh.length * 2;
    const grow = <T extends Int32Array | Uint32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.#cacheNext = grow(this.#cacheNext, new Int32Array(capacity));
    this.#cacheHigh = grow(this.#cacheHigh, new Int32Array(capacity));
    this.#cacheBits = grow(this.#cacheBits, new Uint32Array(capacity * this.#words));
  }

  /** Call nodes (operation index) and known-return nodes (-1 - index), by time, calls first on ties. */
  #sortedNodes(): number[] {
    const events: { time: number; isReturn: number; encoded: number }[] = [];
    this.#operations.forEach((operation, index) => {
      events.push({ time: operation.callMs, isReturn: 0, encoded: index });
      if (operation.output !== unknownOutput) events.push({ time: operation.returnMs, isReturn: 1, encoded: -1 - index });
    });
    events.sort((left, right) => left.time - right.time || left.isReturn - right.isReturn || Math.abs(left.encoded) - Math.abs(right.encoded));
    return events.map((event) => event.encoded);
  }
}
