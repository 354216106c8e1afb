// Maps sparse 32-bit node ids to dense indices 0..count-1, so every other structure can be a
// typed array indexed by node. Open addressing over one Uint32Array of indices (the id is read
// back from `ids`), because a Map of a million numbers costs several times the bytes.

const emptySlot = 0xffffffff;
const initialCapacity = 16;

/** A 32-bit mix (from the murmur3 finaliser), so consecutive ids spread over the table. */
function mix(id: number): number {
  let hash = Math.imul(id ^ (id >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

export class NodeIndex {
  /** ids[index] is the id of the node with that dense index */
  #ids = new Uint32Array(initialCapacity);
  /** dense index per slot, emptySlot when free; at most half full */
  #slots = new Uint32Array(initialCapacity * 2).fill(emptySlot);
  #count = 0;

  get count(): number {
    return this.#count;
  }

  get byteLength(): number {
    return this.#ids.byteLength + this.#slots.byteLength;
  }

  idAt(index: number): number {
    return this.#ids[index] as number;
  }

  /** dense index of id, or -1 when absent */
  indexOf(id: number): number {
    const mask = this.#slots.length - 1;
    for (let slot = mix(id) & mask; ; slot = (slot + 1) & mask) {
      const index = this.#slots[slot] as number;
      if (index === emptySlot) return -1;
      if (this.#ids[index] === id) return index;
    }
  }

  /** dense index of id, adding it when absent */
  intern(id: number): number {
    const mask = this.#slots.length - 1;
    let slot = mix(id) & mask;
    for (; ; slot = (slot + 1) & mask) {
      const index = this.#slots[slot] as number;
      if (index === emptySlot) break;
      if (this.#ids[index] === id) return index;
    }
    const index = this.#count++;
    if (index === this.#ids.length) this.#ids = grown(this.#ids, this.#ids.length * 2);
    this.#ids[index] = id;
    this.#slots[slot] = index;
    if (this.#count * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
    return index;
  }

  /** the ids of a list of dense indices, as a new array */
  idsOf(indices: ArrayLike<number>): number[] {
    const ids = new Array<number>(indices.length);
    for (let position = 0; position < indices.length; position++) ids[position] = this.#ids[indices[position] as number] as number;
    return ids;
  }

  #rehash(capacity: number): void {
    const slots = new Uint32Array(capacity).fill(emptySlot);
    const mask = capacity - 1;
    for (let index = 0; index < this.#count; index++) {
      let slot = mix(this.#ids[index] as number) & mask;
      while (slots[slot] !== emptySlot) slot = (slot + 1) & mask;
      slots[slot] = index;
    }
    this.#slots = slots;
  }
}

export function grown<T extends Uint32Array | Int32Array | Float64Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}
