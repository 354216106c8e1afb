// Properties of bank. Sequentially, a model-based run against the spec's BankModel (reopening
// included). Concurrently, Jepsen's bank checker on scheduled transfers and reads, a
// linearizability check against the sequential bank, and opposite transfers that must all
// finish. Under crashes, every post-crash state of a workload must be the model after a prefix
// of the calls holding every acknowledged one, histories and transaction ids included. Account
// ids share prefixes, leave the BMP and shadow Object.prototype; transfers and withdrawals of
// exactly the whole balance are drawn; concurrent checks hold every disk I/O for the scheduler
// (so calls overlap and compaction races commits) and assert that they overlap.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectOverlap, linearizableProperty, type ConcurrentSystem } from '../harness/concurrent.ts';
import { unicodeString } from '../harness/generators.ts';
import { exploreCrashes } from '../harness/disk/explore.ts';
import { SimulatedDisk } from '../harness/disk/simulated-disk.ts';
import { hashString, illegal, unknownOutput, type Model } from '../harness/linearizability/model.ts';
import { matchingPrefixes, shortestAllowedPrefix } from '../harness/prefix.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { BankModel, bankSpec, sortedBalances, type Bank, type BankCommand, type BankResult } from '../spec/bank.ts';
import { boundedLogChecks } from './bank/bounded-log.ts';
import { expectFieldsWithValues, historyChecks } from './bank/history.ts';
import { misuseChecks } from './bank/misuse.ts';

const suite = await systemSuite(bankSpec);
const openBank = suite.implementation.default;

// opened ids that share a prefix, look alike or shadow Object.prototype; unknown ids that do too
const accounts = ['alice', 'al', '__proto__', 'e\u0301', '\u00e9😀'];
const unknownAccounts = ['nobody', 'constructor', 'toString', 'ali'];
const accountArbitrary = fc.constantFrom(...accounts, ...unknownAccounts);
const amountArbitrary = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 51, max: 500 }));

const commandArbitrary: fc.Arbitrary<BankCommand> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), id: accountArbitrary, amount: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ kind: fc.constantFrom('deposit' as const, 'withdraw' as const), id: accountArbitrary, amount: amountArbitrary }),
  fc.record({ kind: fc.constant('transfer' as const), from: accountArbitrary, to: accountArbitrary, amount: amountArbitrary, memo: fc.option(fc.oneof(fc.constant(''), unicodeString({ maxLength: 8 })), { nil: undefined }) }).map(
    ({ memo, ...transfer }): BankCommand => (memo === undefined ? transfer : { ...transfer, memo }),
  ),
);

function call(bank: Bank, command: BankCommand): Promise<BankResult> {
  switch (command.kind) {
    case 'open':
      return Promise.resolve(bank.createAccount(command.id, command.amount));
    case 'deposit':
      return Promise.resolve(bank.deposit(command.id, command.amount));
    case 'withdraw':
      return Promise.resolve(bank.withdraw(command.id, command.amount));
    case 'transfer':
      return Promise.resolve(command.memo === undefined ? bank.transfer(command.from, command.to, command.amount) : bank.transfer(command.from, command.to, command.amount, command.memo));
  }
}

function describeCommand(command: BankCommand): string {
  if (command.kind === 'transfer') return `transfer(${command.from} -> ${command.to}, ${command.amount}${command.memo === undefined ? '' : `, ${command.memo}`})`;
  return `${command.kind}(${command.id}, ${command.amount})`;
}

/** the rule a command's result speaks to */
function ruleOf(command: BankCommand): 'BANK-1' | 'BANK-2' | 'BANK-3' {
  return command.kind === 'open' ? 'BANK-1' : command.kind === 'transfer' ? 'BANK-3' : 'BANK-2';
}

interface Real {
  bank: Bank;
  readonly disk: SimulatedDisk;
  /** low, so the ledger is snapshotted and the log restarted during the run */
  readonly compactAfterRecords: number;
}
type Command = fc.AsyncCommand<BankModel, Real>;

const historyMax = 4;

async function expectSameLedger(model: BankModel, bank: Bank): Promise<void> {
  const balances = await bank.balances();
  suite.rule(model.balances.size === Object.keys(balances).length ? 'BANK-2' : 'BANK-1', () => expect(sortedBalances(balances)).toEqual(sortedBalances(model.balances)));
  for (const id of [...accounts, ...unknownAccounts]) {
    const [balance, history] = [await bank.balance(id), await bank.history(id)];
    suite.rule(model.balances.has(id) ? 'BANK-2' : 'BANK-4', () => expect(balance).toBe(model.balances.get(id)));
    suite.rule(model.histories.has(id) ? 'BANK-7' : 'BANK-4', () => expect(history).toEqual(model.histories.get(id)));
    expectFieldsWithValues(suite, id, history);
  }
}

