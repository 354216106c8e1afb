// An open file of the simulated disk. It validates arguments and turns each call into a change
// of its inode, run through the disk (which counts it, injects faults, records pending changes
// for the crash model and, while a crash explorer watches, runs operations one at a time).

import { checkData, checkPosition, DiskError, type DiskCounters, type DiskFile, type DiskOperation } from './disk.ts';
import type { Inode, PendingFileChange } from './tree.ts';

/** What a file needs from its disk. */
export interface FileEffects {
  readonly counters: DiskCounters;
  fileBytesMax(): number;
  /** runs an operation; `onFault` runs when an injected fault that drops unsynced writes fails it */
  perform<T>(operation: DiskOperation, path: string, action: () => T, onFault?: () => void): Promise<T>;
  /** applies a write or truncation to the file's current content; durable at the next sync */
  change(inode: Inode, change: PendingFileChange): void;
  sync(inode: Inode): void;
  /** forgets the unsynced changes as far as durability goes; reads still see them */
  dropUnsynced(inode: Inode): void;
}

export function simulatedFile(inode: Inode, path: string, effects: FileEffects): DiskFile {
  let closed = false;
  const perform = <T>(operation: DiskOperation, action: () => T, onFault?: () => void): Promise<T> =>
    effects.perform(
      operation,
      path,
      () => {
        if (closed) throw new DiskError('EBADF', operation, path);
        return action();
      },
      onFault,
    );
  const read = (position: number, length: number): Uint8Array => {
    const bytes = inode.current.read(position, length);
    effects.counters.bytesRead += bytes.length;
    return bytes;
  };
  const checkSize = (operation: DiskOperation, size: number): void => {
    if (size > effects.fileBytesMax()) throw new DiskError('EFBIG', operation, path);
  };
  const write = (position: number, data: Uint8Array): void => {
    checkSize('write', position + data.length);
    effects.counters.bytesWritten += data.length;
    // an empty write changes nothing, not even the size (as pwrite)
    if (data.length === 0) return;
    const extendsFile = position + data.length > inode.current.length;
    effects.change(inode, { kind: 'write', position, data: data.slice(), extendsFile });
  };
  return {
    path,
    read: async (position, length) => {
      checkPosition('read', 'position', position);
      checkPosition('read', 'length', length);
      return await perform('read', () => read(position, length));
    },
    readAll: () => perform('read', () => read(0, inode.current.length)),
    write: async (position, data) => {
      checkPosition('write', 'position', position);
      checkData('write', data);
      return await perform('write', () => write(position, data));
    },
    append: async (data) => {
      checkData('append', data);
      return await perform('append', () => {
        const position = inode.current.length;
        write(position, data);
        return position;
      });
    },
    truncate: async (size) => {
      checkPosition('truncate', 'size', size);
      return await perform('truncate', () => {
        checkSize('truncate', size);
        effects.change(inode, { kind: 'truncate', size });
      });
    },
    size: () => perform('size', () => inode.current.length),
    sync: () => perform('sync', () => effects.sync(inode), () => effects.dropUnsynced(inode)),
    close: async () => {
      if (closed) return;
      await effects.perform('close', path, () => {
        closed = true;
      });
    },
  };
}
