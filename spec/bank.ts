// bank: accounts, deposits, withdrawals and atomic transfers, durable through a write-ahead
// log on the Disk interface. Money is integer minor units (cents), never floats. The model is
// a Map of balances with a list of transactions per account, applied one command at a time.
//
// Concurrency: a single writer. Every mutation joins one ordered commit pipeline and is
// validated and applied in that order, so a transfer never holds one account while waiting
// for another: there are no locks to order and nothing to deadlock on. The seed orders two
// locks by account id instead; in one JavaScript thread the pipeline gives the same atomicity
// and isolation without locks, and it is also the log's order, so replay is deterministic.

import type { Disk } from '../harness/disk/disk.ts';
import { defineSpec } from '../harness/spec.ts';

export interface BankOptions {
  /** the disk the bank lives on, at its root; or a real directory as path (exactly one) */
  readonly disk?: Disk;
  readonly path?: string;
  /** transactions kept per account, oldest dropped first (default 1000) */
  readonly historyMax?: number;
  /** snapshot the ledger and restart the log after this many logged commands (default 100,000); tests set it low */
  readonly compactAfterRecords?: number;
}

export type Refusal = 'no-such-account' | 'account-exists' | 'insufficient-funds' | 'same-account';

export type BankResult = { readonly ok: true; readonly transactionId: number } | { readonly ok: false; readonly reason: Refusal };

export interface Transaction {
  /** increases by one with every successful mutation of the bank */
  readonly id: number;
  readonly kind: 'open' | 'deposit' | 'withdraw' | 'transfer-out' | 'transfer-in';
  readonly amount: number;
  /** the other account of a transfer */
  readonly counterparty?: string;
  readonly memo?: string;
  readonly balanceAfter: number;
}

export interface Bank {
  /** opens an account with an initial balance (an integer >= 0, default 0) */
  createAccount(id: string, initialBalance?: number): Promise<BankResult>;
  deposit(id: string, amount: number): Promise<BankResult>;
  withdraw(id: string, amount: number): Promise<BankResult>;
  /** moves amount from one account to the other atomically, or changes nothing */
  transfer(from: string, to: string, amount: number, memo?: string): Promise<BankResult>;
  /** the account's balance, undefined for an unknown account */
  balance(id: string): Promise<number | undefined>;
  /** every balance at one instant, by account id */
  balances(): Promise<Record<string, number>>;
  /** the account's transactions, oldest first (at most historyMax); undefined for an unknown account */
  history(id: string): Promise<Transaction[] | undefined>;
  /** waits for mutations in flight; afterwards every call rejects */
  close(): Promise<void>;
}

export type OpenBank = (options: BankOptions) => Promise<Bank>;

export interface BankModule {
  readonly default: OpenBank;
}

export const bankSpec = defineSpec({
  id: 'bank',
  title: 'Bank with atomic transfers and a write-ahead log',
  rules: {
    'BANK-1': 'createAccount opens an account with its initial balance; an id already open is refused as account-exists.',
    'BANK-2': 'deposit adds the amount; withdraw subtracts it when the balance covers it and is refused as insufficient-funds otherwise, changing nothing.',
    'BANK-3': 'A transfer moves the amount between two accounts atomically, or is refused (insufficient-funds, no-such-account, same-account) and changes nothing.',
    'BANK-4': 'Operations on an unknown account are refused as no-such-account; balance and history return undefined for it.',
    'BANK-5': 'An amount that is not a positive safe integer (an initial balance: not an integer >= 0) is rejected with a RangeError, an id that is not a non-empty string or a memo that is neither undefined nor a string with a TypeError, and open rejects options without exactly one of disk and path or with a historyMax or compactAfterRecords that is not a positive safe integer (1 and 2**53 - 1 accepted), each changing nothing and saying "bank.<method>: expected <what>, got <value>" with the option named, an amount\'s constraint called an integer, and the value given shown.',
    'BANK-6': 'No balance is ever negative, and every balances() read sums to the money deposited minus withdrawn (Jepsen\'s bank checker).',
    'BANK-7': 'history returns a snapshot, which later operations and changes to the returned array do not alter, of an account\'s successful operations oldest first with amounts, counterparties, memos and balances after (a field present only with a value), at most historyMax of them (the newest, also after reopening with a smaller historyMax), with transaction ids increasing.',
    'BANK-8': 'Under concurrent clients the history of operations and reads is linearizable with respect to the sequential bank model, so transfers are serializable.',
    'BANK-9': 'Concurrent transfers in opposite directions between the same accounts all complete: the bank never deadlocks.',
    'BANK-10': 'After any crash the bank recovers the model state after a prefix of the calls holding every acknowledged one (money is conserved and no acknowledged transfer is lost), from a log that compaction keeps to about compactAfterRecords commands past its snapshot, so the bytes on its disk stay bounded by its state however many operations and reopenings it sees (exactly when it compacts is free).',
    'BANK-11': 'close waits for operations in flight; every later call of another method rejects with an Error whose message begins "bank.<method>:"; reopening recovers the state at close.',
  },
  exports: ['default'],
  async smoke(module: BankModule) {
    const { SimulatedDisk } = await import('../harness/disk/simulated-disk.ts');
    const bank = await module.default({ disk: new SimulatedDisk() });
    await bank.createAccount('smoke', 1);
    const balance = await bank.balance('smoke');
    await bank.close();
    return balance;
  },
});