async function runCommand(model: BankModel, real: Real, command: BankCommand): Promise<void> {
  const expected = model.apply(command);
  const result = await call(real.bank, command);
  suite.rule(!expected.ok && expected.reason === 'no-such-account' ? 'BANK-4' : ruleOf(command), () => expect(result).toEqual(expected));
  await expectSameLedger(model, real.bank);
}

/** after close every method rejects, with an Error naming bank.<method> (BANK-11) */
async function expectClosed(bank: Bank): Promise<void> {
  const calls: [string, () => Promise<unknown>][] = [
    ['createAccount', () => bank.createAccount('late', 1)],
    ['deposit', () => bank.deposit('alice', 1)],
    ['withdraw', () => bank.withdraw('alice', 1)],
    ['transfer', () => bank.transfer('alice', 'al', 1, 'late')],
    ['balance', () => bank.balance('alice')],
    ['balances', () => bank.balances()],
    ['history', () => bank.history('alice')],
  ];
  for (const [method, invoke] of calls) {
    const outcome = await Promise.resolve().then(invoke).then(() => 'resolved', (error: unknown) => (error instanceof Error ? error.message : 'rejected with a non-Error'));
    suite.rule('BANK-11', () => expect(outcome, `${method} after close rejects with an Error naming bank.${method}`).toMatch(new RegExp(`^bank\\.${method}:`)));
  }
}

const commands: fc.Arbitrary<Command>[] = [
  commandArbitrary.map((command): Command => ({
    check: () => true,
    run: (model, real) => runCommand(model, real, command),
    toString: () => describeCommand(command),
  })),
  // exactly the whole balance: accepted, leaving zero (an off-by-one refuses it as insufficient-funds)
  fc.record({ from: fc.constantFrom(...accounts), to: fc.constantFrom(...accounts), withdraw: fc.boolean() }).map(({ from, to, withdraw }): Command => ({
    check: (model) => (model.balances.get(from) ?? 0) > 0,
    run: (model, real) => {
      const amount = model.balances.get(from) as number;
      return runCommand(model, real, withdraw ? { kind: 'withdraw', id: from, amount } : { kind: 'transfer', from, to, amount });
    },
    toString: () => (withdraw ? `withdraw(${from}, whole balance)` : `transfer(${from} -> ${to}, whole balance)`),
  })),
  fc.constant<Command>({
    check: () => true,
    async run(model, real) {
      await real.bank.close();
      await expectClosed(real.bank);
      real.bank = await openBank({ disk: real.disk, historyMax, compactAfterRecords: real.compactAfterRecords });
      const balances = await real.bank.balances();
      suite.rule('BANK-11', () => expect(sortedBalances(balances)).toEqual(sortedBalances(model.balances)));
      await expectSameLedger(model, real.bank);
    },
    toString: () => 'close() and reopen',
  }),
];

suite.property(
  ['BANK-1', 'BANK-2', 'BANK-3', 'BANK-4', 'BANK-7', 'BANK-11'],
  'agrees with the sequential bank model on any sequence of operations, whole-balance amounts, compactions and reopenings included',
  fc.asyncProperty(replayableCommands(commands, { maxCommands: 30, size: '+1' }), fc.integer({ min: 1, max: 6 }), async (sequence, compactAfterRecords) => {
    const disk = new SimulatedDisk();
    const real: Real = { bank: await openBank({ disk, historyMax, compactAfterRecords }), disk, compactAfterRecords };
    try {
      await fc.asyncModelRun(() => ({ model: new BankModel(historyMax), real }), sequence);
    } finally {
      await real.bank.close();
    }
  }),
  { runsFactor: 0.5 },
);

