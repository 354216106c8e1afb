// Scenarios of kv-wal: the seed's example (set, get, "crash", recover), a fixed workload whose
// every crash state is explored (at least 1,000 of them), a torn tail and a corrupt middle made
// by hand, misuse, close, and a real process killed with SIGKILL twenty times mid-workload.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { exploreCrashes } from '../harness/disk/explore.ts';
import { SimulatedDisk } from '../harness/disk/simulated-disk.ts';
import { childEnvironment } from '../harness/child-environment.ts';
import { implementationModulePath } from '../harness/implementation.ts';
import { shortestAllowedPrefix } from '../harness/prefix.ts';
import { seededUint32 } from '../harness/random.ts';
import { systemSuite } from '../harness/suite.ts';
import { corruptionCode, kvWalSpec, matchingPrefixes, type KvOperation } from '../spec/kv-wal.ts';

const suite = await systemSuite(kvWalSpec);
const openKvStore = suite.implementation.default;

async function sizes(disk: SimulatedDisk): Promise<Map<string, number>> {
  const files = await disk.list();
  return new Map(await Promise.all(files.map(async (file) => [file, await disk.size(file)] as const)));
}

/** the file a call grew the most, and by how much: where an append-only log put that call */
async function grownBy(disk: SimulatedDisk, call: () => Promise<unknown>): Promise<{ file: string; from: number; to: number }> {
  const before = await sizes(disk);
  await call();
  const after = await sizes(disk);
  const grown = [...after].map(([file, size]) => ({ file, from: before.get(file) ?? 0, to: size })).sort((left, right) => right.to - right.from - (left.to - left.from))[0];
  if (grown === undefined || grown.to <= grown.from) throw new Error('the write grew no file');
  return grown;
}

suite.check(['WAL-1', 'WAL-12'], 'the seed\'s example: values set before the store is dropped are there when it is opened again', async () => {
  const disk = new SimulatedDisk();
  const store = await openKvStore({ disk });
  await store.set('user:1', JSON.stringify({ name: 'Alice', age: 30 }));
  await store.set('counter', '100');
  expect(JSON.parse((await store.get('user:1')) ?? 'null')).toEqual({ name: 'Alice', age: 30 });
  await store.close();
  const recovered = await openKvStore({ disk });
  expect(await recovered.entries()).toEqual([['counter', '100'], ['user:1', '{"name":"Alice","age":30}']]);
  expect(recovered.recovery).toMatchObject({ tail: 'clean', tailBytesDiscarded: 0 });
  await recovered.close();
});

suite.check(['WAL-2', 'WAL-3', 'WAL-4', 'WAL-8'], 'every crash state of a fixed 160-step workload with compactions (at least 1,000 states) recovers to an allowed prefix', async () => {
  const operations: KvOperation[] = [];
  const acknowledged = new Set<number>();
  const call = (store: Awaited<ReturnType<typeof openKvStore>>, operation: KvOperation) => {
    const index = operations.push(operation) - 1;
    const pending = operation.kind === 'set' ? store.set(operation.key, operation.value) : store.delete(operation.key);
    return Promise.resolve(pending).then(() => acknowledged.add(index));
  };
  const random = seededUint32(2026);
  const pick = (values: readonly string[]) => values[random() % values.length] as string;
  const report = await exploreCrashes({
    variantsPerPointMax: 64,
    seed: 1,
    workload: async (disk) => {
      const store = await openKvStore({ disk });
      for (let step = 0; step < 160; step += 1) {
        if (step % 20 === 19) {
          await store.compact();
          continue;
        }
        // one to three calls together, so some commits carry several records
        const together = Array.from({ length: 1 + (random() % 3) }, (): KvOperation => {
          const key = pick(['a', 'b', 'c']);
          return random() % 4 === 0 ? { kind: 'delete', key } : { kind: 'set', key, value: pick(['1', 'x'.repeat(700), 'y'.repeat(1300)]) };
        });
        await Promise.all(together.map((operation) => call(store, operation)));
      }
      await store.close();
    },
    check: async (crashed) => {
      const store = await openKvStore({ disk: crashed });
      const entries = await store.entries();
      await store.close();
      expect(matchingPrefixes(operations, shortestAllowedPrefix(acknowledged), entries), `recovered ${JSON.stringify(entries.map(([key, value]) => [key, value.length]))}`).not.toEqual([]);
    },
  });
  expect(report.states).toBeGreaterThanOrEqual(1000);
}, { timeoutMs: 120_000 });

suite.check('WAL-5', 'a log whose last write was cut short opens without it, reports the torn tail, and is clean afterwards', async () => {
  const disk = new SimulatedDisk();
  const store = await openKvStore({ disk });
  await store.set('kept', 'yes');
  const last = await grownBy(disk, () => store.set('torn', 'a value long enough to be cut in the middle'));
  await store.close();
  const file = await disk.open(last.file);
  const cut = Math.floor((last.to - last.from) / 2);
  await file.truncate(last.from + cut);
  await file.sync();
  await file.close();
  const reopened = await openKvStore({ disk });
  expect(await reopened.entries()).toEqual([['kept', 'yes']]);
  expect(reopened.recovery).toMatchObject({ tail: 'torn', tailBytesDiscarded: cut });
  await reopened.set('after', 'tear');
  await reopened.close();
  const again = await openKvStore({ disk });
  expect(again.recovery).toMatchObject({ tail: 'clean', tailBytesDiscarded: 0 });
  expect(await again.entries()).toEqual([['after', 'tear'], ['kept', 'yes']]);
  await again.close();
});

