// Performance gate of bank: acknowledged durable transfers per second with 64 concurrent
// clients on the real file system, against a bank that fsyncs every transfer; and transfers per
// second on the simulated disk, which shows the ledger's own cost, reported without a bound.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openBank from '../impl/bank/index.ts';
import { SimulatedDisk } from '../harness/disk/simulated-disk.ts';
import { defineGates, type Gate } from '../harness/perf.ts';
import { concurrentWriters, FsyncPerWriteLog } from './fsync-per-write.ts';

const clients = 64;
const accounts = 100;
const transfersPerRun = 2048;
const baselineTransfersPerRun = 128;
const encoder = new TextEncoder();

const payer = (index: number) => `account${index % accounts}`;
const payee = (index: number) => `account${(index * 7 + 1) % accounts}`;

export default defineGates('bank', async (): Promise<Gate[]> => {
  const root = mkdtempSync(join(tmpdir(), 'touchstone-bank-perf-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const durable = await openBank({ path: join(root, 'ours') });
  const inMemory = await openBank({ disk: new SimulatedDisk() });
  for (let index = 0; index < accounts; index += 1) {
    await durable.createAccount(payer(index), 1_000_000_000);
    await inMemory.createAccount(payer(index), 1_000_000_000);
  }
  // the baseline bank: balances in a Map, each transfer logged and fsynced before it is applied
  const baselineLog = await FsyncPerWriteLog.open(join(root, 'baseline.log'));
  const baselineBalances = new Map(Array.from({ length: accounts }, (_, index) => [payer(index), 1_000_000_000]));
  const baselineTransfer = async (from: string, to: string, amount: number) => {
    await baselineLog.append(encoder.encode(`${JSON.stringify({ from, to, amount })}\n`));
    const balance = baselineBalances.get(from) ?? 0;
    if (from === to || balance < amount) return;
    baselineBalances.set(from, balance - amount);
    baselineBalances.set(to, (baselineBalances.get(to) ?? 0) + amount);
  };
  return [
    {
      kind: 'ratio',
      name: `acknowledged durable transfers per second, ${clients} concurrent clients`,
      unit: 'transfers',
      minRatio: 5,
      cpuTimeMs: 50,
      ours: { name: 'bank (group commit)', workPerRun: transfersPerRun, run: () => concurrentWriters(clients, transfersPerRun, (index) => durable.transfer(payer(index), payee(index), 1 + (index % 100))) },
      baseline: { name: 'fsync per transfer', workPerRun: baselineTransfersPerRun, run: () => concurrentWriters(clients, baselineTransfersPerRun, (index) => baselineTransfer(payer(index), payee(index), 1 + (index % 100))) },
    },
    {
      kind: 'metric',
      name: 'transfers per second on the simulated disk (the ledger and log without fsync latency)',
      unit: 'transfers/s',
      async measure() {
        const started = performance.now();
        await concurrentWriters(clients, 50_000, (index) => inMemory.transfer(payer(index), payee(index), 1 + (index % 100)));
        return 50_000 / ((performance.now() - started) / 1000);
      },
    },
  ];
});
