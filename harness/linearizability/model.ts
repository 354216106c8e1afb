// The vocabulary of the linearizability checker: an operation of a concurrent history (a closed
// call/return interval and what it returned, or an unknown outcome) and a model, the sequential
// specification a history is checked against. Models are pure and deterministic; the search is the checker's.

/** The output of an operation whose outcome is unknown (it timed out or its client crashed). */
export const unknownOutput: unique symbol = Symbol('unknown output');
export type UnknownOutput = typeof unknownOutput;

/** What Model.step returns when the operation cannot produce that output from that state. */
export const illegal: unique symbol = Symbol('illegal');
export type Illegal = typeof illegal;

/**
 * One operation of a history. Its interval [callMs, returnMs] is closed: two operations that
 * touch at an instant are concurrent. An operation of unknown outcome has returnMs = +Infinity
 * and output unknownOutput: it may take effect at any point after its call, or never.
 */
export interface Operation<Input, Output> {
  readonly clientId: number;
  readonly input: Input;
  readonly callMs: number;
  readonly returnMs: number;
  readonly output: Output | UnknownOutput;
}

/**
 * A sequential specification. step answers "from this state, can input return output, and
 * where does that leave the state?"; with unknownOutput it answers "where does the operation
 * leave the state if it took effect". hash and equal identify states for the search's cache;
 * partitionKey (optional) splits a history into independent parts (e.g. one per key), which
 * is sound only when operations on different keys never constrain each other.
 */
export interface Model<State, Input, Output> {
  readonly name: string;
  init(): State;
  step(state: State, input: Input, output: Output | UnknownOutput): State | Illegal;
  /** any 32-bit integer; equal states must hash alike */
  hash(state: State): number;
  equal(left: State, right: State): boolean;
  partitionKey?(input: Input): string | number;
  describeInput(input: Input): string;
  describeOutput(output: Output): string;
  describeState?(state: State): string;
}

/** Anything we can say about an operation on a timeline: "put(x, 1) -> ok", "read() -> ?". */
export function describeOperation<Input, Output>(model: Model<unknown, Input, Output>, operation: Operation<Input, Output>): string {
  const output = operation.output === unknownOutput ? '?' : model.describeOutput(operation.output);
  return `${model.describeInput(operation.input)} -> ${output}`;
}

/** FNV-1a over a string's UTF-16 code units: a cheap, stable 32-bit hash for model states. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  return hash | 0;
}

/** A 32-bit hash of a primitive value, distinguishing null, undefined, numbers and strings. */
export function hashPrimitive(value: string | number | boolean | null | undefined): number {
  if (typeof value === 'string') return hashString(value);
  if (typeof value === 'number') return Number.isInteger(value) ? Math.imul(value | 0, 0x9e3779b1) ^ 0x55 : hashString(String(value));
  if (typeof value === 'boolean') return value ? 0x2b : 0x2c;
  return value === null ? 0x1f : 0x3d;
}
