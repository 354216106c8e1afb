// The bank's in-memory ledger: balances and bounded per-account histories, changed only by
// applying commands one at a time. Validation happens at apply time, in commit order, so a
// replay of the log reaches the same balances, refusals and transaction ids.

import type { BankCommand, BankResult, Refusal, Transaction } from '../../spec/bank.ts';

interface Account {
  balance: number;
  readonly history: Transaction[];
}

export interface LedgerSnapshot {
  readonly nextTransactionId: number;
  readonly accounts: readonly (readonly [string, number, readonly Transaction[]])[];
}

export class Ledger {
  readonly #accounts = new Map<string, Account>();
  readonly #historyMax: number;
  #nextTransactionId = 1;

  constructor(historyMax: number, snapshot?: LedgerSnapshot) {
    this.#historyMax = historyMax;
    if (snapshot === undefined) return;
    this.#nextTransactionId = snapshot.nextTransactionId;
    for (const [id, balance, history] of snapshot.accounts) this.#accounts.set(id, { balance, history: history.slice(-historyMax) });
  }

  balance(id: string): number | undefined {
    return this.#accounts.get(id)?.balance;
  }

  balances(): Record<string, number> {
    const balances: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [id, account] of this.#accounts) balances[id] = account.balance;
    return balances;
  }

  history(id: string): Transaction[] | undefined {
    return this.#accounts.get(id)?.history.slice();
  }

  snapshot(): LedgerSnapshot {
    return { nextTransactionId: this.#nextTransactionId, accounts: [...this.#accounts].map(([id, account]) => [id, account.balance, account.history] as const) };
  }

  apply(command: BankCommand): BankResult {
    const refusal = this.#refusal(command);
    if (refusal !== undefined) return { ok: false, reason: refusal };
    const transactionId = this.#nextTransactionId++;
    const memo = command.kind === 'transfer' && command.memo !== undefined ? { memo: command.memo } : {};
    switch (command.kind) {
      case 'open':
        this.#accounts.set(command.id, { balance: 0, history: [] });
        this.#post(command.id, { id: transactionId, kind: 'open', amount: command.amount }, command.amount);
        break;
      case 'deposit':
        this.#post(command.id, { id: transactionId, kind: 'deposit', amount: command.amount }, command.amount);
        break;
      case 'withdraw':
        this.#post(command.id, { id: transactionId, kind: 'withdraw', amount: command.amount }, -command.amount);
        break;
      case 'transfer':
        this.#post(command.from, { id: transactionId, kind: 'transfer-out', amount: command.amount, counterparty: command.to, ...memo }, -command.amount);
        this.#post(command.to, { id: transactionId, kind: 'transfer-in', amount: command.amount, counterparty: command.from, ...memo }, command.amount);
        break;
    }
    return { ok: true, transactionId };
  }

  #refusal(command: BankCommand): Refusal | undefined {
    if (command.kind === 'open') return this.#accounts.has(command.id) ? 'account-exists' : undefined;
    if (command.kind === 'transfer') {
      const from = this.#accounts.get(command.from);
      if (from === undefined || !this.#accounts.has(command.to)) return 'no-such-account';
      if (command.from === command.to) return 'same-account';
      return from.balance < command.amount ? 'insufficient-funds' : undefined;
    }
    const account = this.#accounts.get(command.id);
    if (account === undefined) return 'no-such-account';
    return command.kind === 'withdraw' && account.balance < command.amount ? 'insufficient-funds' : undefined;
  }

  #post(id: string, transaction: Omit<Transaction, 'balanceAfter'>, change: number): void {
    const account = this.#accounts.get(id) as Account;
    account.balance += change;
    account.history.push({ ...transaction, balanceAfter: account.balance });
    if (account.history.length > this.#historyMax) account.history.shift();
  }
}
