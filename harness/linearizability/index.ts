// The linearizability checker's public face: operations and models (model.ts), the checker
// (checker.ts), the models shipped (models.ts), the HTML timeline (timeline.ts) and the Jepsen
// parsers (jepsen.ts). Suites import from here; the history recorder is harness/history.ts and
// fast-check runs of concurrent clients are harness/concurrent.ts.
//
//   checkOperations(model, operations, { stepsMax, timeMs, cacheBytesMax, clock }) -> CheckResult
//     { verdict: 'ok' } | { verdict: 'illegal', witness: { partition, linearized, blocked } }
//     | { verdict: 'unknown', reason: 'steps' | 'time' | 'memory' }, each with steps, elapsedMs, partitions
//   renderTimeline(model, operations, result?, { operationsMax, bytesMax }) -> HTML string
//   writeTimeline(model, operations, result?, { directory, fileName }) -> path of the written file
//
// An Operation is { clientId, input, callMs, returnMs, output }; one of unknown outcome has
// returnMs = Infinity and output = unknownOutput. A Model is { init, step, hash, equal,
// partitionKey?, describeInput, describeOutput, describeState? }; step returns illegal to refuse.

export { checkOperations, partitionOperations, defaultCheckOptions } from './checker.ts';
export type { CheckOptions, CheckResult, CheckStatistics, Witness } from './checker.ts';
export { describeOperation, hashPrimitive, hashString, illegal, unknownOutput } from './model.ts';
export type { Illegal, Model, Operation, UnknownOutput } from './model.ts';
export { appendMapModel, keyValueModel, queueModel, registerModel } from './models.ts';
export type {
  AppendMapInput,
  AppendMapOutput,
  KeyValueInput,
  KeyValueOutput,
  MapState,
  QueueInput,
  QueueOutput,
  QueueValue,
  RegisterInput,
  RegisterOutput,
  RegisterValue,
} from './models.ts';
export { renderTimeline, writeTimeline } from './timeline.ts';
export type { TimelineOptions, WriteTimelineOptions } from './timeline.ts';
export { parseEtcdLog, parseKvHistory } from './jepsen.ts';
