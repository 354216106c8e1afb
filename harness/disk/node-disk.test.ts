// The real disk (and the counting wrapper over any disk): positional I/O, real fsyncs of files
// and directories, Node error codes with root-relative paths, misuse, and appends issued
// together on one handle each finding the end the previous one left.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createCountingDisk } from './counting-disk.ts';
import { DiskError } from './disk.ts';
import { createNodeDisk } from './node-disk.ts';
import { SimulatedDisk } from './simulated-disk.ts';
import * as index from './index.ts';

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'touchstone-node-disk-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the Node disk', () => {
  test('writes, appends, truncates and syncs files and directories', async () => {
    const disk = createNodeDisk(root);
    await disk.mkdir('d');
    const file = await disk.open('d/log', { create: true, exclusive: true });
    expect(await file.append(Uint8Array.of(1, 2))).toBe(0);
    await file.write(4, Uint8Array.of(5));
    await file.sync();
    await disk.syncDirectory('d');
    await disk.syncDirectory();
    expect([...(await file.readAll())]).toEqual([1, 2, 0, 0, 5]);
    expect([...(await file.read(1, 2))]).toEqual([2, 0]);
    await file.truncate(1);
    expect(await file.size()).toBe(1);
    await file.close();
    await file.close();
    await expect(file.read(0, 1)).rejects.toMatchObject({ code: 'EBADF' });
    await disk.rename('d/log', 'd/renamed');
    expect(await disk.list('d')).toEqual(['renamed']);
    expect(await disk.size('d/renamed')).toBe(1);
    expect(await disk.exists('d/log')).toBe(false);
    await disk.unlink('d/renamed');
    expect(await disk.list('d')).toEqual([]);
  });

  test('reports errors with Node codes and root-relative paths', async () => {
    const disk = createNodeDisk(root);
    const failure = await disk.readFile('missing').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DiskError);
    expect(failure).toMatchObject({ code: 'ENOENT', path: 'missing', message: "ENOENT: disk.readFile 'missing'" });
    await disk.mkdir('d');
    await expect(disk.size('d')).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(disk.rename('d', 'e')).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(disk.syncDirectory('nothing')).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(join(root, 'f'), 'x');
    await expect(disk.syncDirectory('f')).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  test('throws TypeError or RangeError on misuse', async () => {
    const disk = createNodeDisk(root);
    await expect(disk.open('../escape', { create: true })).rejects.toThrow(TypeError);
    await expect(disk.list('/')).rejects.toThrow(TypeError);
    const file = await disk.open('f', { create: true });
    await expect(file.write(-1, Uint8Array.of(1))).rejects.toThrow(RangeError);
    await expect(file.append(null as unknown as Uint8Array)).rejects.toThrow(TypeError);
    await expect(file.truncate(Number.NaN)).rejects.toThrow(RangeError);
    await expect(file.read(0, -1)).rejects.toThrow(RangeError);
    await file.close();
  });

  test('appends issued together on one handle do not overwrite each other', async () => {
    const disk = createNodeDisk(root);
    const file = await disk.open('log', { create: true });
    const positions = await Promise.all(Array.from({ length: 20 }, (_, value) => file.append(Uint8Array.of(value, value))));
    expect(new Set(positions).size).toBe(20);
    expect((await file.readAll()).length).toBe(40);
    await file.close();
    await expect(file.append(Uint8Array.of(1))).rejects.toMatchObject({ code: 'EBADF' });
    await expect(file.append(Uint8Array.of(1))).rejects.toMatchObject({ code: 'EBADF' });
  });
});

describe('the counting disk', () => {
  test('counts every operation and the bytes moved, over any disk', async () => {
    for (const inner of [createNodeDisk(root), new SimulatedDisk()]) {
      const disk = createCountingDisk(inner);
      await disk.mkdir('d');
      const file = await disk.open('d/f', { create: true });
      await file.append(Uint8Array.of(1, 2, 3));
      await file.write(3, Uint8Array.of(4));
      await file.read(0, 2);
      await file.readAll();
      await file.truncate(2);
      await file.size();
      await file.sync();
      await file.close();
      await disk.syncDirectory('d');
      await disk.readFile('d/f');
      await disk.size('d/f');
      await disk.exists('d/f');
      await disk.list('d');
      await disk.rename('d/f', 'd/g');
      await disk.unlink('d/g');
      expect(disk.counters).toMatchObject({
        open: 1, append: 1, write: 1, read: 2, truncate: 1, size: 2, sync: 1, close: 1, syncDirectory: 1,
        readFile: 1, exists: 1, list: 1, rename: 1, unlink: 1, mkdir: 1, bytesWritten: 4, bytesRead: 8,
      });
    }
  });

  test('the index exports the whole API', () => {
    expect(Object.keys(index).sort()).toEqual(
      ['CrashCheckError', 'DiskError', 'SimulatedDisk', 'createCountingDisk', 'createNodeDisk', 'diskOperations', 'exploreCrashes', 'forwardingDisk', 'hasErrorCode'].sort(),
    );
  });
});
