// Concurrent runs as fast-check values: N clients, each with a generated list of operations,
// run against one instance of the system with fc.scheduler deciding when each call starts, when
// each result reaches its client and, through context.pause, where the implementation yields.
// The run is recorded into a history and checked for linearizability, so a failing run shrinks
// (fewer clients, fewer operations) and replays from fast-check's seed and path. The scheduler is
// made afresh for each run from a generated seed: fast-check 4 reuses a scheduler instance across
// shrinks, so a shrunk run's schedule would depend on the runs before it and not replay from its path.
//
//   fc.assert(linearizableProperty({ model: queueModel(), input: queueInputs, create, call }), { seed });

import fc from 'fast-check';
import { HistoryRecorder } from './history.ts';
import { checkOperations, type CheckOptions, type CheckResult } from './linearizability/checker.ts';
import { describeOperation, type Model, type Operation } from './linearizability/model.ts';
import { writeTimeline } from './linearizability/timeline.ts';

/** What a system under test gets from the run: points where the scheduler may switch clients. */
export interface ConcurrentContext {
  /** resolves when the scheduler lets this continuation go on; implementations await it where they would yield */
  pause(label?: string): Promise<void>;
}

export interface ConcurrentSystem<State, Real, Input, Output> {
  readonly model: Model<State, Input, Output>;
  /** one operation's input */
  readonly input: fc.Arbitrary<Input>;
  /** a fresh instance for each run */
  create(context: ConcurrentContext): Real | Promise<Real>;
  /** performs input on the instance and returns the model's output; a throw is an unknown outcome */
  call(real: Real, input: Input): Output | Promise<Output>;
  /** clients per run (default 2 to 4) */
  readonly clientsMin?: number;
  readonly clientsMax?: number;
  /** operations per client at most (default 5) */
  readonly operationsPerClientMax?: number;
  /** context.pause calls per run at most; beyond, pause rejects, so a livelocked implementation ends (default 10 000) */
  readonly pausesMax?: number;
  readonly check?: CheckOptions;
  /** where a failing run's timeline goes (see writeTimeline); false writes none (default true) */
  readonly timeline?: boolean | { readonly directory?: string; readonly fileName?: string };
}

export interface ConcurrentRun<Input> {
  /** the seed of the run's fc.scheduler, which decides the interleaving */
  readonly scheduleSeed: number;
  /** each client's operations, in the order it issues them */
  readonly clients: readonly (readonly Input[])[];
}

export interface ConcurrentOutcome<Input, Output> {
  readonly operations: readonly Operation<Input, Output>[];
  readonly result: CheckResult<Input, Output>;
  /** the order the scheduler released tasks in, as fast-check prints it */
  readonly schedule: string;
  /** the most calls that were inside the implementation at once (started, not yet resolved) */
  readonly overlapMax: number;
}

/** The arbitrary of runs: a scheduler and each client's operations. */
export function concurrentRuns<Input>(system: Pick<ConcurrentSystem<unknown, unknown, Input, unknown>, 'input' | 'clientsMin' | 'clientsMax' | 'operationsPerClientMax'>): fc.Arbitrary<ConcurrentRun<Input>> {
  const clientsMin = system.clientsMin ?? 2;
  const clientsMax = system.clientsMax ?? 4;
  if (!(clientsMin >= 1 && clientsMax >= clientsMin)) throw new RangeError(`concurrent.concurrentRuns: expected 1 <= clientsMin <= clientsMax, got ${clientsMin} and ${clientsMax}`);
  const operations = fc.array(system.input, { minLength: 1, maxLength: system.operationsPerClientMax ?? 5 });
  return fc.record({ scheduleSeed: fc.noShrink(fc.integer()), clients: fc.array(operations, { minLength: clientsMin, maxLength: clientsMax }) });
}

