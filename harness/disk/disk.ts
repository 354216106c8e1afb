// The Disk: the file-system effect that durable systems (kv-wal, bank) take through their
// factory options. It is small on purpose: positional file I/O, append, truncate, fsync of a
// file and of a directory, atomic rename, unlink, mkdir, list. Every method is async, so the
// same system runs on the real disk (node-disk.ts) and on the simulated crashing disk
// (simulated-disk.ts), which is what lets a property crash the disk between two writes.
//
// Paths are relative to the disk's root, '/'-separated, with no empty, '.' or '..' segments;
// '' names the root directory (list and syncDirectory). Failures the file system reports are
// DiskErrors carrying a Node-style `code` (ENOENT, EEXIST, EISDIR, ENOTDIR, EBADF, EIO);
// misuse (a bad path, a negative position, data that is not a Uint8Array) throws TypeError
// or RangeError with "disk.<method>: expected <what>, got <value>".
//
// Durability, as on a real disk: a write is durable only after the file's sync(); a file's
// creation, rename or unlink is durable only after syncDirectory() of the directory holding
// the entry. Nothing else promises durability.

export interface OpenOptions {
  /** create the file when it does not exist (default false: ENOENT) */
  readonly create?: boolean;
  /** with create: fail with EEXIST when the file already exists */
  readonly exclusive?: boolean;
  /** cut the file to zero bytes on open */
  readonly truncate?: boolean;
}

/** An open file. Reads never return bytes past the end; writes past the end fill the gap with zeros. */
export interface DiskFile {
  readonly path: string;
  /** up to `length` bytes from `position`; shorter (possibly empty) at the end of the file */
  read(position: number, length: number): Promise<Uint8Array>;
  /** the whole file */
  readAll(): Promise<Uint8Array>;
  write(position: number, data: Uint8Array): Promise<void>;
  /** writes at the current end of the file and returns the position written at */
  append(data: Uint8Array): Promise<number>;
  truncate(size: number): Promise<void>;
  size(): Promise<number>;
  /** fsync: the file's content and size become durable (not its directory entry) */
  sync(): Promise<void>;
  /** closing twice is harmless; any other call after close fails with EBADF */
  close(): Promise<void>;
}

export interface Disk {
  open(path: string, options?: OpenOptions): Promise<DiskFile>;
  readFile(path: string): Promise<Uint8Array>;
  /** size in bytes of a file */
  size(path: string): Promise<number>;
  /** whether a file or directory exists at the path */
  exists(path: string): Promise<boolean>;
  /** atomically replaces `to` (a file) with `from`; files only */
  rename(from: string, to: string): Promise<void>;
  /** removes a file's entry (EISDIR for a directory) */
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  /** names in a directory, sorted */
  list(directory?: string): Promise<string[]>;
  /** fsync of a directory: the creations, renames and unlinks in it become durable */
  syncDirectory(directory?: string): Promise<void>;
}

export type DiskErrorCode = 'ENOENT' | 'EEXIST' | 'EISDIR' | 'ENOTDIR' | 'EBADF' | 'EIO' | (string & Record<never, never>);

/** A failure reported by the file system, with the Node-style code systems branch on. */
export class DiskError extends Error {
  readonly code: DiskErrorCode;
  readonly path: string;

  constructor(code: DiskErrorCode, method: string, path: string, options?: ErrorOptions) {
    super(`${code}: disk.${method} '${path}'`, options);
    this.name = 'DiskError';
    this.code = code;
    this.path = path;
  }
}

/** Whether an error is a DiskError (or Node error) with the given code. */
export function hasErrorCode(error: unknown, code: DiskErrorCode): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}

/** The operations a disk performs, as counted and as named by fault injection and crash points. */
export type DiskOperation =
  | 'open'
  | 'read'
  | 'write'
  | 'append'
  | 'truncate'
  | 'sync'
  | 'close'
  | 'readFile'
  | 'size'
  | 'exists'
  | 'rename'
  | 'unlink'
  | 'mkdir'
  | 'list'
  | 'syncDirectory';

export const diskOperations: readonly DiskOperation[] = [
  'open', 'read', 'write', 'append', 'truncate', 'sync', 'close', 'readFile',
  'size', 'exists', 'rename', 'unlink', 'mkdir', 'list', 'syncDirectory',
];

/** Operation counts, plus bytes moved, for perf gates and checks ("one fsync per commit group"). */
export type DiskCounters = Record<DiskOperation, number> & { bytesWritten: number; bytesRead: number };

export function createCounters(): DiskCounters {
  const counters = { bytesWritten: 0, bytesRead: 0 } as DiskCounters;
  for (const operation of diskOperations) counters[operation] = 0;
  return counters;
}

/** Splits and validates a relative path; '' (the root) only where `rootAllowed`. */
export function pathSegments(method: string, path: unknown, rootAllowed = false): string[] {
  if (typeof path !== 'string') throw new TypeError(`disk.${method}: expected a path string, got ${String(path)}`);
  if (path === '' && rootAllowed) return [];
  const segments = path.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new TypeError(
      `disk.${method}: expected a relative path of non-empty segments without '.' or '..', got '${path}'`,
    );
  }
  return segments;
}

export function checkPosition(method: string, what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`disk.${method}: expected ${what} as an integer >= 0, got ${String(value)}`);
  }
  return value;
}

export function checkData(method: string, data: unknown): Uint8Array {
  if (!(data instanceof Uint8Array)) {
    throw new TypeError(`disk.${method}: expected data as a Uint8Array, got ${typeof data}`);
  }
  return data;
}