type JepsenStep = { readonly from: string; readonly to: string; readonly amount: number } | 'read';
const jepsenClients = fc.array(fc.array(fc.oneof(fc.record({ from: fc.constantFrom(...accounts), to: fc.constantFrom(...accounts), amount: amountArbitrary }), fc.constant('read' as const)), { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 5 });

/** a funded bank on a disk whose every I/O after setup waits for `pause`, compacting every few commits */
async function scheduledBank(pause: (label: string) => Promise<void>): Promise<{ bank: Bank; disk: SimulatedDisk }> {
  const disk = new SimulatedDisk();
  const bank = await openBank({ disk, compactAfterRecords: 3 });
  for (const id of accounts) await bank.createAccount(id, 100);
  disk.setCompletionHook((operation, path) => pause(`${operation} ${path}`));
  return { bank, disk };
}

/** Jepsen's bank workload under the scheduler: what every client read, how many finished, and the most calls inside the bank at once. */
async function runJepsenBank(clients: readonly (readonly JepsenStep[])[], scheduler: fc.Scheduler) {
  const { bank, disk } = await scheduledBank((label) => scheduler.schedule(Promise.resolve(), label));
  const reads: Record<string, number>[] = [];
  let finished = 0;
  let inside = 0;
  let overlapMax = 0;
  const inBank = async <T>(work: () => Promise<T>): Promise<T> => {
    overlapMax = Math.max(overlapMax, ++inside);
    try {
      return await work();
    } finally {
      inside -= 1;
    }
  };
  const client = async (steps: readonly JepsenStep[]) => {
    for (const step of steps) {
      await scheduler.schedule(Promise.resolve(), 'next step');
      if (step === 'read') reads.push(await inBank(() => bank.balances()));
      else if (step.from !== step.to) await inBank(() => bank.transfer(step.from, step.to, step.amount));
    }
    finished += 1;
  };
  const faults: unknown[] = [];
  for (const steps of clients) client(steps).catch((fault: unknown) => faults.push(fault));
  // a bank may also wait on real I/O or timers, which the scheduler does not see: give it a
  // bounded real time before calling the clients still waiting deadlocked
  const deadline = Date.now() + 2000;
  do {
    await scheduler.waitIdle();
    if (finished < clients.length) await new Promise((resolve) => setTimeout(resolve, 5));
  } while (finished + faults.length < clients.length && (scheduler.count() > 0 || Date.now() < deadline));
  disk.setCompletionHook(undefined);
  reads.push(await bank.balances());
  await bank.close();
  return { reads, finished, faults, overlapMax };
}

/** Jepsen's bank workload: transfers among funded accounts and whole-bank reads, interleaved by the scheduler. */
suite.property(
  ['BANK-6', 'BANK-9'],
  'concurrent transfers, in both directions, with every disk I/O held for the scheduler, never break the total or a balance, and all of them finish',
  fc.asyncProperty(jepsenClients, fc.scheduler(), async (clients, scheduler) => {
    const { reads, finished, faults } = await runJepsenBank(clients, scheduler);
    if (faults.length > 0) throw faults[0];
    suite.rule('BANK-9', () => expect(finished, 'clients whose transfers all completed').toBe(clients.length));
    const total = 100 * accounts.length;
    for (const read of reads) {
      suite.rule('BANK-6', () => {
        expect(Object.values(read).reduce((sum, balance) => sum + balance, 0), `read ${JSON.stringify(read)}`).toBe(total);
        expect(Object.values(read).filter((balance) => balance < 0)).toEqual([]);
      });
    }
  }),
  { runsFactor: 0.5 },
);

suite.check('BANK-6', 'in those runs several calls really are inside the bank at once', async () => {
  let overlapMax = 0;
  for (const [clients, scheduler] of fc.sample(fc.tuple(jepsenClients, fc.scheduler()), { numRuns: 30, seed: 20261207 })) {
    overlapMax = Math.max(overlapMax, (await runJepsenBank(clients, scheduler)).overlapMax);
  }
  expect(overlapMax, 'the most calls inside the bank at once over 30 runs').toBeGreaterThanOrEqual(2);
});

type BankInput = BankCommand | { readonly kind: 'read' };
type BankOutput = BankResult | { readonly balances: [string, number][] };
interface BankState {
  readonly balances: ReadonlyMap<string, number>;
  readonly nextTransactionId: number;
}

/** the sequential bank as a linearizability model: a result must match, transaction id included */
const bankModel: Model<BankState, BankInput, BankOutput> = {
  name: 'bank',
  init: () => ({ balances: new Map(accounts.map((id) => [id, 100])), nextTransactionId: accounts.length + 1 }),
  step(state, input, output) {
    if (input.kind === 'read') {
      return output === unknownOutput || JSON.stringify((output as { balances: unknown }).balances) === JSON.stringify(sortedBalances(state.balances)) ? state : illegal;
    }
    const model = new BankModel();
    for (const [id, balance] of state.balances) model.balances.set(id, balance);
    for (const id of state.balances.keys()) model.histories.set(id, []);
    model.nextTransactionId = state.nextTransactionId;
    const expected = model.apply(input);
    if (output !== unknownOutput && JSON.stringify(output) !== JSON.stringify(expected)) return illegal;
    return { balances: model.balances, nextTransactionId: model.nextTransactionId };
  },
  hash: (state) => hashString(`${state.nextTransactionId}:${JSON.stringify(sortedBalances(state.balances))}`),
  equal: (left, right) => left.nextTransactionId === right.nextTransactionId && JSON.stringify(sortedBalances(left.balances)) === JSON.stringify(sortedBalances(right.balances)),
  describeInput: (input) => (input.kind === 'read' ? 'balances()' : describeCommand(input)),
  describeOutput: (output) => ('balances' in output ? JSON.stringify(output.balances) : output.ok ? `ok #${output.transactionId}` : output.reason),
};

const linearizableBank: ConcurrentSystem<BankState, Bank, BankInput, BankOutput> = {
  model: bankModel,
  input: fc.oneof(
    fc.record({ kind: fc.constant('transfer' as const), from: fc.constantFrom(...accounts), to: fc.constantFrom(...accounts), amount: amountArbitrary }),
    fc.record({ kind: fc.constantFrom('withdraw' as const, 'deposit' as const), id: fc.constantFrom(...accounts), amount: amountArbitrary }),
    fc.constant({ kind: 'read' as const }),
  ),
  // compacting every three commits, so snapshots race the commits in flight
  create: async (context) => (await scheduledBank((label) => context.pause(label))).bank,
  async call(bank, input): Promise<BankOutput> {
    if (input.kind === 'read') return { balances: sortedBalances(await bank.balances()) };
    return call(bank, input);
  },
  operationsPerClientMax: 4,
};

suite.property(
  'BANK-8',
  'the history of concurrent transfers, deposits, withdrawals and reads, with every disk I/O held for the scheduler, is linearizable against the sequential bank',
  linearizableProperty(linearizableBank),
  { runsFactor: 0.5 },
);

suite.check('BANK-8', 'in those runs several calls really are inside the bank at once', () => expectOverlap(linearizableBank, { runs: 30 }));

/** waits for work a bank must finish, failing BANK-9 (a deadlock) instead of hanging the grade */
async function finishesWithin<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not finished after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    return suite.rule('BANK-9', () => {
      throw error;
    });
  } finally {
    clearTimeout(timer);
  }
}

