// The checker against real Jepsen histories with known verdicts (Porcupine's test data): every
// etcd register history and every kv history must get its expected verdict, and none may be
// left 'unknown' under a generous budget. Also the parsers' reading of each kind of line.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from './settings.ts';
import { describe, expect, test } from 'vitest';
import { checkOperations } from './linearizability/checker.ts';
import { parseEdnMap, parseEtcdLog, parseKvHistory } from './linearizability/jepsen.ts';
import { unknownOutput } from './linearizability/model.ts';
import { appendMapModel, registerModel } from './linearizability/models.ts';

const historiesDirectory = join(dataDirectory, 'jepsen-histories');
const expected = JSON.parse(readFileSync(join(historiesDirectory, 'expected.json'), 'utf8')) as {
  etcd: Record<string, boolean>;
  kv: Record<string, boolean>;
};
const generousBudget = { stepsMax: 200_000_000, timeMs: 300_000 };
const verdictOf = (linearizable: boolean): string => (linearizable ? 'ok' : 'illegal');

describe('Jepsen etcd histories', () => {
  const files = readdirSync(join(historiesDirectory, 'etcd')).filter((file) => file.endsWith('.log')).sort();

  test('all 102 histories with a verdict are present', () => {
    expect(files).toHaveLength(102);
    expect(files.sort()).toEqual(Object.keys(expected.etcd).sort());
  });

  test('every history gets its expected verdict', () => {
    const verdicts = Object.fromEntries(
      files.map((file) => [file, checkOperations(registerModel, parseEtcdLog(readFileSync(join(historiesDirectory, 'etcd', file), 'utf8')), generousBudget).verdict]),
    );
    expect(verdicts).toEqual(Object.fromEntries(files.map((file) => [file, verdictOf(expected.etcd[file] as boolean)])));
  }, 120_000);
});

describe('Jepsen kv histories', () => {
  test.each(Object.entries(expected.kv))('%s is linearizable: %s', (file, linearizable) => {
    const operations = parseKvHistory(readFileSync(join(historiesDirectory, 'kv', file), 'utf8'));
    const result = checkOperations(appendMapModel, operations, generousBudget);
    expect(result.verdict).toBe(verdictOf(linearizable));
    expect(result.partitions).toBeGreaterThan(1);
  }, 120_000);
});

describe('parsing etcd logs', () => {
  const line = (process: number, rest: string): string => `INFO  jepsen.util - ${process}\t${rest}`;

  test('reads reads, writes and compare-and-sets with their outcomes, time being the line number', () => {
    const log = [
      line(0, ':invoke\t:read\tnil'),
      line(1, ':invoke\t:write\t4'),
      line(2, ':invoke\t:cas\t[4 5]'),
      line(0, ':ok\t:read\tnil'),
      line(1, ':ok\t:write\t4'),
      line(2, ':fail\t:cas\t[4 5]'),
      line(0, ':invoke\t:cas\t[nil 1]'),
      line(0, ':ok\t:cas\t[nil 1]'),
      '',
    ].join('\n');
    expect(parseEtcdLog(log)).toEqual([
      { clientId: 0, input: { kind: 'read' }, callMs: 0, returnMs: 3, output: { value: null } },
      { clientId: 1, input: { kind: 'write', value: 4 }, callMs: 1, returnMs: 4, output: 'ok' },
      { clientId: 2, input: { kind: 'cas', expected: 4, value: 5 }, callMs: 2, returnMs: 5, output: { swapped: false } },
      { clientId: 0, input: { kind: 'cas', expected: null, value: 1 }, callMs: 6, returnMs: 7, output: { swapped: true } },
    ]);
  });

  test('an :info, a timed-out read and an invocation never completed are of unknown outcome', () => {
    const log = [
      line(0, ':invoke\t:write\t1'),
      line(1, ':invoke\t:read\tnil'),
      line(2, ':invoke\t:cas\t[1 2]'),
      line(0, ':info\t:write\t1'),
      line(1, ':fail\t:read\t:timed-out'),
    ].join('\n');
    const operations = parseEtcdLog(log);
    expect(operations.map((operation) => [operation.clientId, operation.returnMs, operation.output])).toEqual([
      [0, Infinity, unknownOutput],
      [1, Infinity, unknownOutput],
      [2, Infinity, unknownOutput],
    ]);
  });

  test('rejects lines it cannot read', () => {
    expect(() => parseEtcdLog('hello')).toThrow(/not an etcd history line/);
    expect(() => parseEtcdLog(line(0, ':invoke\t:write\tx'))).toThrow(/integer or nil/);
    expect(() => parseEtcdLog(line(0, ':invoke\t:cas\t5'))).toThrow(/\[from to\]/);
    expect(() => parseEtcdLog(`${line(0, ':invoke\t:read\tnil')}\n${line(0, ':invoke\t:read\tnil')}`)).toThrow(/invoked twice/);
    expect(() => parseEtcdLog(line(0, ':ok\t:read\t1'))).toThrow(/without an invocation/);
    expect(() => parseEtcdLog(`${line(0, ':invoke\t:write\t1')}\n${line(0, ':fail\t:write\t1')}`)).toThrow(/cannot fail/);
  });
});

