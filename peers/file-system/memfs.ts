// memfs (4.80.1) behind file-system's spec: a thin adapter over one memfs Volume, so a suite that
// fails it is demanding something a correct, widely used in-memory node:fs does not do. Paths are
// normalised and validated here (the spec's misuse errors), then handed to the Volume's *Sync
// calls; a memfs error whose code is one of Node's becomes the spec's error for the normal path.
// Bridged, with memfs's own API: memfs has no size limits, so the adapter keeps the usage counters
// and undoes a call that passes capacityBytes or maxNodes (ENOSPC); memfs has no 255-byte name
// limit, so the adapter checks name lengths in walk order (ENAMETOOLONG), stepping mkdir -p up to
// the failing name with memfs's recursive mkdir; move walks both parents (statSync) before EBUSY
// for "/", as rename(2) does.
// memfs bugs against node:fs, found by the suite's node:fs differential and bridged here with
// statSync/readdirSync before the call: mkdirSync(file, { recursive: true }) succeeds (Node:
// EEXIST); renameSync succeeds for a directory into its own subtree (and loses it; Node: EINVAL),
// onto its own ancestor or any non-empty directory (ENOTEMPTY), a directory onto a file (ENOTDIR)
// and a file onto a directory (EISDIR).

import { Volume } from 'memfs';
import {
  fileSystemError, nameBytesMax, normalizePathModel, utf8Length, type CreateFileSystem, type FileStat, type FileSystem,
  type FileSystemErrorCode, type FileSystemOptions, type FileSystemUsage, type RecursiveOption,
} from '../../spec/file-system.ts';

const codes = new Set<string>(['ENOENT', 'EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY', 'EINVAL', 'EBUSY', 'ENAMETOOLONG', 'ENOSPC']);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function checkPath(path: unknown, method: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0')) {
    throw new TypeError(`file-system.${method}: expected an absolute path (a string starting with "/", without NUL), got ${describe(path)}`);
  }
  return normalizePathModel(path);
}

function checkContent(content: unknown, method: string): string {
  if (typeof content !== 'string') throw new TypeError(`file-system.${method}: expected content to be a string, got ${describe(content)}`);
  return content;
}

function recursiveOf(options: unknown, method: string): boolean {
  if (options === undefined) return false;
  const recursive: unknown = typeof options === 'object' && options !== null ? (options as RecursiveOption).recursive : options;
  if (typeof options !== 'object' || options === null || (recursive !== undefined && typeof recursive !== 'boolean')) {
    throw new TypeError(`file-system.${method}: expected options { recursive?: boolean }, got ${describe(recursive)}`);
  }
  return recursive === true;
}

function limitOf(options: FileSystemOptions, name: 'capacityBytes' | 'maxNodes', fallback: number): number {
  const value: unknown = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`file-system.create: expected ${name} to be a positive safe integer, got ${describe(value)}`);
  }
  return value;
}

export function normalizePath(path: string): string {
  return checkPath(path, 'normalizePath');
}

const namesOf = (normal: string): string[] => (normal === '/' ? [] : normal.slice(1).split('/'));
const prefix = (names: readonly string[], count: number): string => `/${names.slice(0, count).join('/')}`;
const tooLong = (name: string): boolean => utf8Length(name) > nameBytesMax;

class MemfsFileSystem implements FileSystem {
  readonly #volume = new Volume();
  #bytes = 0;
  #nodes = 0;

  constructor(readonly capacityBytes: number, readonly maxNodes: number) {}