suite.check('WAL-6', 'a damaged byte in the middle of the log makes open reject with ECORRUPT', async () => {
  const disk = new SimulatedDisk();
  const store = await openKvStore({ disk });
  const first = await grownBy(disk, () => store.set('first', 'a record in the middle of the log'));
  for (let index = 0; index < 5; index += 1) await store.set(`later${index}`, 'acknowledged after the damage');
  await store.close();
  const file = await disk.open(first.file);
  const middle = first.from + Math.floor((first.to - first.from) / 2);
  const [byte = 0] = await file.read(middle, 1);
  await file.write(middle, Uint8Array.of(byte ^ 0x5a));
  await file.sync();
  await file.close();
  const opening = openKvStore({ disk });
  await expect(opening).rejects.toMatchObject({ code: corruptionCode });
});

suite.check('WAL-11', 'rejects keys and values that are not strings, and options without exactly one of disk and path', async () => {
  const store = await openKvStore({ disk: new SimulatedDisk() });
  for (const [method, call] of [
    ['set key', () => store.set(1 as unknown as string, 'v')],
    ['set value', () => store.set('k', { v: 1 } as unknown as string)],
    ['get', () => store.get(undefined as unknown as string)],
    ['delete', () => store.delete(null as unknown as string)],
  ] as const) {
    await expect(async () => call(), method).rejects.toThrow(TypeError);
    await expect(async () => call(), method).rejects.toThrow(/kv-wal/);
  }
  await store.close();
  await expect(async () => openKvStore({})).rejects.toThrow(TypeError);
  await expect(async () => openKvStore({ disk: new SimulatedDisk(), path: tmpdir() })).rejects.toThrow(TypeError);
});

suite.check('WAL-12', 'close waits for a write in flight, later calls reject, and reopening has the write', async () => {
  const disk = new SimulatedDisk();
  const store = await openKvStore({ disk });
  // settled into a value at once, so a rejection is reported here rather than as unhandled
  const writing = Promise.resolve(store.set('in', 'flight')).then(() => 'acknowledged', (error: unknown) => error);
  await store.close();
  expect(await writing).toBe('acknowledged');
  await expect(async () => store.get('in')).rejects.toThrow();
  await expect(async () => store.set('after', 'close')).rejects.toThrow();
  const reopened = await openKvStore({ disk });
  expect(await reopened.entries()).toEqual([['in', 'flight']]);
  await reopened.close();
});

suite.check('WAL-14', 'a failed fsync rejects the writes it covered and every later write; a crash then recovers an allowed prefix', async () => {
  const disk = new SimulatedDisk();
  const store = await openKvStore({ disk });
  await store.set('a', 'acknowledged');
  disk.injectFault({ operation: 'sync', dropsUnsynced: true });
  const failed = await Promise.resolve(store.set('b', 'not durable')).then(() => 'acknowledged', (error: unknown) => error);
  expect(failed, 'the write whose fsync failed').toBeInstanceOf(Error);
  expect(await store.get('b')).toBeUndefined();
  const later = await Promise.resolve(store.set('c', 'after the failure')).then(() => 'acknowledged', (error: unknown) => error);
  expect(later, 'a write after the failed fsync').toBeInstanceOf(Error);
  await Promise.resolve(store.close()).catch(() => undefined);
  const recovered = await openKvStore({ disk: disk.crash(3) });
  expect([[['a', 'acknowledged']], [['a', 'acknowledged'], ['b', 'not durable']]]).toContainEqual(await recovered.entries());
  await recovered.close();
});

/** Runs the writer child until it has acknowledged `ackTarget` writes, then kills it with SIGKILL. */
function killMidWorkload(directory: string, start: number, ackTarget: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [new URL('./workers/kv-wal-writer.mjs', import.meta.url).pathname, implementationModulePath(kvWalSpec.id), directory, String(start)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: childEnvironment(),
    });
    const acknowledged: number[] = [];
    let buffered = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line !== '') acknowledged.push(Number(line));
      if (acknowledged.length >= ackTarget) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the writer ended without being killed (${String(signal)}): ${errors.slice(0, 500)}`));
    });
  });
}

suite.check('WAL-13', 'a real process killed with SIGKILL twenty times mid-workload loses no acknowledged write', async () => {
  // four stores side by side, each killed five times: the kills are what matter, and starting a
  // child mostly waits, so lanes in parallel keep the scenario short
  const lanes = 4;
  const roundsPerLane = 5;
  const root = mkdtempSync(join(tmpdir(), 'touchstone-kv-wal-'));
  const lane = async (laneIndex: number) => {
    const directory = join(root, `lane${laneIndex}`);
    const expected = new Map<string, string>();
    for (let round = 0; round < roundsPerLane; round += 1) {
      const acknowledged = await killMidWorkload(directory, (laneIndex * roundsPerLane + round) * 100_000, 10 + ((round * 37 + laneIndex * 11) % 50));
      for (const index of acknowledged) expected.set(`key${index % 500}`, `value${index}`);
      const store = await openKvStore({ path: directory });
      const entries = new Map(await store.entries());
      await store.close();
      const missing = [...expected].filter(([key, value]) => entries.get(key) !== value && !laterValue(entries.get(key), value));
      expect(missing, `store ${laneIndex + 1}, kill ${round + 1}: acknowledged writes missing after SIGKILL`).toEqual([]);
    }
  };
  try {
    await Promise.all(Array.from({ length: lanes }, (_, index) => lane(index)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}, { timeoutMs: 180_000 });

/** a key may hold a later write than the last acknowledged one (issued, durable, not yet reported) */
function laterValue(found: string | undefined, acknowledged: string): boolean {
  return found !== undefined && Number(found.slice('value'.length)) > Number(acknowledged.slice('value'.length));
}
