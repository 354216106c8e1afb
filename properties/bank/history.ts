// Bank's checks on what history hands back (BANK-7): a snapshot, not a view of the ledger, so
// neither later operations nor the caller's changes to it alter what anyone sees; a field only
// when it has a value (the same transaction after a reopen, when serialization drops undefined);
// and at most historyMax, the newest, also when a ledger written with a longer history reopens.

import { expect } from 'vitest';
import { SimulatedDisk } from '../../harness/disk/simulated-disk.ts';
import type { Suite } from '../../harness/suite.ts';
import type { Bank, bankSpec, Transaction } from '../../spec/bank.ts';

type BankSuite = Suite<typeof bankSpec>;
type OpenBank = BankSuite['implementation']['default'];

/** no transaction of the history has a field present without a value (memo: undefined on a deposit) */
export function expectFieldsWithValues(suite: BankSuite, account: string, history: readonly Transaction[] | undefined): void {
  const empty = (history ?? []).flatMap((transaction) => Object.entries(transaction).filter(([, value]) => value === undefined).map(([field]) => `#${transaction.id} ${transaction.kind}: ${field}`));
  suite.rule('BANK-7', () => expect(empty, `fields present without a value in the history of ${JSON.stringify(account)}`).toEqual([]));
}

/** tries to change a returned array; a frozen one may refuse, which is as good */
function scribbleOn(history: Transaction[] | undefined): void {
  try {
    history?.reverse();
    history?.push({ id: 0, kind: 'deposit', amount: 1, balanceAfter: 1 });
    history?.splice(0, 1);
  } catch {
    // frozen: nothing to see
  }
}

const summary = (history: readonly Transaction[] | undefined) => history?.map(({ id, kind, amount, balanceAfter }) => `#${id} ${kind} ${amount} -> ${balanceAfter}`);

async function fill(bank: Bank, deposits: number): Promise<void> {
  await bank.createAccount('a', 5);
  await bank.createAccount('b', 0);
  for (let amount = 1; amount <= deposits; amount += 1) await bank.deposit('a', amount);
  await bank.transfer('a', 'b', 2);
  await bank.transfer('b', 'a', 1, 'back');
}

export function historyChecks(suite: BankSuite, openBank: OpenBank): void {
  suite.check('BANK-7', 'history returns a snapshot: later operations and calls do not change an array already returned, and changing it changes nothing in the bank', async () => {
    const bank = await openBank({ disk: new SimulatedDisk(), historyMax: 5 });
    try {
      await fill(bank, 2);
      const returned = await bank.history('a');
      const seen = summary(returned);
      await bank.deposit('a', 100);
      await bank.transfer('a', 'b', 50, 'later');
      await bank.withdraw('a', 1);
      suite.rule('BANK-7', () => expect(summary(returned), 'the array returned before three more operations').toEqual(seen));
      const now = await bank.history('a');
      const expected = summary(now);
      suite.rule('BANK-7', () => expect(summary(returned), 'the array returned first, once history was called again').toEqual(seen));
      scribbleOn(now);
      scribbleOn(returned);
      const again = summary(await bank.history('a'));
      suite.rule('BANK-7', () => expect(again, 'history after the caller changed the arrays it was given').toEqual(expected));
      suite.rule('BANK-7', () => expect(expected?.length, 'at most historyMax (5)').toBe(5));
    } finally {
      await bank.close();
    }
  });

  suite.check('BANK-7', 'a transaction has a field only when it has a value: no memo on a deposit or on a transfer given none, no counterparty outside a transfer', async () => {
    const bank = await openBank({ disk: new SimulatedDisk() });
    try {
      await fill(bank, 1);
      await bank.transfer('a', 'b', 1, '');
      for (const id of ['a', 'b']) {
        const history = await bank.history(id);
        expectFieldsWithValues(suite, id, history);
        const shapes = history?.map((transaction) => `${transaction.kind}: ${Object.keys(transaction).sort().join(' ')}`);
        suite.rule('BANK-7', () => expect(shapes?.filter((shape) => !shape.startsWith('transfer')).filter((shape) => shape.includes('memo') || shape.includes('counterparty')), `${id}: memos or counterparties outside transfers`).toEqual([]));
      }
      const memos = (await bank.history('b'))?.map((transaction) => ('memo' in transaction ? transaction.memo : 'none'));
      suite.rule('BANK-7', () => expect(memos, 'the memos of b: none on its opening, none, "back", the empty string').toEqual(['none', 'none', 'back', '']));
    } finally {
      await bank.close();
    }
  });

  suite.check(['BANK-7', 'BANK-11'], 'a bank reopened with a smaller historyMax keeps only the newest transactions of each account, however much of its ledger it recovers from a snapshot', async () => {
    for (const compactAfterRecords of [1, 3, 1000]) {
      const disk = new SimulatedDisk();
      const first = await openBank({ disk, historyMax: 6, compactAfterRecords });
      await fill(first, 8);
      const before = summary(await first.history('a'));
      await first.close();
      const reopened = await openBank({ disk, historyMax: 2, compactAfterRecords });
      try {
        const after = summary(await reopened.history('a'));
        suite.rule('BANK-7', () => expect(after, `reopened with historyMax 2 (compacting after ${compactAfterRecords})`).toEqual(before?.slice(-2)));
        await reopened.deposit('a', 1);
        const later = await reopened.history('a');
        suite.rule('BANK-7', () => expect(summary(later)?.slice(0, 1), 'and after one more deposit').toEqual(before?.slice(-1)));
        suite.rule('BANK-7', () => expect(later?.length, 'and after one more deposit').toBe(2));
      } finally {
        await reopened.close();
      }
    }
  });
}
