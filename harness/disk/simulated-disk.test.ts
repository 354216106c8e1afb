// The simulated disk's API outside crashes: error codes, misuse, closed handles, counters,
// injected faults, and the copy-on-write buffer under it.

import { describe, expect, test } from 'vitest';
import { ByteBuffer } from './bytes.ts';
import { createCounters, DiskError, hasErrorCode } from './disk.ts';
import { SimulatedDisk } from './simulated-disk.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('SimulatedDisk', () => {
  test('reads what was written, short at the end, zeros in gaps', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('log', { create: true });
    expect(await file.append(bytes(1, 2))).toBe(0);
    expect(await file.append(bytes(3))).toBe(2);
    await file.write(5, bytes(9));
    expect([...(await file.readAll())]).toEqual([1, 2, 3, 0, 0, 9]);
    expect([...(await file.read(4, 10))]).toEqual([0, 9]);
    expect([...(await file.read(10, 3))]).toEqual([]);
    await file.write(100, bytes());
    expect(await file.size()).toBe(6);
    await file.truncate(2);
    await file.truncate(4);
    expect([...(await disk.readFile('log'))]).toEqual([1, 2, 0, 0]);
    expect(await disk.size('log')).toBe(4);
    expect(file.path).toBe('log');
  });

  test('keeps its own copy of written data', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    const data = bytes(1, 2, 3);
    await file.write(0, data);
    data[0] = 7;
    const read = await file.readAll();
    read[1] = 7;
    expect([...(await file.readAll())]).toEqual([1, 2, 3]);
  });

  test('reports file-system failures as DiskErrors with Node codes', async () => {
    const disk = new SimulatedDisk();
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'ok',
        (error: unknown) => {
          expect(error).toBeInstanceOf(DiskError);
          return (error as DiskError).code;
        },
      );
    expect(await code(disk.open('missing'))).toBe('ENOENT');
    expect(await code(disk.mkdir('d'))).toBe('ok');
    expect(await code(disk.mkdir('d'))).toBe('EEXIST');
    expect(await code(disk.open('d', { create: true }))).toBe('EISDIR');
    expect(await code(disk.open('d', { create: true, exclusive: true }))).toBe('EEXIST');
    expect(await code(disk.open('x/y', { create: true }))).toBe('ENOENT');
    await (await disk.open('f', { create: true })).close();
    expect(await code(disk.open('f', { create: true, exclusive: true }))).toBe('EEXIST');
    expect(await code(disk.open('f/y', { create: true }))).toBe('ENOTDIR');
    expect(await code(disk.readFile('d'))).toBe('EISDIR');
    expect(await code(disk.readFile('nothing'))).toBe('ENOENT');
    expect(await code(disk.size('d'))).toBe('EISDIR');
    expect(await code(disk.unlink('d'))).toBe('EISDIR');
    expect(await code(disk.unlink('nothing'))).toBe('ENOENT');
    expect(await code(disk.rename('nothing', 'g'))).toBe('ENOENT');
    expect(await code(disk.rename('d', 'g'))).toBe('EISDIR');
    expect(await code(disk.rename('f', 'd'))).toBe('EISDIR');
    expect(await code(disk.list('f'))).toBe('ENOTDIR');
    expect(await code(disk.syncDirectory('nothing'))).toBe('ENOENT');
    expect(await disk.exists('f/y')).toBe(false);
    expect(await disk.exists('d')).toBe(true);
    expect(await disk.list()).toEqual(['d', 'f']);
  });

  test('throws TypeError or RangeError on misuse, naming the method', async () => {
    const disk = new SimulatedDisk();
    await expect(disk.open('/absolute')).rejects.toThrow(TypeError);
    await expect(disk.open('a/../b')).rejects.toThrow("disk.open: expected a relative path of non-empty segments without '.' or '..', got 'a/../b'");
    await expect(disk.readFile('')).rejects.toThrow(TypeError);
    await expect(disk.list(3 as unknown as string)).rejects.toThrow('disk.list: expected a path string, got 3');
    const file = await disk.open('f', { create: true });
    await expect(file.read(-1, 2)).rejects.toThrow(RangeError);
    await expect(file.read(0, 1.5)).rejects.toThrow('disk.read: expected length as an integer >= 0, got 1.5');
    await expect(file.write(0, [1] as unknown as Uint8Array)).rejects.toThrow('disk.write: expected data as a Uint8Array, got object');
    await expect(file.append('x' as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(file.truncate(-3)).rejects.toThrow(RangeError);
    expect(() => new SimulatedDisk({ sectorBytes: 0 })).toThrow(RangeError);
    expect(() => disk.injectFault({ operation: 'sync', after: -1 })).toThrow(RangeError);
  });

  test('a file cannot grow past fileBytesMax: EFBIG, and the limit survives a crash', async () => {
    const disk = new SimulatedDisk({ fileBytesMax: 4 });
    const file = await disk.open('f', { create: true });
    await file.write(2, bytes(1, 2));
    await expect(file.append(bytes(3))).rejects.toMatchObject({ code: 'EFBIG' });
    await expect(file.truncate(5)).rejects.toMatchObject({ code: 'EFBIG' });
    expect(await file.size()).toBe(4);
    const rebooted = disk.crash(0);
    expect(rebooted.fileBytesMax).toBe(4);
    expect(() => new SimulatedDisk({ fileBytesMax: -1 })).toThrow(RangeError);
  });

  test('a closed file fails with EBADF; closing twice is harmless', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    await file.close();
    await file.close();
    await expect(file.append(bytes(1))).rejects.toMatchObject({ code: 'EBADF' });
    await expect(file.sync()).rejects.toMatchObject({ code: 'EBADF' });
  });

  test('open with truncate empties the file; an unlinked open file stays readable', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    await file.append(bytes(1, 2));
    await (await disk.open('f', { truncate: true })).close();
    expect(await file.size()).toBe(0);
    await file.append(bytes(5));
    await disk.unlink('f');
    expect([...(await file.readAll())]).toEqual([5]);
    expect(await disk.exists('f')).toBe(false);
  });

  test('renames replace the target, within and across directories', async () => {
    const disk = new SimulatedDisk();
    await disk.mkdir('d');
    const first = await disk.open('a', { create: true });
    await first.append(bytes(1));
    await (await disk.open('b', { create: true })).append(bytes(2));
    await disk.rename('a', 'b');
    await disk.rename('b', 'b');
    expect([...(await disk.readFile('b'))]).toEqual([1]);
    await disk.rename('b', 'd/c');
    expect(await disk.list()).toEqual(['d']);
    expect(await disk.list('d')).toEqual(['c']);
    await first.append(bytes(3));
    expect([...(await disk.readFile('d/c'))]).toEqual([1, 3]);
  });

  test('counts operations and bytes', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    await file.append(bytes(1, 2, 3));
    await file.sync();
    await file.sync();
    await disk.syncDirectory();
    await disk.syncDirectory();
    await file.read(0, 2);
    await disk.readFile('f');
    expect(disk.counters).toMatchObject({ open: 1, append: 1, sync: 2, syncDirectory: 2, read: 1, readFile: 1 });
    expect(disk.counters.bytesWritten).toBe(3);
    expect(disk.counters.bytesRead).toBe(5);
    expect(createCounters().rename).toBe(0);
  });

  test('an injected fault fails the chosen operation with no effect, once', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    disk.injectFault({ operation: 'append', after: 1 });
    disk.injectFault({ operation: 'sync', code: 'ENOSPC' });
    await file.append(bytes(1));
    const failed = await file.append(bytes(2)).catch((error: unknown) => error);
    expect(hasErrorCode(failed, 'EIO')).toBe(true);
    expect(hasErrorCode('EIO', 'EIO')).toBe(false);
    await file.append(bytes(3));
    await expect(file.sync()).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(disk.allSynced).toBe(false);
    await file.sync();
    await disk.syncDirectory();
    expect(disk.allSynced).toBe(true);
    expect([...(await file.readAll())]).toEqual([1, 3]);
  });

  test('a failed fsync may drop the unsynced writes it covered: reads see them, no crash keeps them', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    await disk.syncDirectory();
    await file.append(bytes(1, 2));
    disk.injectFault({ operation: 'sync', dropsUnsynced: true });
    await expect(file.sync()).rejects.toMatchObject({ code: 'EIO' });
    await file.append(bytes(3));
    await file.sync();
    expect([...(await file.readAll())]).toEqual([1, 2, 3]);
    expect([...(await disk.crashVariants().build(0).disk.readFile('f'))]).toEqual([0, 0, 3]);
    disk.injectFault({ operation: 'sync', dropsUnsynced: true });
    await expect(file.sync()).rejects.toMatchObject({ code: 'EIO' });
    expect(disk.allSynced).toBe(true);
  });

  test('a failed fsync that drops writes is a crash point of its own', async () => {
    const { exploreCrashes } = await import('./explore.ts');
    const afters: string[] = [];
    await exploreCrashes({
      workload: async (disk) => {
        const file = await disk.open('f', { create: true });
        await file.append(bytes(1));
        disk.injectFault({ operation: 'sync', dropsUnsynced: true });
        await file.sync().catch(() => undefined);
      },
      check: (_crashed, state) => {
        if (state.variant === 0) afters.push(state.after);
      },
    });
    expect(afters).toEqual(['start', 'open f', 'append f', 'sync f']);
  });

  test('after a crash the old disk and its open files fail with EIO', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    disk.crash(1);
    await expect(file.append(bytes(1))).rejects.toMatchObject({ code: 'EIO' });
    await expect(disk.list()).rejects.toMatchObject({ code: 'EIO' });
    await expect(disk.open('f')).rejects.toThrow('EIO: disk.open');
  });
});

