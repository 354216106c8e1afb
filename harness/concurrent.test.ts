// Concurrent runs under fc.scheduler: correct in-memory objects pass, objects that are not atomic
// (a dequeue that reads, yields, then removes; a compare-and-set that reads, yields, then writes)
// are found illegal, and the failing run replays exactly from fast-check's seed and path.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { concurrentRuns, describeOutcome, expectOverlap, linearizableProperty, measureOverlap, runConcurrently, type ConcurrentContext, type ConcurrentSystem } from './concurrent.ts';
import { queueModel, registerModel, type QueueInput, type QueueOutput, type QueueValue, type RegisterInput, type RegisterOutput, type RegisterValue } from './linearizability/models.ts';

const seed = 20261121;

class InMemoryQueue {
  readonly #items: QueueValue[] = [];
  constructor(
    private readonly context: ConcurrentContext,
    private readonly atomic: boolean,
  ) {}

  async enqueue(value: QueueValue): Promise<void> {
    await this.context.pause('enqueue');
    this.#items.push(value);
  }

  async dequeue(): Promise<QueueValue | undefined> {
    if (this.atomic) {
      await this.context.pause('dequeue');
      return this.#items.shift();
    }
    // the bug: another dequeue can run between reading the head and removing it
    const head = this.#items[0];
    await this.context.pause('dequeue between read and remove');
    this.#items.splice(0, head === undefined ? 0 : 1);
    return head;
  }
}

const queueInput: fc.Arbitrary<QueueInput> = fc.oneof(
  fc.record({ kind: fc.constant('enqueue' as const), value: fc.integer({ min: 0, max: 9 }) }),
  fc.constant({ kind: 'dequeue' as const }),
);

function queueSystem(atomic: boolean, extra: Partial<ConcurrentSystem<readonly QueueValue[], InMemoryQueue, QueueInput, QueueOutput>> = {}) {
  const system: ConcurrentSystem<readonly QueueValue[], InMemoryQueue, QueueInput, QueueOutput> = {
    model: queueModel(),
    input: queueInput,
    create: (context) => new InMemoryQueue(context, atomic),
    async call(queue, input) {
      if (input.kind === 'enqueue') {
        await queue.enqueue(input.value);
        return 'ok';
      }
      const value = await queue.dequeue();
      return value === undefined ? 'empty' : { value };
    },
    timeline: false,
    ...extra,
  };
  return system;
}

class InMemoryRegister {
  value: RegisterValue = null;
  constructor(
    private readonly context: ConcurrentContext,
    private readonly atomic: boolean,
  ) {}

  async cas(expected: RegisterValue, value: RegisterValue): Promise<boolean> {
    if (this.atomic) await this.context.pause('cas');
    const current = this.value;
    // the bug: the compare and the swap are two steps another client can come between
    if (!this.atomic) await this.context.pause('cas between compare and swap');
    if (current !== expected) return false;
    this.value = value;
    return true;
  }
}

const registerInput: fc.Arbitrary<RegisterInput> = fc.oneof(
  fc.constant({ kind: 'read' as const }),
  fc.record({ kind: fc.constant('write' as const), value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ kind: fc.constant('cas' as const), expected: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 3 })), value: fc.integer({ min: 0, max: 3 }) }),
);

function registerSystem(atomic: boolean): ConcurrentSystem<RegisterValue, InMemoryRegister, RegisterInput, RegisterOutput> {
  return {
    model: registerModel,
    input: registerInput,
    create: (context) => new InMemoryRegister(context, atomic),
    async call(register, input) {
      if (input.kind === 'read') return { value: register.value };
      if (input.kind === 'write') {
        register.value = input.value;
        return 'ok';
      }
      return { swapped: await register.cas(input.expected, input.value) };
    },
    timeline: false,
  };
}

describe('concurrent runs of correct objects are linearizable', () => {
  test('an atomic queue', async () => {
    await fc.assert(linearizableProperty(queueSystem(true)), { seed, numRuns: 60 });
  });

  test('an atomic register', async () => {
    await fc.assert(linearizableProperty(registerSystem(true)), { seed, numRuns: 60 });
  });
});

