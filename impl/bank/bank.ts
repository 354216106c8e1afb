// The bank: a ledger kept durable by kv-wal's write-ahead log and group commit. Every mutation
// is a command submitted to one commit pipeline (the single writer): it is logged, fsynced
// with its group, then validated and applied in order. Reads see only applied, durable state.
// After compactAfterRecords logged commands the ledger is snapshotted and the log restarted.

import type { Bank, BankCommand, BankOptions, BankResult, Transaction } from '../../spec/bank.ts';
import { diskFromOptions } from '../kv-wal/disk-option.ts';
import { GroupCommitter } from '../kv-wal/group-commit.ts';
import { LogCorruptionError, WriteAheadLog } from '../kv-wal/log.ts';
import { Ledger, type LedgerSnapshot } from './ledger.ts';

const groupMax = 4096;
const compactAfterRecordsDefault = 100_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'bigint' ? `${value}n` : value === null || !['object', 'function', 'symbol'].includes(typeof value) ? String(value) : typeof value;
}

function accountId(method: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`bank.${method}: expected an account id as a non-empty string, got ${describe(value)}`);
  return value;
}

function amountOf(method: string, value: unknown, zeroAllowed = false): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new RangeError(`bank.${method}: expected an amount as ${zeroAllowed ? 'an integer >= 0' : 'a positive safe integer'} of minor units, got ${describe(value)}`);
  }
  return value;
}

class DurableBank implements Bank {
  readonly #ledger: Ledger;
  readonly #log: WriteAheadLog;
  readonly #commits: GroupCommitter<BankCommand, BankResult>;
  readonly #compactAfterRecords: number;
  #recordsSinceSnapshot: number;
  #closed = false;

  constructor(log: WriteAheadLog, ledger: Ledger, recordsSinceSnapshot: number, compactAfterRecords: number) {
    this.#log = log;
    this.#ledger = ledger;
    this.#recordsSinceSnapshot = recordsSinceSnapshot;
    this.#compactAfterRecords = compactAfterRecords;
    this.#commits = new GroupCommitter<BankCommand, BankResult>(
      {
        persist: async (commands) => {
          await log.commit(encoder.encode(JSON.stringify(commands)));
          this.#recordsSinceSnapshot += commands.length;
        },
        apply: (command) => ledger.apply(command),
      },
      groupMax,
    );
  }

  async createAccount(id: string, initialBalance = 0): Promise<BankResult> {
    return this.#submit('createAccount', { kind: 'open', id: accountId('createAccount', id), amount: amountOf('createAccount', initialBalance, true) });
  }

  async deposit(id: string, amount: number): Promise<BankResult> {
    return this.#submit('deposit', { kind: 'deposit', id: accountId('deposit', id), amount: amountOf('deposit', amount) });
  }

  async withdraw(id: string, amount: number): Promise<BankResult> {
    return this.#submit('withdraw', { kind: 'withdraw', id: accountId('withdraw', id), amount: amountOf('withdraw', amount) });
  }

  async transfer(from: string, to: string, amount: number, memo?: string): Promise<BankResult> {
    if (memo !== undefined && typeof memo !== 'string') throw new TypeError(`bank.transfer: expected memo as a string, got ${describe(memo)}`);
    const command: BankCommand = { kind: 'transfer', from: accountId('transfer', from), to: accountId('transfer', to), amount: amountOf('transfer', amount), ...(memo === undefined ? {} : { memo }) };
    return this.#submit('transfer', command);
  }

  async balance(id: string): Promise<number | undefined> {
    this.#checkOpen('balance');
    return this.#ledger.balance(accountId('balance', id));
  }

  async balances(): Promise<Record<string, number>> {
    this.#checkOpen('balances');
    return this.#ledger.balances();
  }

  async history(id: string): Promise<Transaction[] | undefined> {
    this.#checkOpen('history');
    return this.#ledger.history(accountId('history', id));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#commits.settled();
    await this.#log.close();
  }

  async #submit(method: string, command: BankCommand): Promise<BankResult> {
    this.#checkOpen(method);
    const result = this.#commits.submit(command);
    if (this.#recordsSinceSnapshot >= this.#compactAfterRecords) {
      this.#recordsSinceSnapshot = 0;
      // after the commits already queued; the ledger then holds exactly what the log held
      void this.#commits.exclusive(() => this.#log.compact(encoder.encode(JSON.stringify(this.#ledger.snapshot())))).catch(() => undefined);
    }
    return result;
  }

  #checkOpen(method: string): void {
    if (this.#closed) throw new Error(`bank.${method}: the bank is closed`);
  }
}

export async function openBank(options: BankOptions): Promise<Bank> {
  const historyMax = options?.historyMax ?? 1000;
  if (!Number.isSafeInteger(historyMax) || historyMax < 1) throw new RangeError(`bank.open: expected historyMax as a positive integer, got ${describe(historyMax)}`);
  const compactAfterRecords = options.compactAfterRecords ?? compactAfterRecordsDefault;
  if (!Number.isSafeInteger(compactAfterRecords) || compactAfterRecords < 1) {
    throw new RangeError(`bank.open: expected compactAfterRecords as a positive integer, got ${describe(compactAfterRecords)}`);
  }
  const disk = diskFromOptions('bank', options);
  const { log, recovered } = await WriteAheadLog.open(disk, 'bank');
  let ledger: Ledger;
  let records = 0;
  try {
    const snapshot = recovered.snapshot === undefined ? undefined : (JSON.parse(decoder.decode(recovered.snapshot)) as LedgerSnapshot);
    ledger = new Ledger(historyMax, snapshot);
    for (const payload of recovered.payloads) {
      for (const command of JSON.parse(decoder.decode(payload)) as BankCommand[]) {
        ledger.apply(command);
        records += 1;
      }
    }
  } catch (error) {
    await log.close();
    if (error instanceof SyntaxError) throw new LogCorruptionError(`bank: a committed record does not parse: ${error.message}`);
    throw error;
  }
  return new DurableBank(log, ledger, records, compactAfterRecords);
}
