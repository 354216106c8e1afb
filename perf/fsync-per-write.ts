// The durability baseline of the kv-wal and bank gates: the obvious log, which appends each
// record and fsyncs it before acknowledging, one write at a time, so every acknowledged write
// costs one fsync. Concurrent callers queue behind each other.

import { open, type FileHandle } from 'node:fs/promises';

export class FsyncPerWriteLog {
  readonly #file: FileHandle;
  #tail: Promise<void> = Promise.resolve();

  private constructor(file: FileHandle) {
    this.#file = file;
  }

  static async open(path: string): Promise<FsyncPerWriteLog> {
    return new FsyncPerWriteLog(await open(path, 'a'));
  }

  append(record: Uint8Array): Promise<void> {
    const done = this.#tail.then(async () => {
      await this.#file.write(record);
      await this.#file.sync();
    });
    this.#tail = done.catch(() => undefined);
    return done;
  }

  close(): Promise<void> {
    return this.#file.close();
  }
}

/** runs `writers` loops that together call `write` `total` times, and waits for all of them */
export async function concurrentWriters(writers: number, total: number, write: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < total) await write(next++);
  };
  await Promise.all(Array.from({ length: writers }, writer));
}