describe('concurrent runs of objects that are not atomic are found illegal', () => {
  test('a dequeue that yields between reading and removing the head; the run replays from seed and path', async () => {
    const property = linearizableProperty(queueSystem(false));
    const failure = await fc.check(property, { seed, numRuns: 200 });
    expect(failure.failed).toBe(true);
    expect(String(failure.errorInstance)).toMatch(/not linearizable[\s\S]*no order places next[\s\S]*schedule: schedulerFor/);
    const replay = await fc.check(property, { seed: failure.seed, path: failure.counterexamplePath ?? '', endOnFailure: true });
    expect(replay.failed).toBe(true);
    expect(replay.numRuns).toBe(1);
    expect(fc.stringify(replay.counterexample)).toBe(fc.stringify(failure.counterexample));
    expect(String(replay.errorInstance)).toBe(String(failure.errorInstance));
  });

  test('a compare-and-set that yields between compare and swap', async () => {
    const failure = await fc.check(linearizableProperty(registerSystem(false)), { seed, numRuns: 300 });
    expect(failure.failed).toBe(true);
    expect(String(failure.errorInstance)).toContain('cas(');
  });

  test("a failing run's timeline is written where asked", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'concurrent-'));
    try {
      const failure = await fc.check(linearizableProperty(queueSystem(false, { timeline: { directory, fileName: 'queue.html' } })), { seed, numRuns: 200 });
      expect(String(failure.errorInstance)).toContain(`timeline: ${join(directory, 'queue.html')}`);
      expect(readFileSync(join(directory, 'queue.html'), 'utf8')).toContain('class="op blocked"');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('runConcurrently', () => {
  test('a call that throws is of unknown outcome and its client goes on', async () => {
    const system = registerSystem(true);
    const throwing = {
      ...system,
      async call(register: InMemoryRegister, input: RegisterInput): Promise<RegisterOutput> {
        const output = await system.call(register, input);
        if (input.kind === 'write') throw new Error('timed out after writing');
        return output;
      },
    };
    const run = { scheduleSeed: 7, clients: [[{ kind: 'write', value: 1 } as const, { kind: 'read' } as const]] };
    const outcome = await runConcurrently(throwing, run);
    expect(outcome.operations.map((operation) => operation.returnMs)).toEqual([Infinity, 2]);
    expect(outcome.result.verdict).toBe('ok');
    expect(describeOutcome(registerModel, outcome)).toBe('linearizable (2 operations)');
  });

  test('a call that never returns leaves its operation of unknown outcome and the run ends', async () => {
    const system = registerSystem(true);
    const hanging = { ...system, call: (register: InMemoryRegister, input: RegisterInput) => (input.kind === 'read' ? new Promise<RegisterOutput>(() => {}) : system.call(register, input)) };
    const run = { scheduleSeed: 7, clients: [[{ kind: 'read' } as const, { kind: 'write', value: 2 } as const], [{ kind: 'write', value: 1 } as const]] };
    const outcome = await runConcurrently(hanging, run);
    expect(outcome.operations).toHaveLength(2);
    expect(outcome.operations.find((operation) => operation.input.kind === 'read')?.returnMs).toBe(Infinity);
  });

  test('an implementation that pauses without end is stopped at pausesMax, its call of unknown outcome', async () => {
    const system = registerSystem(true);
    const spinning: ConcurrentSystem<RegisterValue, { register: InMemoryRegister; context: ConcurrentContext }, RegisterInput, RegisterOutput> = {
      ...system,
      pausesMax: 20,
      create: (context) => ({ register: new InMemoryRegister(context, true), context }),
      async call({ register, context }, input) {
        // a read that never stops yielding, as a livelocked implementation would
        while (input.kind === 'read') await context.pause('spin');
        return system.call(register, input);
      },
    };
    const run = { scheduleSeed: 7, clients: [[{ kind: 'read' } as const], [{ kind: 'write', value: 1 } as const, { kind: 'read' } as const]] };
    const outcome = await runConcurrently(spinning, run);
    expect(outcome.operations.filter((operation) => operation.input.kind === 'read').map((operation) => operation.returnMs)).toEqual([Infinity, Infinity]);
    expect(outcome.result.verdict).toBe('ok');
  });

  test('a checker budget too small reads as undecided, and fails the property', async () => {
    const system = { ...queueSystem(true), check: { stepsMax: 1 } };
    const run = { scheduleSeed: 7, clients: [[{ kind: 'enqueue', value: 1 } as const, { kind: 'dequeue' } as const]] };
    const outcome = await runConcurrently(system, run);
    expect(describeOutcome(system.model, outcome)).toMatch(/^undecided: the checker's steps budget ran out/);
    const failure = await fc.check(linearizableProperty(system), { seed, numRuns: 5 });
    expect(String(failure.errorInstance)).toContain('undecided');
  });

  test('a fault of the harness itself (the model cannot describe an input) fails the run', async () => {
    const system = queueSystem(true);
    const faulty = {
      ...system,
      model: {
        ...system.model,
        describeInput: (): string => {
          throw new TypeError('no words for it');
        },
      },
    };
    const run = { scheduleSeed: 7, clients: [[{ kind: 'dequeue' } as const]] };
    await expect(runConcurrently(faulty, run)).rejects.toThrow('no words for it');
  });

  test('runs have between clientsMin and clientsMax clients of 1 to operationsPerClientMax operations', () => {
    const runs = fc.sample(concurrentRuns({ input: queueInput, clientsMin: 3, clientsMax: 3, operationsPerClientMax: 2 }), { seed, numRuns: 30 });
    for (const run of runs) {
      expect(run.clients).toHaveLength(3);
      for (const inputs of run.clients) expect(inputs.length).toBeGreaterThanOrEqual(1);
      for (const inputs of run.clients) expect(inputs.length).toBeLessThanOrEqual(2);
    }
    expect(() => concurrentRuns({ input: queueInput, clientsMin: 0 })).toThrow(RangeError);
    expect(() => concurrentRuns({ input: queueInput, clientsMin: 3, clientsMax: 2 })).toThrow(/clientsMin <= clientsMax/);
  });
});

describe('overlap inside the implementation is measured', () => {
  test('calls that pause overlap; calls that finish within microtasks never do', async () => {
    const pausing = await measureOverlap(queueSystem(true), { runs: 30 });
    expect(pausing.overlapMax).toBeGreaterThanOrEqual(2);
    const immediate = queueSystem(true, { create: () => new InMemoryQueue({ pause: () => Promise.resolve() }, true) });
    expect((await measureOverlap(immediate, { runs: 30 })).overlapMax).toBe(1);
    await expect(expectOverlap(immediate, { runs: 30 })).rejects.toThrow(/at most 1 call was inside the implementation at once over 30 runs/);
    await expect(expectOverlap(queueSystem(true), { runs: 30 })).resolves.toBeUndefined();
  });
});