describe('parsing kv EDN lines', () => {
  test('reads flat EDN maps of keywords, strings, integers and nil', () => {
    expect(Object.fromEntries(parseEdnMap('{:process 3, :type :ok, :f :get, :key "a \\"b\\"", :value nil, :n -2}'))).toEqual({
      process: 3,
      type: 'ok',
      f: 'get',
      key: 'a "b"',
      value: null,
      n: -2,
    });
    expect(() => parseEdnMap('[1 2]')).toThrow(/not an EDN map/);
    expect(() => parseEdnMap('{:process [1]}')).toThrow(/unreadable EDN field/);
  });

  test('pairs invocations and completions; :fail did not happen, :info is unknown', () => {
    const history = [
      '{:process 0, :type :invoke, :f :put, :key "k", :value "a"}',
      '{:process 1, :type :invoke, :f :get, :key "k", :value nil}',
      '{:process 2, :type :invoke, :f :append, :key "k", :value "b"}',
      '{:process 3, :type :invoke, :f :append, :key "j", :value "c"}',
      '{:process 0, :type :ok, :f :put, :key "k", :value "a"}',
      '{:process 1, :type :ok, :f :get, :key "k", :value "a"}',
      '{:process 2, :type :fail, :f :append, :key "k", :value "b"}',
      '{:process 3, :type :info, :f :append, :key "j", :value "c"}',
      '{:process 4, :type :invoke, :f :get, :key "j", :value nil}',
      '{:process 4, :type :ok, :f :get, :key "j", :value nil}',
    ].join('\n');
    expect(parseKvHistory(history)).toEqual([
      { clientId: 0, input: { kind: 'put', key: 'k', value: 'a' }, callMs: 0, returnMs: 4, output: 'ok' },
      { clientId: 1, input: { kind: 'get', key: 'k' }, callMs: 1, returnMs: 5, output: { value: 'a' } },
      { clientId: 3, input: { kind: 'append', key: 'j', value: 'c' }, callMs: 3, returnMs: Infinity, output: unknownOutput },
      { clientId: 4, input: { kind: 'get', key: 'j' }, callMs: 8, returnMs: 9, output: { value: '' } },
    ]);
  });

  test('rejects lines without process, function or key, and unknown types', () => {
    expect(() => parseKvHistory('{:process 0, :type :invoke, :f :cas, :key "k"}')).toThrow(/expected :process/);
    expect(() => parseKvHistory('{:type :invoke, :f :get, :key "k"}')).toThrow(/expected :process/);
    expect(() => parseKvHistory('{:process 0, :type :invoke, :f :get}')).toThrow(/expected :process/);
    expect(() => parseKvHistory('{:process 0, :type :invoke, :f :get, :key "k"}\n{:process 0, :type :odd, :f :get, :key "k"}')).toThrow(/unknown :type/);
  });
});
