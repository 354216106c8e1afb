// Performance gate of kv-wal: acknowledged durable writes per second with 64 concurrent
// writers on the real file system, against a log that fsyncs every write (group commit is
// what the gate measures), with classic-level (LevelDB, sync writes) measured beside.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import openKvStore from '../impl/kv-wal/index.ts';
import { defineGates, type Gate } from '../harness/perf.ts';
import { concurrentWriters, FsyncPerWriteLog } from './fsync-per-write.ts';

const writers = 64;
const writesPerRun = 2048;
/** the baseline pays one fsync per write: fewer writes keep a sample near a second */
const baselineWritesPerRun = 128;
const value = 'v'.repeat(100);
const encoder = new TextEncoder();

export default defineGates('kv-wal', async (): Promise<Gate[]> => {
  const root = mkdtempSync(join(tmpdir(), 'touchstone-kv-wal-perf-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const store = await openKvStore({ path: join(root, 'ours') });
  const baseline = await FsyncPerWriteLog.open(join(root, 'baseline.log'));
  const level = new ClassicLevel<string, string>(join(root, 'level'));
  await level.open();
  let round = 0;
  return [
    {
      kind: 'ratio',
      name: `acknowledged durable writes per second, ${writers} concurrent writers`,
      unit: 'writes',
      minRatio: 5,
      cpuTimeMs: 50,
      ours: {
        name: 'kv-wal (group commit)',
        workPerRun: writesPerRun,
        run: () => concurrentWriters(writers, writesPerRun, (index) => store.set(`key${index % 1000}`, `${value}${round++}`)),
      },
      baseline: {
        name: 'append + fsync per write',
        workPerRun: baselineWritesPerRun,
        run: () => concurrentWriters(writers, baselineWritesPerRun, (index) => baseline.append(encoder.encode(`key${index % 1000}\t${value}\n`))),
      },
      alongside: [
        {
          name: 'classic-level put {sync: true}',
          workPerRun: writesPerRun,
          run: () => concurrentWriters(writers, writesPerRun, (index) => level.put(`key${index % 1000}`, `${value}${round++}`, { sync: true })),
        },
      ],
    },
  ];
});
