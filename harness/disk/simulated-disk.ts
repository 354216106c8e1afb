// The simulated disk: an in-memory Disk that remembers, per file and per directory, what is
// durable and what changed since the last fsync, so `crash(seed)` can return one of the
// states a real disk may leave after power loss (crash-state.ts lists them) and the explorer
// (explore.ts) can visit them all. Without a crash it behaves like the Node disk, which a
// differential test checks. It also counts operations, can fail a chosen one with EIO, and can
// hold each operation in flight until a scheduler releases it (setCompletionHook).

import {
  createCounters,
  DiskError,
  pathSegments,
  type Disk,
  type DiskCounters,
  type DiskFile,
  type DiskOperation,
  type OpenOptions,
} from './disk.ts';
import { buildCrashedRoot, describeChoice, randomChoice } from './crash-state.ts';
import { crashVariants } from './variants.ts';
import { FaultInjector, type Fault } from './faults.ts';
import { simulatedFile, type FileEffects } from './simulated-file.ts';
import { seededUnit } from '../random.ts';
import { applyEntryChange, Directory, directoryAt, fileAt, Inode, parentOf, type PendingEntryChange, type PendingFileChange } from './tree.ts';

export interface SimulatedDiskOptions {
  /** the unit a write can tear at (default 512) */
  readonly sectorBytes?: number;
  /** the largest a file may grow; a write or truncate past it fails with EFBIG (default 256 MiB) */
  readonly fileBytesMax?: number;
}

/** The post-crash states of one moment: `count` of them, all there are when `complete`. */
export interface CrashVariantSet {
  readonly count: number;
  readonly complete: boolean;
  /** variant 0 keeps every unsynced change; when sampled, variant 1 keeps none */
  build(index: number): { disk: SimulatedDisk; description: string };
}

/** Called after each operation that changed the crash state, with e.g. "append wal.log"; awaited. */
export type OperationHook = (description: string) => Promise<void> | void;

/**
 * Awaited before each operation takes effect, with its kind and path: the I/O is in flight until
 * it resolves. A concurrency check hands it fc.scheduler's pause (`context.pause`), so writes,
 * fsyncs and reads complete in the scheduler's order and several calls are inside a system at
 * once. A rejection fails the operation with that error and no effect.
 */
export type CompletionHook = (operation: DiskOperation, path: string) => Promise<void>;

