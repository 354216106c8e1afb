// Bank's misuse checks (BANK-5): every malformed amount, id, memo and option, one argument at a
// time, must throw its class with "bank.<method>: expected <what>, got <value>" showing the value
// (a number or string by its text, since "got number" or "got undefined" tells nobody anything)
// and change nothing; the exact limits are accepted beside one past them, which is rejected.

import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Disk } from '../../harness/disk/disk.ts';
import { SimulatedDisk } from '../../harness/disk/simulated-disk.ts';
import { failureOf } from '../../harness/failure.ts';
import { falsyValues } from '../../harness/generators.ts';
import { expectMisuse, valueLabel, type MisuseCase } from '../../harness/misuse.ts';
import type { Suite } from '../../harness/suite.ts';
import type { Bank, BankOptions, bankSpec } from '../../spec/bank.ts';

type BankSuite = Suite<typeof bankSpec>;
type OpenBank = BankSuite['implementation']['default'];

// String() of it throws, so a message built with String(value) or `${value}` fails on it
const bare = Object.create(null) as object;
const objects: readonly unknown[] = [{}, [], [3], bare, Symbol('bad'), () => 4, 5n];

/** not positive safe integers: falsy values, NaN, fractions, negatives, past 2**53, strings, objects */
const notPositiveSafeIntegers: readonly unknown[] = [
  ...falsyValues, -1, -5, 1.5, 0.5, Number.MIN_VALUE, Infinity, -Infinity, 2 ** 53, Number.MAX_VALUE, '42', ' 7', true, ...objects,
];
/** an initial balance may be 0 and may be left out; -0 is left free */
const badInitialBalances = notPositiveSafeIntegers.filter((value) => value !== 0 && value !== undefined);
const badIds: readonly unknown[] = [...falsyValues, 7, -1, true, ['a'], ...objects];
// null is left free: treating it as "no memo" is as reasonable as rejecting it
const badMemos: readonly unknown[] = [...falsyValues.filter((value) => value !== undefined && value !== null && value !== ''), 5, true, ['m'], ...objects];
/** undefined (and null) mean the default; every other value that is not a positive safe integer is misuse */
const badOptionValues = notPositiveSafeIntegers.filter((value) => value !== undefined && value !== null);

interface Misuse extends MisuseCase {
  readonly method: string;
  readonly value: unknown;
}

async function expectBankMisuse(suite: BankSuite, misuse: Misuse): Promise<void> {
  await expectMisuse(suite, 'BANK-5', { ...misuse, label: `${misuse.method} with ${valueLabel(misuse.value)}` });
}

async function ledgerOf(bank: Bank): Promise<unknown> {
  return { balances: await bank.balances(), a: await bank.history('a'), b: await bank.history('b') };
}

/** every malformed argument of every method, on one bank holding a and b */
async function expectArgumentMisuse(suite: BankSuite, bank: Bank): Promise<void> {
  const loose = bank as unknown as Record<string, (...args: unknown[]) => unknown>;
  const call = (method: string, ...args: unknown[]) => () => (loose[method] as (...args: unknown[]) => unknown).call(bank, ...args);
  const integer = /integer/i;
  const misuses: Misuse[] = [
    ...badInitialBalances.map((value) => ({ method: 'createAccount', value, classes: [RangeError], mentions: integer, call: call('createAccount', 'c', value) })),
    ...notPositiveSafeIntegers.flatMap((value) => [
      { method: 'deposit', value, classes: [RangeError], mentions: integer, call: call('deposit', 'a', value) },
      { method: 'withdraw', value, classes: [RangeError], mentions: integer, call: call('withdraw', 'a', value) },
      { method: 'transfer', value, classes: [RangeError], mentions: integer, call: call('transfer', 'a', 'b', value) },
    ]),
    ...badIds.flatMap((value) => [
      { method: 'createAccount', value, classes: [TypeError], call: call('createAccount', value, 0) },
      { method: 'deposit', value, classes: [TypeError], call: call('deposit', value, 1) },
      { method: 'withdraw', value, classes: [TypeError], call: call('withdraw', value, 1) },
      { method: 'transfer', value, classes: [TypeError], call: call('transfer', value, 'b', 1) },
      { method: 'transfer', value, classes: [TypeError], call: call('transfer', 'a', value, 1) },
      { method: 'balance', value, classes: [TypeError], call: call('balance', value) },
      { method: 'history', value, classes: [TypeError], call: call('history', value) },
    ]),
    ...badMemos.map((value) => ({ method: 'transfer', value, classes: [TypeError], call: call('transfer', 'a', 'b', 1, value) })),
  ];
  for (const misuse of misuses) await expectBankMisuse(suite, misuse);
}

