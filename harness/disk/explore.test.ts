// The exhaustive crash explorer: it visits every crash point, hands the check exactly the
// states a crash there can leave, catches a workload that acknowledges before its fsync, and
// keeps to its limits. A small write-ahead log is the workload, as kv-wal will be.

import { describe, expect, test } from 'vitest';
import { CrashCheckError, exploreCrashes } from './explore.ts';
import { SimulatedDisk } from './simulated-disk.ts';
import type { Disk } from './disk.ts';

/**
 * A toy log of records [length, value x length]; `acknowledged` lists the values whose records
 * are durable (or, without syncBeforeAck, merely appended: the bug the explorer must catch).
 */
function toyLog(records: number, options: { syncBeforeAck: boolean; recordBytes?: number; syncEvery?: number }) {
  const recordBytes = options.recordBytes ?? 3;
  const acknowledged: number[] = [];
  const pending: number[] = [];
  const workload = async (disk: Disk) => {
    const file = await disk.open('wal', { create: true });
    await disk.syncDirectory();
    for (let value = 1; value <= records; value++) {
      await file.append(Uint8Array.from([recordBytes, ...new Array<number>(recordBytes).fill(value)]));
      pending.push(value);
      // group commit: one fsync acknowledges every record appended since the last one
      if (!options.syncBeforeAck) acknowledged.push(...pending.splice(0));
      else if (value % (options.syncEvery ?? 1) === 0) {
        await file.sync();
        acknowledged.push(...pending.splice(0));
      }
    }
    await file.close();
  };
  /** recovery: whole records up to the first torn or zeroed one */
  const recover = async (disk: Disk): Promise<number[]> => {
    if (!(await disk.exists('wal'))) return [];
    const bytes = await disk.readFile('wal');
    const recovered: number[] = [];
    for (let position = 0; position + 1 + recordBytes <= bytes.length; position += 1 + recordBytes) {
      const record = bytes.subarray(position + 1, position + 1 + recordBytes);
      if (bytes[position] !== recordBytes || record.some((value) => value !== record[0] || value === 0)) break;
      recovered.push(record[0] as number);
    }
    return recovered;
  };
  const check = async (crashed: Disk) => {
    // plain comparison (not expect) keeps thousands of states fast
    const recovered = (await recover(crashed)).slice(0, acknowledged.length).join(',');
    if (recovered !== acknowledged.join(',')) throw new Error(`lost acknowledged records: recovered ${recovered}`);
  };
  return { workload, check, acknowledged };
}