export type BankCommand =
  | { readonly kind: 'open'; readonly id: string; readonly amount: number }
  | { readonly kind: 'deposit' | 'withdraw'; readonly id: string; readonly amount: number }
  | { readonly kind: 'transfer'; readonly from: string; readonly to: string; readonly amount: number; readonly memo?: string };

/** The model: balances in a Map, and a transaction list per account, one command at a time. */
export class BankModel {
  readonly balances = new Map<string, number>();
  readonly histories = new Map<string, Transaction[]>();
  nextTransactionId = 1;

  constructor(readonly historyMax = 1000) {}

  apply(command: BankCommand): BankResult {
    const refusal = this.#refusal(command);
    if (refusal !== undefined) return { ok: false, reason: refusal };
    const id = this.nextTransactionId++;
    if (command.kind === 'transfer') {
      this.#record(command.from, { id, kind: 'transfer-out', amount: command.amount, counterparty: command.to, ...memoOf(command) }, -command.amount);
      this.#record(command.to, { id, kind: 'transfer-in', amount: command.amount, counterparty: command.from, ...memoOf(command) }, command.amount);
    } else {
      if (command.kind === 'open') this.histories.set(command.id, []);
      this.#record(command.id, { id, kind: command.kind, amount: command.amount }, command.kind === 'withdraw' ? -command.amount : command.amount);
    }
    return { ok: true, transactionId: id };
  }

  total(): number {
    let sum = 0;
    for (const balance of this.balances.values()) sum += balance;
    return sum;
  }

  #refusal(command: BankCommand): Refusal | undefined {
    if (command.kind === 'open') return this.balances.has(command.id) ? 'account-exists' : undefined;
    if (command.kind === 'transfer') {
      if (!this.balances.has(command.from) || !this.balances.has(command.to)) return 'no-such-account';
      if (command.from === command.to) return 'same-account';
      return (this.balances.get(command.from) as number) < command.amount ? 'insufficient-funds' : undefined;
    }
    const balance = this.balances.get(command.id);
    if (balance === undefined) return 'no-such-account';
    return command.kind === 'withdraw' && balance < command.amount ? 'insufficient-funds' : undefined;
  }

  #record(account: string, transaction: Omit<Transaction, 'balanceAfter'>, change: number): void {
    const balanceAfter = (this.balances.get(account) ?? 0) + change;
    if (balanceAfter < 0) throw new Error(`model invariant: ${account} would go to ${balanceAfter}`);
    this.balances.set(account, balanceAfter);
    const history = this.histories.get(account) as Transaction[];
    history.push({ ...transaction, balanceAfter });
    if (history.length > this.historyMax) history.shift();
  }
}

function memoOf(command: { readonly memo?: string }): { memo?: string } {
  return command.memo === undefined ? {} : { memo: command.memo };
}

/** balances as a plain record with sorted keys, for comparing */
export function sortedBalances(balances: ReadonlyMap<string, number> | Record<string, number>): [string, number][] {
  const entries = balances instanceof Map ? [...balances] : Object.entries(balances);
  return entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
}