  /** Runs a Volume call, re-making a coded memfs error as the spec's error on the normal path. */
  #run<T>(syscall: string, normal: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code === 'string' && codes.has(code)) throw fileSystemError(code as FileSystemErrorCode, syscall, normal);
      throw error;
    }
  }

  #kindAt(path: string): 'file' | 'directory' | undefined {
    const stats = this.#volume.statSync(path, { throwIfNoEntry: false });
    return stats === undefined ? undefined : stats.isDirectory() ? 'directory' : 'file';
  }

  /** FS-2's walk up to `count` names: the first too-long name, missing directory or file in the way. */
  #walk(names: readonly string[], count: number, syscall: string, normal: string): void {
    for (let index = 0; index < count; index++) {
      if (tooLong(names[index] as string)) throw fileSystemError('ENAMETOOLONG', syscall, normal);
      if (index === names.length - 1) return;
      const kind = this.#kindAt(prefix(names, index + 1));
      if (kind === undefined) throw fileSystemError('ENOENT', syscall, normal);
      if (kind === 'file') throw fileSystemError('ENOTDIR', syscall, normal);
    }
  }

  /** Checks names the way a lookup of the whole path does, before memfs (which has no name limit) runs. */
  #lookup(path: unknown, syscall: string): string {
    const normal = checkPath(path, syscall);
    const names = namesOf(normal);
    this.#walk(names, names.length, syscall, normal);
    return normal;
  }

  mkdir(path: string, options?: RecursiveOption): void {
    const recursive = recursiveOf(options, 'mkdir');
    if (!recursive) {
      const normal = this.#lookup(path, 'mkdir');
      this.#run('mkdir', normal, () => this.#volume.mkdirSync(normal));
      if (this.#nodes + 1 > this.maxNodes) {
        this.#volume.rmdirSync(normal);
        throw fileSystemError('ENOSPC', 'mkdir', normal);
      }
      this.#nodes += 1;
      return;
    }
    const normal = checkPath(path, 'mkdir');
    const names = namesOf(normal);
    let existing = 0;
    while (existing < names.length && this.#kindAt(prefix(names, existing + 1)) === 'directory') existing++;
    if (existing < names.length && this.#kindAt(prefix(names, existing + 1)) === 'file') {
      // memfs's recursive mkdir accepts an existing file at the path itself; Node says EEXIST
      if (existing === names.length - 1) throw fileSystemError('EEXIST', 'mkdir', normal);
      this.#run('mkdir', normal, () => this.#volume.mkdirSync(normal, { recursive: true }));
      return;
    }
    // the missing names are made in order until one is too long or the node limit is reached
    let made = existing;
    while (made < names.length && !tooLong(names[made] as string) && this.#nodes + (made - existing) < this.maxNodes) made++;
    if (made > existing) this.#run('mkdir', normal, () => this.#volume.mkdirSync(prefix(names, made), { recursive: true }));
    this.#nodes += made - existing;
    if (made < names.length) throw fileSystemError(tooLong(names[made] as string) ? 'ENAMETOOLONG' : 'ENOSPC', 'mkdir', normal);
  }

  createFile(path: string, content: string = ''): void {
    checkContent(content, 'createFile');
    const normal = this.#lookup(path, 'createFile');
    if (normal === '/') throw fileSystemError('EEXIST', 'createFile', normal);
    this.#run('createFile', normal, () => this.#volume.writeFileSync(normal, content, { flag: 'wx' }));
    const [nodes, bytes] = [this.#nodes + 1, this.#bytes + utf8Length(content)];
    if (nodes > this.maxNodes || bytes > this.capacityBytes) {
      this.#volume.unlinkSync(normal);
      throw fileSystemError('ENOSPC', 'createFile', normal);
    }
    [this.#nodes, this.#bytes] = [nodes, bytes];
  }

  readFile(path: string): string {
    const normal = this.#lookup(path, 'readFile');
    return this.#run('readFile', normal, () => this.#volume.readFileSync(normal, 'utf8') as string);
  }

  writeFile(path: string, content: string): void {
    this.#putFile(path, checkContent(content, 'writeFile'), 'writeFile');
  }

  appendFile(path: string, content: string): void {
    this.#putFile(path, checkContent(content, 'appendFile'), 'appendFile');
  }

  #putFile(path: string, content: string, syscall: 'writeFile' | 'appendFile'): void {
    const normal = this.#lookup(path, syscall);
    if (normal === '/') throw fileSystemError('EISDIR', syscall, normal);
    const kind = this.#kindAt(normal);
    const previous = kind === 'file' ? (this.#volume.readFileSync(normal, 'utf8') as string) : undefined;
    this.#run(syscall, normal, () => (syscall === 'writeFile' ? this.#volume.writeFileSync(normal, content) : this.#volume.appendFileSync(normal, content)));
    const after = previous === undefined ? content : syscall === 'writeFile' ? content : previous + content;
    const restore = () => (previous === undefined ? this.#volume.unlinkSync(normal) : this.#volume.writeFileSync(normal, previous));
    const [nodes, bytes] = [this.#nodes + (previous === undefined ? 1 : 0), this.#bytes - utf8Length(previous ?? '') + utf8Length(after)];
    if (nodes > this.maxNodes || bytes > this.capacityBytes) {
      restore();
      throw fileSystemError('ENOSPC', syscall, normal);
    }
    [this.#nodes, this.#bytes] = [nodes, bytes];
  }

  list(path: string): string[] {
    const normal = this.#lookup(path, 'list');
    return this.#run('list', normal, () => (this.#volume.readdirSync(normal) as string[]).map(String).sort());
  }

  /** rename(2): both parents' walks, then EBUSY for the root, then memfs's renameSync. */
  move(fromPath: string, toPath: string): void {
    const [from, to] = [checkPath(fromPath, 'move'), checkPath(toPath, 'move')];
    const [fromNames, toNames] = [namesOf(from), namesOf(to)];
    this.#walk(fromNames, fromNames.length - 1, 'move', from);
    this.#walk(toNames, toNames.length - 1, 'move', to);
    if (from === '/' || to === '/') throw fileSystemError('EBUSY', 'move', from === '/' ? from : to);
    if (tooLong(fromNames[fromNames.length - 1] as string)) throw fileSystemError('ENAMETOOLONG', 'move', from);
    const source = this.#usageOf(from);
    if (source === undefined) throw fileSystemError('ENOENT', 'move', from);
    if (tooLong(toNames[toNames.length - 1] as string)) throw fileSystemError('ENAMETOOLONG', 'move', to);
    // memfs's renameSync accepts all of these silently (a move into its own subtree loses it)
    if (to.startsWith(`${from}/`)) throw fileSystemError('EINVAL', 'move', to);
    if (from.startsWith(`${to}/`)) throw fileSystemError('ENOTEMPTY', 'move', to);
    if (from === to) return;
    const [sourceKind, targetKind] = [this.#kindAt(from), this.#kindAt(to)];
    if (sourceKind === 'directory' && targetKind === 'file') throw fileSystemError('ENOTDIR', 'move', to);
    if (sourceKind === 'file' && targetKind === 'directory') throw fileSystemError('EISDIR', 'move', to);
    if (targetKind === 'directory' && this.#volume.readdirSync(to).length > 0) throw fileSystemError('ENOTEMPTY', 'move', to);
    const target = this.#usageOf(to);
    this.#run('move', to, () => this.#volume.renameSync(from, to));
    if (target !== undefined) [this.#nodes, this.#bytes] = [this.#nodes - target.nodes, this.#bytes - target.bytes];
  }

  /** nodes and bytes of the subtree at path, itself included; undefined when nothing is there */
  #usageOf(path: string): FileSystemUsage | undefined {
    const kind = this.#kindAt(path);
    if (kind === undefined) return undefined;
    let [bytes, nodes] = [0, 0];
    const pending = [path];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      const stats = this.#volume.statSync(next);
      nodes++;
      if (!stats.isDirectory()) bytes += Number(stats.size);
      else for (const name of this.#volume.readdirSync(next) as string[]) pending.push(next === '/' ? `/${name}` : `${next}/${name}`);
    }
    return { bytes, nodes };
  }

  /** unlink for files, rmdir for empty directories, rm -r with recursive; "/" is EBUSY as rmdir("/") is. */
  remove(path: string, options?: RecursiveOption): void {
    const recursive = recursiveOf(options, 'remove');
    const normal = checkPath(path, 'remove');
    if (normal === '/') throw fileSystemError('EBUSY', 'remove', normal);
    this.#lookup(normal, 'remove');
    const removed = this.#usageOf(normal);
    this.#run('remove', normal, () => {
      if (this.#kindAt(normal) !== 'directory') this.#volume.unlinkSync(normal);
      else if (recursive) this.#volume.rmSync(normal, { recursive: true });
      else this.#volume.rmdirSync(normal);
    });
    if (removed !== undefined) [this.#nodes, this.#bytes] = [this.#nodes - removed.nodes, this.#bytes - removed.bytes];
  }

  stat(path: string): FileStat {
    const normal = this.#lookup(path, 'stat');
    return this.#run('stat', normal, () => {
      const stats = this.#volume.statSync(normal);
      return stats.isDirectory() ? { kind: 'directory', size: this.#volume.readdirSync(normal).length } : { kind: 'file', size: Number(stats.size) };
    });
  }

  exists(path: string): boolean {
    const normal = checkPath(path, 'exists');
    return this.#volume.existsSync(normal);
  }

  usage(): FileSystemUsage {
    return { bytes: this.#bytes, nodes: this.#nodes };
  }
}

const createFileSystem: CreateFileSystem = (options: FileSystemOptions = {}) => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`file-system.create: expected an options object, got ${describe(options)}`);
  }
  return new MemfsFileSystem(limitOf(options, 'capacityBytes', 2 ** 30), limitOf(options, 'maxNodes', 1_000_000));
};

export default createFileSystem;