describe('exploreCrashes', () => {
  test('visits every crash point: the start and after each state-changing operation', async () => {
    const points = new Map<number, string>();
    const report = await exploreCrashes({
      workload: async (disk) => {
        const file = await disk.open('f', { create: true });
        await file.append(Uint8Array.of(1));
        await file.read(0, 1);
        await disk.list();
        await file.sync();
        await file.sync(); // nothing left to sync: no new crash point
        await disk.syncDirectory();
        await disk.rename('f', 'g');
        await disk.open('g'); // opening an existing file changes nothing
      },
      check: (_crashed, state) => {
        points.set(state.point, state.after);
      },
    });
    expect([...points.values()]).toEqual(['start', 'open f', 'append f', 'sync f', 'syncDirectory ', 'rename f']);
    expect(report.crashPoints).toBe(6);
    expect(report.complete).toBe(true);
  });

  test('visits every variant of a point when there are few: all kept, all lost and the torn ones', async () => {
    const contents: number[][] = [];
    const disk = new SimulatedDisk({ sectorBytes: 2 });
    const file = await disk.open('f', { create: true });
    await file.append(Uint8Array.of(1, 1, 1, 1));
    await file.sync();
    await disk.syncDirectory();
    const report = await exploreCrashes({
      disk,
      workload: async () => {
        await file.write(2, Uint8Array.of(2, 2, 2, 2));
      },
      check: async (crashed, state) => {
        if (state.point === 1) contents.push([...(await crashed.readFile('f'))]);
      },
    });
    expect(contents).toEqual([
      [1, 1, 2, 2, 2, 2],
      [1, 1, 1, 1],
      [1, 1, 1, 1, 0, 0],
      [1, 1, 2, 2, 0, 0],
      [1, 1, 1, 1, 2, 2],
    ]);
    expect(report).toEqual({ crashPoints: 2, states: 6, complete: true });
  });

  test('a durable log passes at every crash state; more than 1,000 of them', async () => {
    const log = toyLog(48, { syncBeforeAck: true, recordBytes: 200, syncEvery: 4 });
    const report = await exploreCrashes({ workload: log.workload, check: log.check });
    expect(log.acknowledged).toHaveLength(48);
    // start, open, syncDirectory, 48 appends, 12 fsyncs (close changes nothing)
    expect(report.crashPoints).toBe(1 + 2 + 48 + 12);
    expect(report.states).toBeGreaterThan(1000);
  });

  test('catches a log that acknowledges before fsync, naming the crash state', async () => {
    const log = toyLog(3, { syncBeforeAck: false });
    const failure = await exploreCrashes({ workload: log.workload, check: log.check }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CrashCheckError);
    const { state } = failure as CrashCheckError;
    expect(state.after).toBe('append wal');
    expect((failure as Error).message).toMatch(/^crash point \d+ \(after append wal\), variant \d+ of \d+ \[.*'wal': write@\d+\+4 lost.*\]: lost acknowledged/);
  });

  test('reports a check that throws a non-Error too', async () => {
    const failure = await exploreCrashes({
      workload: async () => {},
      check: () => {
        throw 'broken';
      },
    }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('crash point 0 (after start), variant 1 of 1 [nothing unsynced]: broken');
  });

  test('keeps to its limits: variants per point, states in all', async () => {
    const log = toyLog(4, { syncBeforeAck: false, recordBytes: 250 });
    const capped = await exploreCrashes({ workload: log.workload, check: () => {}, variantsPerPointMax: 3, seed: 5 });
    expect(capped.complete).toBe(false);
    expect(capped.states).toBeLessThanOrEqual(3 * capped.crashPoints);
    const midPoint = await exploreCrashes({ workload: log.workload, check: () => {}, statesMax: 2 });
    expect(midPoint).toEqual({ crashPoints: 2, states: 2, complete: false });
    const few = await exploreCrashes({ workload: toyLog(4, { syncBeforeAck: true }).workload, check: () => {}, statesMax: 7 });
    expect(few).toMatchObject({ states: 7, complete: false });
    await expect(exploreCrashes({ workload: async () => {}, check: () => {}, statesMax: 0 })).rejects.toThrow(RangeError);
    await expect(exploreCrashes({ workload: async () => {}, check: () => {}, variantsPerPointMax: 1.5 })).rejects.toThrow(
      'exploreCrashes: expected variantsPerPointMax as an integer >= 1, got 1.5',
    );
  });

  test('a sampled point still visits the all-kept and all-lost states first, the same for the same seed', async () => {
    const disk = new SimulatedDisk();
    const file = await disk.open('f', { create: true });
    for (let index = 0; index < 6; index++) await file.append(new Uint8Array(1500).fill(index + 1));
    const variants = disk.crashVariants({ variantsMax: 10, seed: 3 });
    expect(variants).toMatchObject({ count: 10, complete: false });
    expect([...(await variants.build(0).disk.readFile('f'))]).toEqual([...(await disk.readFile('f'))]);
    expect(await variants.build(1).disk.exists('f')).toBe(false);
    expect(variants.build(1).description).toContain("dir '': 0 of 1 entry changes");
    const again = disk.crashVariants({ variantsMax: 10, seed: 3 });
    for (let index = 2; index < 10; index++) expect(again.build(index).description).toBe(variants.build(index).description);
    expect(() => variants.build(10)).toThrow('disk.crashVariants: expected a variant index in [0, 10), got 10');
    expect(new SimulatedDisk().crashVariants().build(0).description).toBe('nothing unsynced');
    await file.sync();
    await file.truncate(10);
    const truncation = disk.crashVariants();
    expect(truncation.count).toBe(4);
    expect(truncation.build(2).description).toBe("dir '': 1 of 1 entry changes; 'f': truncate(10) lost");
    expect((await truncation.build(0).disk.readFile('f')).length).toBe(10);
    await file.write(0, new Uint8Array(10).fill(9));
    // kept or lost only: inside the file (not zeroed) and inside one sector (not torn)
    expect(disk.crashVariants().count).toBe(4 * 2);
    expect(() => truncation.build(0)).toThrow('disk.crashVariants: the disk changed since these variants were taken');
  });

  test('operations issued together run one at a time, each a crash point of its own', async () => {
    const afters: string[] = [];
    await exploreCrashes({
      workload: async (disk) => {
        const file = await disk.open('f', { create: true });
        const positions = await Promise.all([1, 2, 3].map((value) => file.append(Uint8Array.of(value))));
        expect(positions).toEqual([0, 1, 2]);
      },
      check: async (crashed, state) => {
        if (state.variant === 0) {
          afters.push(state.after);
          if (state.point > 0) expect((await crashed.readFile('f')).length).toBe(state.point - 1);
        }
      },
    });
    expect(afters).toEqual(['start', 'open f', 'append f', 'append f', 'append f']);
  });
});
