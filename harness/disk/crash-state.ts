// Which post-crash states a real disk can leave, and how to build one. Synced data and synced
// directory entries always survive. Each unsynced write to a file is lost, kept, torn (only
// some of its 512-byte sectors reach the platter; a sector is atomic) or, when it extended the
// file, zeroed (the new size survives but the data does not, so the tail reads zeros); each
// unsynced truncation is kept or lost; fates are independent, as page-cache writeback is
// unordered. A directory's unsynced entry changes (creations, renames, unlinks) survive as
// a prefix, as a journaling file system commits them in order. A choice names one fate per
// change; a seed picks one at random, and a variant index enumerates a small set of them.

import { ByteBuffer } from './bytes.ts';
import { applyEntryChange, applyFileChange, Directory, Inode, type Entry, type PendingFileChange } from './tree.ts';

export type WriteFate =
  | { readonly kind: 'kept' }
  | { readonly kind: 'lost' }
  | { readonly kind: 'zeroed' }
  | { readonly kind: 'torn'; readonly keptSectors: readonly number[] };

export interface CrashChoice {
  /** how many of each dirty directory's pending entry changes survive */
  readonly survivingChanges: Map<Directory, number>;
  /** the fate of each pending change of each dirty file, in order */
  readonly fates: Map<Inode, WriteFate[]>;
}

const kept: WriteFate = { kind: 'kept' };
const lost: WriteFate = { kind: 'lost' };
const zeroed: WriteFate = { kind: 'zeroed' };

function sectorsOf(change: PendingFileChange & { kind: 'write' }, sectorBytes: number): number[] {
  const first = Math.floor(change.position / sectorBytes);
  const last = Math.floor((change.position + change.data.length - 1) / sectorBytes);
  return Array.from({ length: last - first + 1 }, (_, offset) => first + offset);
}

/** The fates a variant enumeration offers for one change: kept and lost first, then the torn kinds. */
export function enumerableFates(change: PendingFileChange, sectorBytes: number): WriteFate[] {
  if (change.kind === 'truncate') return [kept, lost];
  const fates: WriteFate[] = [kept, lost];
  if (change.extendsFile) fates.push(zeroed);
  const sectors = sectorsOf(change, sectorBytes);
  if (sectors.length > 1) {
    const half = Math.ceil(sectors.length / 2);
    fates.push({ kind: 'torn', keptSectors: sectors.slice(0, half) });
    fates.push({ kind: 'torn', keptSectors: sectors.slice(half) });
  }
  return fates;
}

/** One fate drawn at random among all a real disk allows (torn: any proper subset of sectors). */
export function randomFate(change: PendingFileChange, sectorBytes: number, random: () => number): WriteFate {
  const draw = random();
  if (change.kind === 'truncate') return draw < 0.5 ? kept : lost;
  const sectors = sectorsOf(change, sectorBytes);
  if (draw < 0.35) return kept;
  if (draw < 0.7) return lost;
  if (draw < 0.85 && sectors.length > 1) {
    const keptSectors = sectors.filter(() => random() < 0.5);
    if (keptSectors.length > 0 && keptSectors.length < sectors.length) return { kind: 'torn', keptSectors };
  }
  return change.extendsFile ? zeroed : lost;
}

function applyFate(content: ByteBuffer, change: PendingFileChange, fate: WriteFate, sectorBytes: number): void {
  if (fate.kind === 'lost') return;
  if (fate.kind === 'kept' || change.kind === 'truncate') {
    applyFileChange(content, change);
    return;
  }
  const end = change.position + change.data.length;
  // zeroed and torn writes keep the new size: the metadata landed, not (all) the data
  if (end > content.length) content.resize(end);
  if (fate.kind === 'torn') {
    for (const sector of fate.keptSectors) {
      const from = Math.max(change.position, sector * sectorBytes);
      const to = Math.min(end, (sector + 1) * sectorBytes);
      content.write(from, change.data.subarray(from - change.position, to - change.position));
    }
  }
}

/** Builds the post-crash tree for a choice; the old tree is untouched and shares storage copy-on-write. */
export function buildCrashedRoot(root: Directory, choice: CrashChoice, sectorBytes: number): Directory {
  // an inode may be reachable twice (a half-applied rename across directories), a directory not
  const inodes = new Map<Inode, Inode>();

  const crashedInode = (inode: Inode): Inode => {
    let rebuilt = inodes.get(inode);
    if (rebuilt === undefined) {
      const content = inode.durable.fork();
      // a choice names a fate for every pending change of every dirty inode
      const fates = choice.fates.get(inode);
      if (fates !== undefined) {
        inode.pending.forEach((change, index) => applyFate(content, change, fates[index] as WriteFate, sectorBytes));
      }
      rebuilt = new Inode(inode.createdAs, content);
      inodes.set(inode, rebuilt);
    }
    return rebuilt;
  };

  const crashedDirectory = (directory: Directory): Directory => {
    const entries = new Map(directory.durable);
    const surviving = choice.survivingChanges.get(directory) ?? 0;
    for (const change of directory.pending.slice(0, surviving)) applyEntryChange(entries, change);
    const rebuiltEntries = new Map<string, Entry>();
    const rebuilt = new Directory(directory.path, rebuiltEntries);
    for (const [name, entry] of entries) {
      rebuiltEntries.set(
        name,
        entry.kind === 'file'
          ? { kind: 'file', inode: crashedInode(entry.inode) }
          : { kind: 'directory', directory: crashedDirectory(entry.directory) },
      );
    }
    rebuilt.current = new Map(rebuiltEntries);
    return rebuilt;
  };

  return crashedDirectory(root);
}

/** A random choice, the same for the same random sequence. */
export function randomChoice(
  dirtyDirectories: Iterable<Directory>,
  dirtyInodes: Iterable<Inode>,
  sectorBytes: number,
  random: () => number,
): CrashChoice {
  const survivingChanges = new Map<Directory, number>();
  for (const directory of dirtyDirectories) {
    survivingChanges.set(directory, Math.floor(random() * (directory.pending.length + 1)));
  }
  const fates = new Map<Inode, WriteFate[]>();
  for (const inode of dirtyInodes) {
    fates.set(inode, inode.pending.map((change) => randomFate(change, sectorBytes, random)));
  }
  return { survivingChanges, fates };
}

export function describeChoice(choice: CrashChoice): string {
  const parts: string[] = [];
  for (const [directory, surviving] of choice.survivingChanges) {
    parts.push(`dir '${directory.path}': ${surviving} of ${directory.pending.length} entry changes`);
  }
  for (const [inode, fates] of choice.fates) {
    const described = fates.map((fate, index) => {
      const change = inode.pending[index] as PendingFileChange;
      const what = change.kind === 'write' ? `write@${change.position}+${change.data.length}` : `truncate(${change.size})`;
      return `${what} ${fate.kind === 'torn' ? `torn[sectors ${fate.keptSectors.join(',')}]` : fate.kind}`;
    });
    parts.push(`'${inode.createdAs}': ${described.join(', ')}`);
  }
  return parts.length === 0 ? 'nothing unsynced' : parts.join('; ');
}
