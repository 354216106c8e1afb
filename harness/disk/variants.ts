// The enumerable post-crash states of one moment, for the exhaustive crash explorer. Every
// unsynced change is a slot with a few options (a directory: how many of its changes survive;
// a file change: kept, lost, zeroed, torn first half, torn second half), and a variant is one
// option per slot. When the product of the options fits under the cap, every variant is
// visited; otherwise the cap's worth: all kept, all lost, and the rest drawn from the seed.

import { enumerableFates, type CrashChoice, type WriteFate } from './crash-state.ts';
import { seededUint32 } from '../random.ts';
import type { Directory, Inode } from './tree.ts';

export interface CrashVariants {
  /** how many variants `choice` accepts */
  readonly count: number;
  /** whether they are all the variants there are (false: a capped sample) */
  readonly complete: boolean;
  choice(index: number): CrashChoice;
}

type Slot =
  | { readonly kind: 'directory'; readonly directory: Directory; readonly options: number }
  | { readonly kind: 'change'; readonly inode: Inode; readonly fates: readonly WriteFate[]; readonly options: number };

function slotsOf(directories: Iterable<Directory>, inodes: Iterable<Inode>, sectorBytes: number): Slot[] {
  const slots: Slot[] = [];
  for (const directory of directories) {
    slots.push({ kind: 'directory', directory, options: directory.pending.length + 1 });
  }
  for (const inode of inodes) {
    for (const change of inode.pending) {
      const fates = enumerableFates(change, sectorBytes);
      slots.push({ kind: 'change', inode, fates, options: fates.length });
    }
  }
  return slots;
}

/** Option 0 of every slot keeps everything; `lostOption` keeps nothing. */
function lostOption(slot: Slot): number {
  return slot.kind === 'directory' ? slot.options - 1 : 1;
}

function choiceOf(slots: readonly Slot[], optionOf: (slot: Slot, slotIndex: number) => number): CrashChoice {
  const choice: CrashChoice = { survivingChanges: new Map(), fates: new Map() };
  slots.forEach((slot, slotIndex) => {
    const option = optionOf(slot, slotIndex);
    if (slot.kind === 'directory') {
      choice.survivingChanges.set(slot.directory, slot.directory.pending.length - option);
    } else {
      let fates = choice.fates.get(slot.inode);
      if (fates === undefined) choice.fates.set(slot.inode, (fates = []));
      fates.push(slot.fates[option] as WriteFate);
    }
  });
  return choice;
}

export function crashVariants(
  directories: Iterable<Directory>,
  inodes: Iterable<Inode>,
  options: { readonly sectorBytes: number; readonly variantsMax: number; readonly seed: number },
): CrashVariants {
  const slots = slotsOf(directories, inodes, options.sectorBytes);
  let total = 1;
  for (const slot of slots) {
    total *= slot.options;
    if (total > options.variantsMax) break;
  }
  const complete = total <= options.variantsMax;
  const count = complete ? total : options.variantsMax;
  const choice = (index: number): CrashChoice => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`disk.crashVariants: expected a variant index in [0, ${count}), got ${index}`);
    }
    if (complete) {
      // mixed radix: slot i's option is digit i of the index
      let rest = index;
      return choiceOf(slots, (slot) => {
        const option = rest % slot.options;
        rest = Math.floor(rest / slot.options);
        return option;
      });
    }
    if (index === 0) return choiceOf(slots, () => 0);
    if (index === 1) return choiceOf(slots, lostOption);
    const random = seededUint32(options.seed ^ Math.imul(index, 0x9e3779b1));
    return choiceOf(slots, (slot) => random() % slot.options);
  };
  return { count, complete, choice };
}
