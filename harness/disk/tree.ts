// The simulated disk's state: files (inodes) and directories, each holding what is durable
// and, separately, what changed since its last fsync. A file keeps a durable buffer, the
// current buffer its readers see, and the writes and truncations in between; a directory
// keeps its durable entries, its current entries and the entry changes in between.
// A crash keeps the durable part and some of the changes (crash-state.ts decides which).
// Paths resolve through the current entries, with the error codes a real file system gives.

import { ByteBuffer } from './bytes.ts';
import { DiskError } from './disk.ts';

export type PendingFileChange =
  | {
      readonly kind: 'write';
      readonly position: number;
      /** a private copy: the caller may reuse its buffer */
      readonly data: Uint8Array;
      /** the write ran past the end of the file when it was issued */
      readonly extendsFile: boolean;
    }
  | { readonly kind: 'truncate'; readonly size: number };

export class Inode {
  readonly pending: PendingFileChange[] = [];

  constructor(
    /** the path it was created at, to name it in crash descriptions */
    readonly createdAs: string,
    public durable: ByteBuffer = new ByteBuffer(),
    public current: ByteBuffer = durable.fork(),
  ) {}
}

export type Entry =
  | { readonly kind: 'file'; readonly inode: Inode }
  | { readonly kind: 'directory'; readonly directory: Directory };

/** Entry changes in one directory; a rename inside one directory is a single atomic change. */
export type PendingEntryChange =
  | { readonly kind: 'link'; readonly name: string; readonly entry: Entry }
  | { readonly kind: 'remove'; readonly name: string }
  | { readonly kind: 'rename'; readonly from: string; readonly to: string };

export class Directory {
  readonly pending: PendingEntryChange[] = [];
  current: Map<string, Entry>;

  constructor(
    readonly path: string,
    public durable: Map<string, Entry> = new Map(),
  ) {
    this.current = new Map(durable);
  }
}

export function applyEntryChange(entries: Map<string, Entry>, change: PendingEntryChange): void {
  if (change.kind === 'link') {
    entries.set(change.name, change.entry);
  } else if (change.kind === 'remove') {
    entries.delete(change.name);
  } else {
    // a crash keeps a prefix of a directory's changes, so the change that linked the source
    // (or the durable entry) is always there before the rename
    const entry = entries.get(change.from) as Entry;
    entries.delete(change.from);
    entries.set(change.to, entry);
  }
}

export function applyFileChange(content: ByteBuffer, change: PendingFileChange): void {
  if (change.kind === 'write') content.write(change.position, change.data);
  else content.resize(change.size);
}

/** The directory at a path's segments, as the current entries say; ENOENT or ENOTDIR on the way. */
export function directoryAt(root: Directory, method: string, segments: readonly string[], path: string): Directory {
  let directory = root;
  for (const segment of segments) {
    const entry = directory.current.get(segment);
    if (entry === undefined) throw new DiskError('ENOENT', method, path);
    if (entry.kind !== 'directory') throw new DiskError('ENOTDIR', method, path);
    directory = entry.directory;
  }
  return directory;
}

export function parentOf(
  root: Directory,
  method: string,
  segments: readonly string[],
  path: string,
): { parent: Directory; name: string } {
  return { parent: directoryAt(root, method, segments.slice(0, -1), path), name: segments.at(-1) as string };
}

export function fileAt(root: Directory, method: string, segments: readonly string[], path: string): Inode {
  const { parent, name } = parentOf(root, method, segments, path);
  const entry = parent.current.get(name);
  if (entry === undefined) throw new DiskError('ENOENT', method, path);
  if (entry.kind === 'directory') throw new DiskError('EISDIR', method, path);
  return entry.inode;
}
