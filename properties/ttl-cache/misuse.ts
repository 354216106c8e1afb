// ttl-cache misuse (TTL-12, house rule 6): every rejected argument gets the error class the spec
// names and a message "ttl-cache.<method>: expected <what>, got <value>" that shows the value
// where it has a plain spelling, including values that are awkward to print: a prototype-free
// object (String() throws on it), a bigint (JSON.stringify throws on it), a symbol, a function.

import { VirtualClock } from '../../harness/clock.ts';
import { expectMisuse, valueLabel } from '../../harness/misuse.ts';
import type { Suite } from '../../harness/suite.ts';
import type { ttlCacheSpec } from '../../spec/ttl-cache.ts';

type TtlSuite = Suite<typeof ttlCacheSpec>;
type LooseCreate = (options?: unknown) => { set(key: string, value: number, options?: unknown): unknown };

const awkward: readonly unknown[] = [null, undefined, true, '2', 3n, Symbol('bad'), Object.create(null) as object, {}, [2], () => 2];
const badCapacities: readonly unknown[] = [0, -1, 1.5, Number.NaN, Infinity, ...awkward];
const badTtls: readonly unknown[] = [0, -1, -Infinity, Number.NaN, ...awkward.filter((value) => value !== undefined)];
const badOptions: readonly unknown[] = [null, undefined, 5, 'options', true, 3n, Symbol('options')];
const badClocks: readonly unknown[] = [null, 42, 'clock', {}, { now: 5 }, Object.create(null) as object, [() => 0]];

function createMisuseCheck(suite: TtlSuite): void {
  const create = suite.implementation.default as LooseCreate;
  suite.check('TTL-12', 'create rejects each bad argument with the named class, the message showing the value', async () => {
    for (const value of badCapacities) {
      await expectMisuse(suite, 'TTL-12', { call: () => create({ capacity: value, ttlMs: 10 }), classes: RangeError, method: 'create', value, label: `capacity ${valueLabel(value)}` });
    }
    for (const value of [...badTtls, undefined]) {
      await expectMisuse(suite, 'TTL-12', { call: () => create({ capacity: 2, ttlMs: value }), classes: RangeError, method: 'create', value, label: `ttlMs ${valueLabel(value)}` });
    }
    for (const value of badOptions) {
      await expectMisuse(suite, 'TTL-12', { call: () => create(value), classes: TypeError, method: 'create', value, label: `create(${valueLabel(value)})` });
    }
    for (const value of badClocks) {
      await expectMisuse(suite, 'TTL-12', { call: () => create({ capacity: 2, ttlMs: 10, clock: value }), classes: TypeError, method: 'create', value, label: `clock ${valueLabel(value)}` });
    }
  });
}

function setMisuseCheck(suite: TtlSuite): void {
  const create = suite.implementation.default as LooseCreate;
  suite.check('TTL-12', 'set rejects each bad per-entry ttlMs with a RangeError, the message showing the value', async () => {
    const cache = create({ capacity: 2, ttlMs: 10, clock: new VirtualClock() });
    for (const value of badTtls) {
      await expectMisuse(suite, 'TTL-12', { call: () => cache.set('k', 1, { ttlMs: value }), classes: RangeError, method: 'set', value, label: `set with ttlMs ${valueLabel(value)}` });
    }
  });
}

export function misuseChecks(suite: TtlSuite): void {
  createMisuseCheck(suite);
  setMisuseCheck(suite);
}