/** every durable field as text: balances, each account's history (ids included), and the next transaction id */
function ledgerText(balances: [string, number][], histories: (readonly [string, unknown])[], nextTransactionId: number | undefined): string {
  return JSON.stringify({ balances, histories, nextTransactionId });
}

function modelLedger(model: BankModel): string {
  const ids = [...accounts, ...unknownAccounts].filter((id) => model.histories.has(id));
  return ledgerText(sortedBalances(model.balances), ids.map((id) => [id, model.histories.get(id)] as const), model.nextTransactionId);
}

/** the recovered bank's ledger; the next id is read by opening one more account (the crashed disk is a copy) */
async function recoveredLedger(bank: Bank): Promise<string> {
  const balances = sortedBalances(await bank.balances());
  const histories: (readonly [string, unknown])[] = [];
  for (const id of [...accounts, ...unknownAccounts]) {
    const history = await bank.history(id);
    if (history !== undefined) histories.push([id, history]);
  }
  const probe = await bank.createAccount('\u0001probe', 0);
  return ledgerText(balances, histories, probe.ok ? probe.transactionId : undefined);
}

suite.property(
  'BANK-10',
  'at every crash point of a workload (compactions included), recovery yields the model after a prefix holding every acknowledged call: balances, histories and transaction ids',
  fc.asyncProperty(fc.array(fc.array(commandArbitrary, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (groups, seed) => {
    const called: BankCommand[] = accounts.map((id) => ({ kind: 'open', id, amount: 100 }));
    const acknowledged = new Set<number>();
    await exploreCrashes({
      seed,
      variantsPerPointMax: 6,
      statesMax: 300,
      workload: async (disk) => {
        const bank = await openBank({ disk, compactAfterRecords: 4 });
        for (const [index, command] of called.entries()) {
          await call(bank, command);
          acknowledged.add(index);
        }
        for (const group of groups) {
          const together = Promise.all(group.map((command) => {
            const index = called.push(command) - 1;
            return call(bank, command).then(() => acknowledged.add(index));
          }));
          await finishesWithin(together, 5000, `${group.map(describeCommand).join(', ')} called together`);
        }
        await bank.close();
      },
      check: async (crashed) => {
        const bank = await openBank({ disk: crashed }).catch((error: unknown) =>
          suite.rule('BANK-10', () => expect.fail(`recovery after a crash failed: ${error instanceof Error ? error.message : String(error)}`)),
        );
        const recovered = await recoveredLedger(bank);
        await bank.close();
        const model = new BankModel();
        const matched = matchingPrefixes(called, shortestAllowedPrefix(acknowledged), { apply: (command) => model.apply(command), state: () => modelLedger(model) }, recovered).length > 0;
        suite.rule('BANK-10', () => expect(matched, `recovered ${recovered}: no prefix of ${called.length} calls holding the ${acknowledged.size} acknowledged`).toBe(true));
      },
    });
  }),
  { runsFactor: 0.3, timeoutMs: 120_000 },
);

misuseChecks(suite, openBank);
historyChecks(suite, openBank);
boundedLogChecks(suite, openBank);