/** Runs every client against one instance under the run's scheduler, records the history and checks it. */
export async function runConcurrently<State, Real, Input, Output>(
  system: ConcurrentSystem<State, Real, Input, Output>,
  run: ConcurrentRun<Input>,
): Promise<ConcurrentOutcome<Input, Output>> {
  const scheduler = fc.sample(fc.scheduler(), { seed: run.scheduleSeed, numRuns: 1 })[0] as fc.Scheduler;
  const history = new HistoryRecorder<Input, Output>({ operationsMax: run.clients.reduce((sum, inputs) => sum + inputs.length, 0) });
  const pausesMax = system.pausesMax ?? 10_000;
  let pauses = 0;
  const pause = (label = 'pause'): Promise<void> =>
    ++pauses > pausesMax
      ? Promise.reject(new RangeError(`concurrent.pause: expected at most ${pausesMax} pauses in a run, got one more`))
      : scheduler.schedule(Promise.resolve(), label);
  const real = await system.create({ pause });
  const faults: unknown[] = [];
  let inside = 0;
  let overlapMax = 0;
  const callInside = async (input: Input): Promise<Output> => {
    overlapMax = Math.max(overlapMax, ++inside);
    try {
      return await system.call(real, input);
    } finally {
      inside -= 1;
    }
  };
  const runClient = async (inputs: readonly Input[], clientId: number): Promise<void> => {
    for (const input of inputs) {
      const description = system.model.describeInput(input);
      // the scheduler decides when the call starts and, separately, when its result arrives
      await scheduler.schedule(Promise.resolve(), `client ${clientId} calls ${description}`);
      const result = async (): Promise<Output> => {
        const output = await callInside(input);
        await scheduler.schedule(Promise.resolve(), `client ${clientId} gets ${description}`);
        return output;
      };
      // a throw is recorded as an unknown outcome; the client goes on, as a Jepsen client does after a timeout
      await history.record(clientId, input, result).catch(() => undefined);
    }
  };
  // clients are not awaited: one still waiting after waitIdle waits on something the scheduler
  // does not control (a deadlock), so its pending call stays of unknown outcome
  run.clients.forEach((inputs, clientId) => void runClient(inputs, clientId).catch((fault: unknown) => faults.push(fault)));
  await scheduler.waitIdle();
  if (faults.length > 0) throw faults[0];
  const operations = history.operations();
  return { operations, result: checkOperations(system.model, operations, system.check), schedule: fc.stringify(scheduler), overlapMax };
}

/**
 * The most calls that were ever inside the implementation at once over `runs` generated runs
 * (fixed seed, so the figure is repeatable). A concurrency check whose runs never overlap cannot
 * see a race (DESIGN rule 11): suites assert this reaches at least 2 beside their linearizability
 * property, with the same system description.
 */
export async function measureOverlap<State, Real, Input, Output>(
  system: ConcurrentSystem<State, Real, Input, Output>,
  options: { readonly runs?: number; readonly seed?: number } = {},
): Promise<{ readonly overlapMax: number; readonly runs: number }> {
  const runs = options.runs ?? 50;
  let overlapMax = 0;
  for (const run of fc.sample(concurrentRuns(system), { numRuns: runs, seed: options.seed ?? 20261207 })) {
    overlapMax = Math.max(overlapMax, (await runConcurrently(system, run)).overlapMax);
  }
  return { overlapMax, runs };
}

/** Throws unless some run of the system had at least `required` calls inside the implementation at once. */
export async function expectOverlap<State, Real, Input, Output>(
  system: ConcurrentSystem<State, Real, Input, Output>,
  options: { readonly runs?: number; readonly seed?: number; readonly required?: number } = {},
): Promise<void> {
  const required = options.required ?? 2;
  const { overlapMax, runs } = await measureOverlap(system, options);
  if (overlapMax < required) {
    throw new Error(`at most ${overlapMax} call${overlapMax === 1 ? ' was' : 's were'} inside the implementation at once over ${runs} runs (at least ${required} needed): these runs cannot see a race`);
  }
}

/** Why a run is not linearizable, in words: the prefix that worked and the operation that could not follow. */
export function describeOutcome<Input, Output>(model: Model<unknown, Input, Output>, outcome: ConcurrentOutcome<Input, Output>): string {
  const { result } = outcome;
  if (result.verdict === 'ok') return `linearizable (${outcome.operations.length} operations)`;
  if (result.verdict === 'unknown') return `undecided: the checker's ${result.reason} budget ran out after ${result.steps} steps`;
  const line = (operation: Operation<Input, Output>): string => `client ${operation.clientId}: ${describeOperation(model, operation)}`;
  return [
    `not linearizable: after ${result.witness.linearized.length} operations linearized`,
    ...result.witness.linearized.map((operation, index) => `  ${index + 1}. ${line(operation)}`),
    `no order places next  ${line(result.witness.blocked)}`,
    `schedule: ${outcome.schedule}`,
  ].join('\n');
}

/** A property that fails, with the witness (and the path of its timeline), when a run is not linearizable. */
export function linearizableProperty<State, Real, Input, Output>(system: ConcurrentSystem<State, Real, Input, Output>): fc.IAsyncPropertyWithHooks<[ConcurrentRun<Input>]> {
  return fc.asyncProperty(concurrentRuns(system), async (run) => {
    const outcome = await runConcurrently(system, run);
    if (outcome.result.verdict === 'ok') return;
    let message = describeOutcome(system.model, outcome);
    const timeline = system.timeline ?? true;
    if (timeline !== false && outcome.result.verdict === 'illegal') {
      // one file per property, overwritten while shrinking, so it ends as the shrunk run's timeline
      const place = timeline === true ? {} : timeline;
      const path = writeTimeline(system.model, outcome.operations, outcome.result, { fileName: `linearizability-${system.model.name.replace(/[^\w-]+/g, '-')}-${process.pid}.html`, ...place });
      message += `\ntimeline: ${path}`;
    }
    throw new Error(message);
  });
}
