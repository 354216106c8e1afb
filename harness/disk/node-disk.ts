// The real Disk, the default of every durable system: node:fs/promises rooted at a directory,
// with a real fsync for files and a real directory fsync (open the directory, fsync it), so
// a system that survives the simulated crashes also does what it must on a real machine.
// Errors keep Node's code and carry the path relative to the root.

import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import {
  checkData,
  checkPosition,
  DiskError,
  pathSegments,
  type Disk,
  type DiskFile,
  type OpenOptions,
} from './disk.ts';

async function translated<T>(method: string, path: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof DiskError) throw error;
    // every error node:fs raises has a code (ENOENT, EISDIR, ERR_INVALID_ARG_TYPE, ...)
    throw new DiskError(String((error as { code?: unknown }).code), method, path, { cause: error });
  }
}

function openedFile(handle: fs.FileHandle, path: string): DiskFile {
  let closed = false;
  // appends on one handle run one after another, so each finds the end the previous left
  let appending: Promise<unknown> = Promise.resolve();
  const perform = <T>(method: string, action: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new DiskError('EBADF', method, path));
    return translated(method, path, action);
  };
  const size = async () => (await handle.stat()).size;
  const writeAt = async (position: number, data: Uint8Array) => {
    let written = 0;
    while (written < data.length) {
      const result = await handle.write(data, written, data.length - written, position + written);
      written += result.bytesWritten;
    }
  };
  const readAt = async (position: number, length: number) => {
    const buffer = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === length ? buffer : buffer.slice(0, filled);
  };
  return {
    path,
    read: async (position, length) => {
      checkPosition('read', 'position', position);
      checkPosition('read', 'length', length);
      return perform('read', () => readAt(position, length));
    },
    // positional, not handle.readFile(), which reads from the handle's moving file position
    readAll: () => perform('read', async () => readAt(0, await size())),
    write: async (position, data) => {
      checkPosition('write', 'position', position);
      checkData('write', data);
      return perform('write', () => writeAt(position, data));
    },
    append: async (data) => {
      checkData('append', data);
      const appended = appending.then(() =>
        perform('append', async () => {
          const position = await size();
          await writeAt(position, data);
          return position;
        }),
      );
      appending = appended.catch(() => undefined);
      return appended;
    },
    truncate: async (newSize) => {
      checkPosition('truncate', 'size', newSize);
      return perform('truncate', () => handle.truncate(newSize));
    },
    size: () => perform('size', size),
    sync: () => perform('sync', () => handle.sync()),
    close: async () => {
      if (closed) return;
      closed = true;
      await translated('close', path, () => handle.close());
    },
  };
}

class NodeDisk implements Disk {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async open(path: string, options: OpenOptions = {}): Promise<DiskFile> {
    const absolute = this.#absolute('open', path);
    let flags = constants.O_RDWR;
    if (options.create === true) flags |= constants.O_CREAT;
    if (options.create === true && options.exclusive === true) flags |= constants.O_EXCL;
    if (options.truncate === true) flags |= constants.O_TRUNC;
    const handle = await translated('open', path, () => fs.open(absolute, flags, 0o644));
    return openedFile(handle, path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    const absolute = this.#absolute('readFile', path);
    return translated('readFile', path, async () => new Uint8Array(await fs.readFile(absolute)));
  }

  async size(path: string): Promise<number> {
    const absolute = this.#absolute('size', path);
    return translated('size', path, async () => {
      const stats = await fs.stat(absolute);
      if (stats.isDirectory()) throw new DiskError('EISDIR', 'size', path);
      return stats.size;
    });
  }

  async exists(path: string): Promise<boolean> {
    const absolute = this.#absolute('exists', path);
    return fs.stat(absolute).then(
      () => true,
      () => false,
    );
  }

  async rename(from: string, to: string): Promise<void> {
    const absoluteFrom = this.#absolute('rename', from);
    const absoluteTo = this.#absolute('rename', to);
    await translated('rename', from, async () => {
      // files only, as on the simulated disk
      if ((await fs.stat(absoluteFrom)).isDirectory()) throw new DiskError('EISDIR', 'rename', from);
      // a directory target is EISDIR whether or not it is empty or an ancestor (Linux varies)
      const target = await fs.stat(absoluteTo).catch(() => undefined);
      if (target?.isDirectory() === true) throw new DiskError('EISDIR', 'rename', to);
      await fs.rename(absoluteFrom, absoluteTo);
    });
  }

  async unlink(path: string): Promise<void> {
    const absolute = this.#absolute('unlink', path);
    await translated('unlink', path, () => fs.unlink(absolute));
  }

  async mkdir(path: string): Promise<void> {
    const absolute = this.#absolute('mkdir', path);
    await translated('mkdir', path, () => fs.mkdir(absolute));
  }

  async list(directory = ''): Promise<string[]> {
    const absolute = this.#absolute('list', directory, true);
    return translated('list', directory, async () => (await fs.readdir(absolute)).sort());
  }

  async syncDirectory(directory = ''): Promise<void> {
    const absolute = this.#absolute('syncDirectory', directory, true);
    await translated('syncDirectory', directory, async () => {
      const handle = await fs.open(absolute, constants.O_RDONLY | constants.O_DIRECTORY);
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }

  #absolute(method: string, path: string, rootAllowed = false): string {
    return join(this.#root, ...pathSegments(method, path, rootAllowed));
  }
}

/** A Disk over the directory `root` (which must exist). */
export function createNodeDisk(root: string): Disk {
  return new NodeDisk(root);
}