export function misuseChecks(suite: BankSuite, openBank: OpenBank): void {
  suite.check('BANK-5', 'every malformed amount, initial balance, id and memo of every method throws its class, naming bank.<method>, the constraint and the value, and changes nothing', async () => {
    const bank = await openBank({ disk: new SimulatedDisk() });
    try {
      await bank.createAccount('a', 10);
      await bank.createAccount('b', 10);
      await bank.transfer('a', 'b', 3, 'rent');
      const before = await ledgerOf(bank);
      await expectArgumentMisuse(suite, bank);
      const after = await ledgerOf(bank);
      suite.rule('BANK-5', () => expect(after, 'the ledger after every misuse').toEqual(before));
    } finally {
      await bank.close();
    }
  });

  suite.check('BANK-5', 'open rejects every historyMax and compactAfterRecords that is not a positive safe integer, and options without exactly one of disk and path, naming bank.open, the option and the value', async () => {
    const loose = openBank as unknown as (options: unknown) => Promise<Bank>;
    const opened = (options: unknown) => async () => {
      const bank = await loose(options);
      await bank.close();
    };
    for (const option of ['historyMax', 'compactAfterRecords'] as const) {
      for (const value of badOptionValues) {
        await expectBankMisuse(suite, { method: 'open', value, classes: [TypeError, RangeError], mentions: new RegExp(option), call: opened({ disk: new SimulatedDisk(), [option]: value }) });
      }
    }
    // a directory that a bank taking the path before it looks at the disk would create, removed after
    const path = join(tmpdir(), `touchstone-bank-both-${process.pid}`);
    const disk: Disk = new SimulatedDisk();
    for (const [what, options] of [['no disk or path', {}], ['both a disk and a path', { disk, path }]] as const) {
      const error = await failureOf(opened(options));
      suite.rule('BANK-5', () => {
        expect(error instanceof TypeError || error instanceof RangeError, `open with ${what} throws a TypeError or RangeError`).toBe(true);
        expect((error as Error).message, `open with ${what}`).toMatch(/^bank\.open: expected \S/);
      });
    }
    rmSync(path, { recursive: true, force: true });
  });

  suite.check(['BANK-5', 'BANK-2', 'BANK-3', 'BANK-7'], 'the exact limits are accepted: historyMax and compactAfterRecords 1 and 2**53 - 1, an initial balance of 0, amounts of 1 and 2**53 - 1, a withdrawal or transfer of the whole balance', async () => {
    for (const options of [{ historyMax: 1 }, { historyMax: Number.MAX_SAFE_INTEGER }, { compactAfterRecords: 1 }, { compactAfterRecords: Number.MAX_SAFE_INTEGER }] satisfies Partial<BankOptions>[]) {
      const disk = new SimulatedDisk();
      const failure = await failureOf(async () => (await openBank({ disk, ...options })).close());
      suite.rule('BANK-5', () => expect(failure, `open with ${JSON.stringify(options)}`).toBeUndefined());
    }
    const bank = await openBank({ disk: new SimulatedDisk(), historyMax: 1, compactAfterRecords: 1 });
    try {
      const opened = [await bank.createAccount('a', 0), await bank.createAccount('b', Number.MAX_SAFE_INTEGER), await bank.createAccount('c', 0), await bank.createAccount('d')];
      const deposits = [await bank.deposit('a', 1), await bank.deposit('c', Number.MAX_SAFE_INTEGER)];
      suite.rule('BANK-5', () => expect([...opened, ...deposits].map((result) => result.ok), 'open with 0, 2**53 - 1, 0 and none; deposit 1 and 2**53 - 1').toEqual([true, true, true, true, true, true]));
      await bank.deposit('a', 9);
      const [overdraw, withdrawal] = [await bank.withdraw('a', 11), await bank.withdraw('a', 10)];
      suite.rule('BANK-2', () => {
        expect(overdraw, 'withdraw one more than the balance (10)').toEqual({ ok: false, reason: 'insufficient-funds' });
        expect(withdrawal.ok, 'withdraw the whole balance (10)').toBe(true);
      });
      await bank.deposit('a', 7);
      const [overdrawn, transfer] = [await bank.transfer('a', 'd', 8), await bank.transfer('a', 'd', 7)];
      const balances = await bank.balances();
      suite.rule('BANK-3', () => {
        expect(overdrawn, 'transfer one more than the balance (7)').toEqual({ ok: false, reason: 'insufficient-funds' });
        expect(transfer.ok, 'transfer the whole balance (7)').toBe(true);
        expect(balances, 'balances after it').toEqual({ a: 0, b: Number.MAX_SAFE_INTEGER, c: Number.MAX_SAFE_INTEGER, d: 7 });
      });
      const history = await bank.history('a');
      suite.rule('BANK-7', () => expect(history?.map(({ kind, amount, balanceAfter }) => [kind, amount, balanceAfter]), 'with historyMax 1, the newest transaction alone').toEqual([['transfer-out', 7, 0]]));
    } finally {
      await bank.close();
    }
  });
}
