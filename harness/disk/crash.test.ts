// The crash model: what survives a simulated power loss. Synced data always does; unsynced
// writes are lost, kept, torn at sector boundaries or zero-filled; unsynced creations,
// renames and unlinks may be undone; the same seed always picks the same state.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SimulatedDisk } from './simulated-disk.ts';

const filled = (length: number, value: number) => new Uint8Array(length).fill(value);
const seeds = Array.from({ length: 120 }, (_, seed) => seed);

/** Every file and directory of a disk, for comparing whole states. */
async function dump(disk: SimulatedDisk, directory = ''): Promise<Record<string, number[] | 'dir'>> {
  const tree: Record<string, number[] | 'dir'> = {};
  for (const name of await disk.list(directory)) {
    const path = directory === '' ? name : `${directory}/${name}`;
    const listed = await disk.list(path).catch(() => undefined);
    if (listed === undefined) tree[path] = [...(await disk.readFile(path))];
    else Object.assign(tree, { [path]: 'dir' }, await dump(disk, path));
  }
  return tree;
}

async function crashedStates(prepare: () => Promise<SimulatedDisk>): Promise<Record<string, number[] | 'dir'>[]> {
  const states = [];
  for (const seed of seeds) states.push(await dump((await prepare()).crash(seed)));
  return states;
}

