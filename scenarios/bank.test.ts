// Scenarios of bank: the seed's example (Alice pays Bob 200.00), refusals as typed results,
// misuse, a bounded history, close and reopen on the real file system, and a thousand
// concurrent transfers around a ring of accounts that must all finish with the total intact.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { SimulatedDisk } from '../harness/disk/simulated-disk.ts';
import { systemSuite } from '../harness/suite.ts';
import { bankSpec } from '../spec/bank.ts';

const suite = await systemSuite(bankSpec);
const openBank = suite.implementation.default;

suite.check(['BANK-1', 'BANK-3', 'BANK-7'], 'the seed\'s example: Alice (1000.00) pays Bob (500.00) 200.00 with the memo "Payment"', async () => {
  const bank = await openBank({ disk: new SimulatedDisk() });
  expect(await bank.createAccount('Alice', 100_000)).toMatchObject({ ok: true });
  expect(await bank.createAccount('Bob', 50_000)).toMatchObject({ ok: true });
  expect(await bank.transfer('Alice', 'Bob', 20_000, 'Payment')).toMatchObject({ ok: true });
  expect([await bank.balance('Alice'), await bank.balance('Bob')]).toEqual([80_000, 70_000]);
  const [alice, bob] = [await bank.history('Alice'), await bank.history('Bob')];
  expect(alice?.at(-1)).toMatchObject({ kind: 'transfer-out', amount: 20_000, counterparty: 'Bob', memo: 'Payment', balanceAfter: 80_000 });
  expect(bob?.at(-1)).toMatchObject({ kind: 'transfer-in', amount: 20_000, counterparty: 'Alice', memo: 'Payment', balanceAfter: 70_000 });
  expect(alice?.at(-1)?.id).toBe(bob?.at(-1)?.id);
  await bank.close();
});

suite.check(['BANK-1', 'BANK-2', 'BANK-3', 'BANK-4'], 'refusals are typed results that change nothing', async () => {
  const bank = await openBank({ disk: new SimulatedDisk() });
  await bank.createAccount('a', 10);
  await bank.createAccount('b');
  expect(await bank.createAccount('a', 5)).toEqual({ ok: false, reason: 'account-exists' });
  expect(await bank.withdraw('a', 11)).toEqual({ ok: false, reason: 'insufficient-funds' });
  expect(await bank.transfer('a', 'b', 11)).toEqual({ ok: false, reason: 'insufficient-funds' });
  expect(await bank.transfer('a', 'a', 1)).toEqual({ ok: false, reason: 'same-account' });
  expect(await bank.transfer('a', 'nobody', 1)).toEqual({ ok: false, reason: 'no-such-account' });
  expect(await bank.deposit('nobody', 1)).toEqual({ ok: false, reason: 'no-such-account' });
  expect([await bank.balance('nobody'), await bank.history('nobody')]).toEqual([undefined, undefined]);
  expect(await bank.balances()).toEqual({ a: 10, b: 0 });
  expect((await bank.history('a'))?.length).toBe(1);
  await bank.close();
});

suite.check('BANK-5', 'rejects amounts that are not positive safe integers and ids that are not non-empty strings', async () => {
  const bank = await openBank({ disk: new SimulatedDisk() });
  await bank.createAccount('a', 10);
  await bank.createAccount('b', 10);
  for (const amount of [0, -5, 1.5, Number.NaN, Infinity, 2 ** 53, '5' as unknown as number]) {
    await expect(async () => bank.deposit('a', amount), `deposit ${String(amount)}`).rejects.toThrow(RangeError);
    await expect(async () => bank.transfer('a', 'b', amount), `transfer ${String(amount)}`).rejects.toThrow(/bank/);
  }
  await expect(async () => bank.createAccount('c', -1)).rejects.toThrow(RangeError);
  for (const id of ['', 7, undefined]) {
    await expect(async () => bank.createAccount(id as string, 0), `id ${String(id)}`).rejects.toThrow(TypeError);
    await expect(async () => bank.balance(id as string), `id ${String(id)}`).rejects.toThrow(/bank/);
  }
  expect(await bank.balances()).toEqual({ a: 10, b: 10 });
  await bank.close();
});

suite.check('BANK-7', 'history keeps the newest historyMax transactions, oldest first, ids increasing', async () => {
  const bank = await openBank({ disk: new SimulatedDisk(), historyMax: 3 });
  await bank.createAccount('a', 0);
  for (let amount = 1; amount <= 5; amount += 1) await bank.deposit('a', amount);
  const history = (await bank.history('a')) ?? [];
  expect(history.map((transaction) => [transaction.kind, transaction.amount, transaction.balanceAfter])).toEqual([
    ['deposit', 3, 6],
    ['deposit', 4, 10],
    ['deposit', 5, 15],
  ]);
  expect(history.map((transaction) => transaction.id)).toEqual([...history.map((transaction) => transaction.id)].sort((left, right) => left - right));
  await bank.close();
});

suite.check(['BANK-6', 'BANK-9'], 'a thousand concurrent transfers around a ring of ten accounts all finish, and every read sums to the total', async () => {
  const bank = await openBank({ disk: new SimulatedDisk() });
  const ids = Array.from({ length: 10 }, (_, index) => `account${index}`);
  for (const id of ids) await bank.createAccount(id, 1000);
  const reads: number[] = [];
  const transfers = Array.from({ length: 1000 }, async (_, index) => {
    const from = ids[index % 10] as string;
    const to = ids[(index + (index % 2 === 0 ? 1 : 9)) % 10] as string;
    await bank.transfer(from, to, 1 + (index % 700));
    if (index % 50 === 0) reads.push(Object.values(await bank.balances()).reduce((sum, balance) => sum + balance, 0));
  });
  await Promise.all(transfers);
  const final = await bank.balances();
  expect(reads.every((total) => total === 10_000)).toBe(true);
  expect(Object.values(final).reduce((sum, balance) => sum + balance, 0)).toBe(10_000);
  expect(Object.values(final).every((balance) => balance >= 0)).toBe(true);
  await bank.close();
});

suite.check('BANK-11', 'on the real file system, close waits for a transfer in flight, later calls reject, and reopening recovers it', async () => {
  const path = mkdtempSync(join(tmpdir(), 'touchstone-bank-'));
  try {
    const bank = await openBank({ path });
    await bank.createAccount('a', 500);
    await bank.createAccount('b', 0);
    // settled into a value at once, so a rejection is reported here rather than as unhandled
    const transferring = Promise.resolve(bank.transfer('a', 'b', 123)).then((result) => ({ result }), (error: unknown) => ({ error }));
    await bank.close();
    expect(await transferring).toMatchObject({ result: { ok: true } });
    await expect(async () => bank.balance('a')).rejects.toThrow();
    await expect(async () => bank.deposit('a', 1)).rejects.toThrow();
    const reopened = await openBank({ path });
    expect(await reopened.balances()).toEqual({ a: 377, b: 123 });
    expect((await reopened.history('b'))?.map((transaction) => transaction.kind)).toEqual(['open', 'transfer-in']);
    await reopened.close();
  } finally {
    rmSync(path, { recursive: true, force: true });
  }
});
