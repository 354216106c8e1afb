// Performance gates of the linearizability checker: checking all 102 Jepsen etcd histories, ours
// against a plain JavaScript port of Porcupine's checker (perf/porcupine-baseline.ts) measured in
// the same run, plus our total seconds for the lot. Histories are parsed once, outside the timing.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirectory } from '../harness/settings.ts';
import { checkOperations } from '../harness/linearizability/checker.ts';
import { parseEtcdLog } from '../harness/linearizability/jepsen.ts';
import { unknownOutput, type Operation } from '../harness/linearizability/model.ts';
import { registerModel, type RegisterInput, type RegisterOutput, type RegisterValue } from '../harness/linearizability/models.ts';
import { defineGates, median, type Subject } from '../harness/perf.ts';
import { nilValue, porcupineCheck, type EtcdInput, type EtcdOutput, type PorcupineOperation } from './porcupine-baseline.ts';

const etcdDirectory = join(dataDirectory, 'jepsen-histories', 'etcd');

type RegisterOperation = Operation<RegisterInput, RegisterOutput>;

const integer = (value: RegisterValue): number => (value === null ? nilValue : Number(value));

/** The same history in Porcupine's terms: unknown outcomes return after everything else, as its etcd test has it. */
export function toPorcupine(operations: readonly RegisterOperation[]): PorcupineOperation[] {
  const endMs = Math.max(0, ...operations.flatMap((operation) => [operation.callMs, Number.isFinite(operation.returnMs) ? operation.returnMs : 0])) + 1;
  return operations.map((operation) => {
    const { input, output } = operation;
    const porcupineInput: EtcdInput =
      input.kind === 'read' ? { op: 0, arg1: 0, arg2: 0 } : input.kind === 'write' ? { op: 1, arg1: integer(input.value), arg2: 0 } : { op: 2, arg1: integer(input.expected), arg2: integer(input.value) };
    let porcupineOutput: EtcdOutput = { ok: true, exists: false, value: 0, unknown: false };
    if (output === unknownOutput) porcupineOutput = { ok: false, exists: false, value: 0, unknown: true };
    else if (output !== 'ok' && 'swapped' in output) porcupineOutput = { ok: output.swapped, exists: false, value: 0, unknown: false };
    else if (output !== 'ok') porcupineOutput = { ok: true, exists: output.value !== null, value: integer(output.value), unknown: false };
    return { input: porcupineInput, output: porcupineOutput, call: operation.callMs, return: output === unknownOutput ? endMs : operation.returnMs };
  });
}

export function etcdHistories(): RegisterOperation[][] {
  const files = readdirSync(etcdDirectory).filter((file) => file.endsWith('.log')).sort();
  return files.map((file) => parseEtcdLog(readFileSync(join(etcdDirectory, file), 'utf8')));
}

function oursSubject(histories: readonly RegisterOperation[][]): Subject {
  return {
    name: 'touchstone checker',
    workPerRun: histories.length,
    run() {
      let linearizable = 0;
      for (const history of histories) if (checkOperations(registerModel, history).verdict === 'ok') linearizable++;
      return linearizable;
    },
  };
}

function porcupineSubject(histories: readonly PorcupineOperation[][]): Subject {
  return {
    name: 'Porcupine (plain JS port)',
    workPerRun: histories.length,
    run() {
      let linearizable = 0;
      for (const history of histories) if (porcupineCheck(history)) linearizable++;
      return linearizable;
    },
  };
}

export default defineGates('linearizability', () => {
  const histories = etcdHistories();
  const porcupineHistories = histories.map(toPorcupine);
  const ours = oursSubject(histories);
  // both must agree on every verdict, or the race is between different questions
  const oursVerdicts = histories.map((history) => checkOperations(registerModel, history).verdict === 'ok');
  const porcupineVerdicts = porcupineHistories.map((history) => porcupineCheck(history));
  if (oursVerdicts.some((verdict, index) => verdict !== porcupineVerdicts[index])) throw new Error('linearizability gate: ours and the Porcupine port disagree on a verdict');
  return [
    {
      kind: 'ratio',
      name: '102 Jepsen etcd histories',
      unit: 'histories',
      minRatio: 1.5,
      cpuTimeMs: 1,
      ours,
      baseline: porcupineSubject(porcupineHistories),
    },
    {
      kind: 'metric',
      name: 'seconds to check the 102 etcd histories (median of 5)',
      unit: 's',
      measure() {
        const seconds = Array.from({ length: 5 }, () => {
          const startMs = performance.now();
          ours.run();
          return (performance.now() - startMs) / 1000;
        });
        return median(seconds);
      },
    },
  ];
});