describe('a crash of the simulated disk', () => {
  test('keeps synced data: a synced prefix survives any later unsynced appends', async () => {
    const chunk = fc.array(fc.nat(255), { minLength: 1, maxLength: 900 });
    await fc.assert(
      fc.asyncProperty(fc.array(chunk, { maxLength: 4 }), fc.array(chunk, { maxLength: 4 }), fc.nat(), async (synced, unsynced, seed) => {
        const disk = new SimulatedDisk();
        const file = await disk.open('log', { create: true });
        await disk.syncDirectory();
        for (const data of synced) await file.append(Uint8Array.from(data));
        await file.sync();
        for (const data of unsynced) await file.append(Uint8Array.from(data));
        const after = await disk.crash(seed).readFile('log');
        const expected = synced.flat();
        expect(after.length).toBeGreaterThanOrEqual(expected.length);
        expect([...after.subarray(0, expected.length)]).toEqual(expected);
      }),
    );
  });

  test('a fully synced disk is the same after every crash', async () => {
    const prepare = async () => {
      const disk = new SimulatedDisk();
      await disk.mkdir('d');
      const file = await disk.open('d/f', { create: true });
      await file.write(0, filled(1500, 3));
      await file.truncate(1000);
      await file.sync();
      await disk.syncDirectory('d');
      await disk.syncDirectory();
      expect(disk.allSynced).toBe(true);
      return disk;
    };
    const expected = await dump(await prepare());
    for (const state of await crashedStates(prepare)) expect(state).toEqual(expected);
  });

  test('an fsynced file whose directory entry was not synced may vanish, but never loses synced data', async () => {
    const states = await crashedStates(async () => {
      const disk = new SimulatedDisk();
      const file = await disk.open('f', { create: true });
      await file.append(filled(10, 1));
      await file.sync();
      return disk;
    });
    expect(states).toContainEqual({});
    expect(states).toContainEqual({ f: [...filled(10, 1)] });
    expect(states.every((state) => state.f === undefined || state.f.length === 10)).toBe(true);
  });

  test('a rename before the directory fsync may be undone; after it, it is not', async () => {
    const prepare = (syncAfterRename: boolean) => async () => {
      const disk = new SimulatedDisk();
      for (const [name, value] of [['data', 1], ['data.tmp', 2]] as const) {
        const file = await disk.open(name, { create: true });
        await file.append(filled(4, value));
        await file.sync();
      }
      await disk.syncDirectory();
      await disk.rename('data.tmp', 'data');
      if (syncAfterRename) await disk.syncDirectory();
      return disk;
    };
    const old = { data: [1, 1, 1, 1], 'data.tmp': [2, 2, 2, 2] };
    const renamed = { data: [2, 2, 2, 2] };
    const unsynced = await crashedStates(prepare(false));
    expect(unsynced).toContainEqual(old);
    expect(unsynced).toContainEqual(renamed);
    expect(unsynced.every((state) => JSON.stringify(state) === JSON.stringify(old) || JSON.stringify(state) === JSON.stringify(renamed))).toBe(true);
    for (const state of await crashedStates(prepare(true))) expect(state).toEqual(renamed);
  });

  test('tears unsynced writes only at sector boundaries', async () => {
    const states = await crashedStates(async () => {
      const disk = new SimulatedDisk();
      const file = await disk.open('f', { create: true });
      await file.write(0, filled(2048, 0xaa));
      await file.sync();
      await disk.syncDirectory();
      await file.write(0, filled(2048, 0xbb));
      return disk;
    });
    const sectorKinds = new Set<string>();
    for (const state of states) {
      const content = state.f as number[];
      expect(content.length).toBe(2048);
      const sectors = Array.from({ length: 4 }, (_, index) => new Set(content.slice(index * 512, index * 512 + 512)));
      expect(sectors.every((values) => values.size === 1)).toBe(true);
      sectorKinds.add(sectors.map((values) => [...values][0]).join(','));
    }
    // old, new and torn mixtures all occur
    expect(sectorKinds.has('170,170,170,170')).toBe(true);
    expect(sectorKinds.has('187,187,187,187')).toBe(true);
    expect(sectorKinds.size).toBeGreaterThan(3);
  });

  test('an unsynced append may extend the file with zeros instead of its data', async () => {
    const states = await crashedStates(async () => {
      const disk = new SimulatedDisk({ sectorBytes: 4096 });
      const file = await disk.open('log', { create: true });
      await file.append(Uint8Array.from([1, 2, 3]));
      await file.sync();
      await disk.syncDirectory();
      await file.append(filled(600, 7));
      return disk;
    });
    const lengths = new Set(states.map((state) => (state.log as number[]).length));
    expect(lengths).toEqual(new Set([3, 603]));
    expect(states).toContainEqual({ log: [1, 2, 3, ...filled(600, 0)] });
    expect(states).toContainEqual({ log: [1, 2, 3, ...filled(600, 7)] });
  });

  test('an unsynced truncation is kept or lost', async () => {
    const states = await crashedStates(async () => {
      const disk = new SimulatedDisk();
      const file = await disk.open('f', { create: true });
      await file.append(filled(8, 5));
      await file.sync();
      await disk.syncDirectory();
      await file.truncate(2);
      return disk;
    });
    expect(new Set(states.map((state) => JSON.stringify(state)))).toEqual(
      new Set([JSON.stringify({ f: [5, 5] }), JSON.stringify({ f: [...filled(8, 5)] })]),
    );
  });

  test('an unsynced directory takes its synced files with it; unsynced unlinks may be undone', async () => {
    const states = await crashedStates(async () => {
      const disk = new SimulatedDisk();
      await (await disk.open('gone', { create: true })).close();
      await disk.syncDirectory();
      await disk.mkdir('d');
      const file = await disk.open('d/f', { create: true });
      await file.append(filled(2, 9));
      await file.sync();
      await disk.syncDirectory('d');
      await disk.unlink('gone');
      return disk;
    });
    expect(states).toContainEqual({ gone: [] });
    expect(states).toContainEqual({ gone: [], d: 'dir', 'd/f': [9, 9] });
    expect(states).toContainEqual({ d: 'dir', 'd/f': [9, 9] });
    // directory changes survive in order: the unlink never without the mkdir before it
    expect(states).not.toContainEqual({});
  });

  test('a rename across directories is durable only when both are synced', async () => {
    const states = await crashedStates(async () => {
      const disk = new SimulatedDisk();
      await disk.mkdir('a');
      await disk.mkdir('b');
      const file = await disk.open('a/f', { create: true });
      await file.sync();
      await disk.syncDirectory('a');
      await disk.syncDirectory();
      await disk.rename('a/f', 'b/f');
      await disk.syncDirectory('b');
      return disk;
    });
    expect(states).toContainEqual({ a: 'dir', b: 'dir', 'b/f': [] });
    expect(states).toContainEqual({ a: 'dir', 'a/f': [], b: 'dir', 'b/f': [] });
  });

  test('a file left in two directories by a half-applied rename is one file', async () => {
    const disk = new SimulatedDisk();
    await disk.mkdir('a');
    await disk.mkdir('b');
    await disk.syncDirectory();
    const file = await disk.open('a/f', { create: true });
    await file.append(Uint8Array.of(1));
    await disk.syncDirectory('a');
    await disk.rename('a/f', 'b/f');
    await disk.syncDirectory('b');
    const variants = disk.crashVariants();
    // variant 1: the rename's removal from 'a' is lost, the append kept: the file is in both
    const crashed = variants.build(1).disk;
    expect(await crashed.list('a')).toEqual(['f']);
    expect(await crashed.list('b')).toEqual(['f']);
    await (await crashed.open('a/f')).append(Uint8Array.of(2));
    expect([...(await crashed.readFile('b/f'))]).toEqual([...(await crashed.readFile('a/f'))]);
  });

  test('a crashed disk can crash again, during recovery, and keeps what it synced', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    await file.append(filled(100, 1));
    await file.sync();
    await disk.syncDirectory();
    const rebooted = disk.crash(7);
    const recovery = await rebooted.open('f');
    await recovery.append(filled(100, 2));
    await recovery.sync();
    await recovery.append(filled(100, 3));
    const synced = [...filled(100, 1), ...filled(100, 2)].join();
    // crash() may be asked again of the same moment for another of its post-crash states
    const states = await crashedStates(async () => rebooted);
    expect(states.every((state) => (state.f as number[]).slice(0, 200).join() === synced)).toBe(true);
    expect(new Set(states.map((state) => (state.f as number[]).length))).toEqual(new Set([200, 300]));
  });

  test('the same seed gives the same post-crash state; other seeds give others', async () => {
    const prepare = async () => {
      const disk = new SimulatedDisk();
      await disk.mkdir('d');
      for (const name of ['a', 'b', 'd/c']) {
        const file = await disk.open(name, { create: true });
        await file.append(filled(700, name.length));
        await file.sync();
        await file.write(300, filled(900, 4));
        await file.truncate(1000);
      }
      await disk.rename('a', 'd/a');
      return disk;
    };
    const first = await crashedStates(prepare);
    expect(await crashedStates(prepare)).toEqual(first);
    expect(new Set(first.map((state) => JSON.stringify(state))).size).toBeGreaterThan(20);
  });
});