export class SimulatedDisk implements Disk {
  readonly counters: DiskCounters = createCounters();
  readonly sectorBytes: number;
  readonly fileBytesMax: number;
  #root: Directory;
  #dirtyDirectories = new Set<Directory>();
  #dirtyInodes = new Set<Inode>();
  #crashed = false;
  #changed = false;
  /** counts state changes, so a stale set of crash variants is refused */
  #version = 0;
  readonly #faults = new FaultInjector();
  #hook: OperationHook | undefined;
  #completion: CompletionHook | undefined;
  #tail: Promise<void> = Promise.resolve();
  readonly #fileEffects: FileEffects = {
    counters: this.counters,
    fileBytesMax: () => this.fileBytesMax,
    perform: (operation, path, action, onFault) => this.#perform(operation, path, action, onFault),
    dropUnsynced: (inode) => this.#dropUnsynced(inode),
    change: (inode, change) => this.#changeFile(inode, change),
    sync: (inode) => this.#syncFile(inode),
  };

  /** `root` is internal: the tree a crash leaves; a new disk starts empty. */
  constructor(options: SimulatedDiskOptions = {}, root?: Directory) {
    const sectorBytes = options.sectorBytes ?? 512;
    if (!Number.isSafeInteger(sectorBytes) || sectorBytes < 1) {
      throw new RangeError(`disk.constructor: expected sectorBytes as an integer >= 1, got ${sectorBytes}`);
    }
    this.sectorBytes = sectorBytes;
    this.fileBytesMax = options.fileBytesMax ?? 256 * 1024 * 1024;
    if (!Number.isSafeInteger(this.fileBytesMax) || this.fileBytesMax < 0) {
      throw new RangeError(`disk.constructor: expected fileBytesMax as an integer >= 0, got ${this.fileBytesMax}`);
    }
    this.#root = root ?? new Directory('');
  }

  /**
   * This disk and its open files fail with EIO from now on; returns the disk after reboot, one
   * post-crash state picked by the seed. Asking again (another seed) picks among the same states.
   */
  crash(seed: number): SimulatedDisk {
    const choice = randomChoice(this.#dirtyDirectories, this.#dirtyInodes, this.sectorBytes, seededUnit(seed));
    this.#crashed = true;
    return new SimulatedDisk(this.#options(), buildCrashedRoot(this.#root, choice, this.sectorBytes));
  }

  /** The enumerable post-crash states of this moment (until the next change); this disk keeps running. */
  crashVariants(options: { variantsMax?: number; seed?: number } = {}): CrashVariantSet {
    const variants = crashVariants(this.#dirtyDirectories, this.#dirtyInodes, {
      sectorBytes: this.sectorBytes,
      variantsMax: options.variantsMax ?? 64,
      seed: options.seed ?? 0,
    });
    const version = this.#version;
    const build = (index: number) => {
      if (version !== this.#version) {
        throw new Error('disk.crashVariants: the disk changed since these variants were taken; take them again');
      }
      const choice = variants.choice(index);
      const disk = new SimulatedDisk(this.#options(), buildCrashedRoot(this.#root, choice, this.sectorBytes));
      return { disk, description: describeChoice(choice) };
    };
    return { count: variants.count, complete: variants.complete, build };
  }

  /** Makes a later operation of a kind fail with EIO (or `code`) and no effect. */
  injectFault(fault: Fault): void {
    this.#faults.add(fault);
  }

  #options(): SimulatedDiskOptions {
    return { sectorBytes: this.sectorBytes, fileBytesMax: this.fileBytesMax };
  }

  /** Installs (or removes) the hook the crash explorer uses; operations then run one at a time. */
  setOperationHook(hook: OperationHook | undefined): void {
    this.#hook = hook;
  }

  /**
   * Holds every later operation until `hook` resolves (undefined: operations complete at once).
   * Not inherited by the disks a crash returns: recovery runs outside the schedule.
   */
  setCompletionHook(hook: CompletionHook | undefined): void {
    this.#completion = hook;
  }

  /** Whether nothing is waiting for an fsync of a file or a directory. */
  get allSynced(): boolean {
    return this.#dirtyDirectories.size === 0 && this.#dirtyInodes.size === 0;
  }

  async open(path: string, options: OpenOptions = {}): Promise<DiskFile> {
    const segments = pathSegments('open', path);
    return this.#perform('open', path, () => {
      const { parent, name } = parentOf(this.#root, 'open', segments, path);
      const entry = parent.current.get(name);
      let inode: Inode;
      if (entry !== undefined && options.create === true && options.exclusive === true) {
        throw new DiskError('EEXIST', 'open', path);
      }
      if (entry?.kind === 'directory') throw new DiskError('EISDIR', 'open', path);
      if (entry === undefined) {
        if (options.create !== true) throw new DiskError('ENOENT', 'open', path);
        inode = new Inode(path);
        this.#changeEntries(parent, { kind: 'link', name, entry: { kind: 'file', inode } });
      } else {
        inode = entry.inode;
        if (options.truncate === true && inode.current.length > 0) this.#changeFile(inode, { kind: 'truncate', size: 0 });
      }
      return simulatedFile(inode, path, this.#fileEffects);
    });
  }

  async readFile(path: string): Promise<Uint8Array> {
    const segments = pathSegments('readFile', path);
    return this.#perform('readFile', path, () => {
      const content = fileAt(this.#root, 'readFile', segments, path).current;
      this.counters.bytesRead += content.length;
      return content.read(0, content.length);
    });
  }

  async size(path: string): Promise<number> {
    const segments = pathSegments('size', path);
    return this.#perform('size', path, () => fileAt(this.#root, 'size', segments, path).current.length);
  }

  async exists(path: string): Promise<boolean> {
    const segments = pathSegments('exists', path);
    return this.#perform('exists', path, () => {
      try {
        const { parent, name } = parentOf(this.#root, 'exists', segments, path);
        return parent.current.has(name);
      } catch {
        return false;
      }
    });
  }

  async rename(from: string, to: string): Promise<void> {
    const fromSegments = pathSegments('rename', from);
    const toSegments = pathSegments('rename', to);
    return this.#perform('rename', from, () => {
      const source = parentOf(this.#root, 'rename', fromSegments, from);
      const entry = source.parent.current.get(source.name);
      if (entry === undefined) throw new DiskError('ENOENT', 'rename', from);
      if (entry.kind === 'directory') throw new DiskError('EISDIR', 'rename', from);
      const target = parentOf(this.#root, 'rename', toSegments, to);
      if (target.parent.current.get(target.name)?.kind === 'directory') throw new DiskError('EISDIR', 'rename', to);
      if (source.parent === target.parent) {
        if (source.name !== target.name) {
          this.#changeEntries(source.parent, { kind: 'rename', from: source.name, to: target.name });
        }
      } else {
        // two changes in two directories: durable only when both are synced, as on POSIX
        this.#changeEntries(source.parent, { kind: 'remove', name: source.name });
        this.#changeEntries(target.parent, { kind: 'link', name: target.name, entry });
      }
    });
  }

  async unlink(path: string): Promise<void> {
    const segments = pathSegments('unlink', path);
    return this.#perform('unlink', path, () => {
      const { parent, name } = parentOf(this.#root, 'unlink', segments, path);
      const entry = parent.current.get(name);
      if (entry === undefined) throw new DiskError('ENOENT', 'unlink', path);
      if (entry.kind === 'directory') throw new DiskError('EISDIR', 'unlink', path);
      this.#changeEntries(parent, { kind: 'remove', name });
    });
  }

  async mkdir(path: string): Promise<void> {
    const segments = pathSegments('mkdir', path);
    return this.#perform('mkdir', path, () => {
      const { parent, name } = parentOf(this.#root, 'mkdir', segments, path);
      if (parent.current.has(name)) throw new DiskError('EEXIST', 'mkdir', path);
      this.#changeEntries(parent, { kind: 'link', name, entry: { kind: 'directory', directory: new Directory(path) } });
    });
  }

  async list(directory = ''): Promise<string[]> {
    const segments = pathSegments('list', directory, true);
    return this.#perform('list', directory, () => [...directoryAt(this.#root, 'list', segments, directory).current.keys()].sort());
  }

  async syncDirectory(directory = ''): Promise<void> {
    const segments = pathSegments('syncDirectory', directory, true);
    return this.#perform('syncDirectory', directory, () => {
      const target = directoryAt(this.#root, 'syncDirectory', segments, directory);
      if (target.pending.length === 0) return;
      target.durable = new Map(target.current);
      target.pending.length = 0;
      this.#dirtyDirectories.delete(target);
      this.#markChanged();
    });
  }

  #markChanged(): void {
    this.#changed = true;
    this.#version++;
  }

  #syncFile(inode: Inode): void {
    if (inode.pending.length === 0) return;
    for (const change of inode.pending) {
      if (change.kind === 'write') inode.durable.write(change.position, change.data);
      else inode.durable.resize(change.size);
    }
    inode.pending.length = 0;
    this.#dirtyInodes.delete(inode);
    this.#markChanged();
  }

  #dropUnsynced(inode: Inode): void {
    if (inode.pending.length === 0) return;
    inode.pending.length = 0;
    this.#dirtyInodes.delete(inode);
    this.#markChanged();
  }

  #changeFile(inode: Inode, change: PendingFileChange): void {
    if (change.kind === 'write') inode.current.write(change.position, change.data);
    else inode.current.resize(change.size);
    inode.pending.push(change);
    this.#dirtyInodes.add(inode);
    this.#markChanged();
  }

  #changeEntries(directory: Directory, change: PendingEntryChange): void {
    applyEntryChange(directory.current, change);
    directory.pending.push(change);
    this.#dirtyDirectories.add(directory);
    this.#markChanged();
  }

  async #perform<T>(operation: DiskOperation, path: string, action: () => T, onFault?: () => void): Promise<T> {
    // read when the operation is issued, so removing the hook does not strand one in flight
    const completion = this.#completion;
    if (completion !== undefined) await completion(operation, path);
    if (this.#hook === undefined) return this.#performNow(operation, path, action, onFault);
    // with a hook, one operation at a time: the explorer must see each state before the next
    const previous = this.#tail;
    let release = (): void => {};
    this.#tail = new Promise((resolve) => (release = resolve));
    await previous;
    this.#changed = false;
    try {
      return this.#performNow(operation, path, action, onFault);
    } finally {
      // a failed fsync that dropped unsynced writes changed the crash state too
      if (this.#changed) await this.#hook(`${operation} ${path}`);
      release();
    }
  }

  #performNow<T>(operation: DiskOperation, path: string, action: () => T, onFault?: () => void): T {
    if (this.#crashed) throw new DiskError('EIO', operation, path, { cause: 'the disk crashed' });
    this.counters[operation]++;
    this.#faults.failIfDue(operation, path, onFault);
    return action();
  }
}
