// Bank's bounded-log check (BANK-10, house rule 8): a workload whose state stays the same size
// (balances back and forth, bounded histories) runs for hundreds of operations, with and without
// reopenings; the bytes on the disk late in the run must stay within a small factor of the most
// seen early on, when a few compactions have already happened. A log never compacted, or whose
// count of commands restarts wrong after a reopen, grows with the operations instead.

import { expect } from 'vitest';
import type { Disk } from '../../harness/disk/disk.ts';
import { SimulatedDisk } from '../../harness/disk/simulated-disk.ts';
import type { Suite } from '../../harness/suite.ts';
import type { Bank, bankSpec } from '../../spec/bank.ts';

type BankSuite = Suite<typeof bankSpec>;
type OpenBank = BankSuite['implementation']['default'];

/** every file's bytes under a directory of the disk; a file that vanishes meanwhile (compaction runs in the background) counts 0 */
export async function bytesOnDisk(disk: Disk, directory = ''): Promise<number> {
  let total = 0;
  const names = await disk.list(directory).catch(() => [] as string[]);
  for (const name of names) {
    const path = directory === '' ? name : `${directory}/${name}`;
    const size = await disk.size(path).catch(() => undefined);
    total += size ?? (await bytesOnDisk(disk, path));
  }
  return total;
}

/** the i-th operation of a cycle that leaves balances and history sizes as they were, refusals included */
function step(bank: Bank, index: number): Promise<unknown> {
  switch (index % 6) {
    case 0:
      return Promise.resolve(bank.deposit('a', 5));
    case 1:
      return Promise.resolve(bank.transfer('a', 'b', 5, 'there'));
    case 2:
      return Promise.resolve(bank.withdraw('b', 10 ** 9));
    case 3:
      return Promise.resolve(bank.transfer('b', 'a', 5));
    case 4:
      return Promise.resolve(bank.withdraw('a', 5));
    default:
      return Promise.resolve(bank.deposit('nobody', 1));
  }
}

const earlyOperations = 48;
const operations = 600;
const growthMax = 4;

async function bytesOverRun(openBank: OpenBank, compactAfterRecords: number, reopenEvery: number | undefined): Promise<{ early: number; late: number }> {
  const disk = new SimulatedDisk();
  const options = { disk, historyMax: 4, compactAfterRecords };
  let bank = await openBank(options);
  await bank.createAccount('a', 1000);
  await bank.createAccount('b', 1000);
  let [early, late] = [0, 0];
  try {
    for (let index = 0; index < operations; index += 1) {
      await step(bank, index);
      if (reopenEvery !== undefined && index % reopenEvery === reopenEvery - 1) {
        await bank.close();
        bank = await openBank(options);
      }
      const bytes = await bytesOnDisk(disk);
      if (index < earlyOperations) early = Math.max(early, bytes);
      else late = Math.max(late, bytes);
    }
  } finally {
    await bank.close();
  }
  return { early, late };
}

export function boundedLogChecks(suite: BankSuite, openBank: OpenBank): void {
  suite.check('BANK-10', `over ${operations} operations that keep the state the same size, with and without reopenings, compaction keeps the bytes on disk within ${growthMax} times the most seen in the first ${earlyOperations}`, async () => {
    for (const compactAfterRecords of [1, 2, 5]) {
      for (const reopenEvery of [undefined, 3, 7]) {
        const { early, late } = await bytesOverRun(openBank, compactAfterRecords, reopenEvery);
        const run = `compactAfterRecords ${compactAfterRecords}, ${reopenEvery === undefined ? 'never reopened' : `reopened every ${reopenEvery} operations`}`;
        suite.rule('BANK-10', () => expect(late, `${run}: the most bytes on disk after operation ${earlyOperations}, against ${early} before`).toBeLessThanOrEqual(growthMax * early));
      }
    }
  }, { timeoutMs: 60_000 });
}