describe('ByteBuffer', () => {
  test('a fork shares content until either side writes', () => {
    const original = new ByteBuffer();
    original.write(0, bytes(1, 2, 3));
    const fork = original.fork();
    fork.write(1, bytes(9));
    original.resize(5);
    expect([...original.read(0, 10)]).toEqual([1, 2, 3, 0, 0]);
    expect([...fork.read(0, 10)]).toEqual([1, 9, 3]);
    const second = fork.fork();
    second.resize(1);
    expect([...fork.read(0, 10)]).toEqual([1, 9, 3]);
    expect([...second.read(0, 10)]).toEqual([1]);
  });

  test('a shrink then an extension reads zeros, not the old bytes', () => {
    const buffer = new ByteBuffer();
    buffer.write(0, bytes(1, 2, 3, 4));
    buffer.resize(1);
    buffer.resize(3);
    expect([...buffer.read(0, 4)]).toEqual([1, 0, 0]);
    expect(buffer.length).toBe(3);
  });
});

describe('SimulatedDisk completion hook', () => {
  test('holds each operation in flight until the hook resolves, and applies them in release order', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('log', { create: true });
    const held: { label: string; release: () => void }[] = [];
    disk.setCompletionHook((operation, path) => new Promise<void>((release) => held.push({ label: `${operation} ${path}`, release })));
    const first = file.append(bytes(1));
    const second = file.append(bytes(2));
    const reading = disk.readFile('log');
    await Promise.resolve();
    expect(held.map((entry) => entry.label)).toEqual(['append log', 'append log', 'readFile log']);
    expect(disk.counters.append).toBe(0);
    held[1]?.release();
    expect(await second).toBe(0);
    held[2]?.release();
    expect([...(await reading)]).toEqual([2]);
    held[0]?.release();
    expect(await first).toBe(1);
    disk.setCompletionHook(undefined);
    expect([...(await disk.readFile('log'))]).toEqual([2, 1]);
  });

  test('a rejected hook fails the operation with no effect, and a crashed disk does not inherit the hook', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    disk.setCompletionHook(async (operation) => {
      if (operation === 'write') throw new RangeError('no more pauses');
    });
    await expect(file.write(0, bytes(7))).rejects.toThrow(RangeError);
    expect(await file.size()).toBe(0);
    expect(disk.counters.write).toBe(0);
    const rebooted = disk.crash(1);
    await (await rebooted.open('g', { create: true })).write(0, bytes(1));
    expect(rebooted.counters.write).toBe(1);
  });
});
