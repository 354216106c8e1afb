// A growable byte buffer with copy-on-write forks, the storage of the simulated disk. Each
// post-crash state forks the durable content of every file instead of copying it, so the
// exhaustive crash explorer builds thousands of states without copying large buffers; a fork
// copies its bytes only on its first mutation.

export class ByteBuffer {
  #bytes: Uint8Array;
  #length: number;
  /** another buffer may read the same array: copy before mutating */
  #shared: boolean;

  constructor(bytes: Uint8Array = new Uint8Array(0), length = bytes.length, shared = false) {
    this.#bytes = bytes;
    this.#length = length;
    this.#shared = shared;
  }

  get length(): number {
    return this.#length;
  }

  /** A buffer with the same content that shares storage until either side writes. */
  fork(): ByteBuffer {
    this.#shared = true;
    return new ByteBuffer(this.#bytes, this.#length, true);
  }

  /** A copy of up to `length` bytes from `position` (never a view: callers may keep it). */
  read(position: number, length: number): Uint8Array {
    const end = Math.min(this.#length, position + length);
    return end <= position ? new Uint8Array(0) : this.#bytes.slice(position, end);
  }

  write(position: number, data: Uint8Array): void {
    const end = position + data.length;
    this.#resize(Math.max(this.#length, end));
    this.#bytes.set(data, position);
  }

  /** Cuts or extends (with zeros) to `size` bytes. */
  resize(size: number): void {
    this.#resize(size);
  }

  #resize(size: number): void {
    const needsCopy = this.#shared || size > this.#bytes.length;
    if (needsCopy) {
      // doubling keeps a long run of appends linear
      const capacity = size > this.#bytes.length ? Math.max(size, this.#bytes.length * 2, 64) : this.#bytes.length;
      const copy = new Uint8Array(capacity);
      copy.set(this.#bytes.subarray(0, Math.min(this.#length, size)));
      this.#bytes = copy;
      this.#shared = false;
    } else if (size > this.#length) {
      // bytes past the end may hold data from before a shrink; an extension reads zeros
      this.#bytes.fill(0, this.#length, size);
    }
    this.#length = size;
  }
}
