// Parsers for the Jepsen histories in data/jepsen-histories: etcd's register logs
// and the kv test's EDN lines. Time is the line number, which keeps the order Jepsen logged;
// operations without a definite outcome (:info, a timed-out read, no completion) are unknown.

import { unknownOutput, type Operation } from './model.ts';
import type { AppendMapInput, AppendMapOutput, RegisterInput, RegisterOutput, RegisterValue } from './models.ts';

interface Pending<Input> {
  readonly input: Input;
  readonly callMs: number;
}

/** the output; 'unknown' (it may or may not have taken effect); 'none' (it certainly did not) */
type Completion<Output> = { readonly output: Output } | 'unknown' | 'none';

/** Pairs each process's invocation with its completion; unmatched invocations end unknown. */
class Pairing<Input, Output> {
  readonly #pending = new Map<number, Pending<Input>>();
  readonly operations: Operation<Input, Output>[] = [];

  invoke(process: number, input: Input, time: number, line: string): void {
    if (this.#pending.has(process)) throw new SyntaxError(`jepsen: process ${process} invoked twice: ${line}`);
    this.#pending.set(process, { input, callMs: time });
  }

  complete(process: number, completion: Completion<Output>, time: number, line: string): void {
    const pending = this.#pending.get(process);
    if (pending === undefined) throw new SyntaxError(`jepsen: completion without an invocation: ${line}`);
    this.#pending.delete(process);
    if (completion === 'none') return;
    this.operations.push({
      clientId: process,
      input: pending.input,
      callMs: pending.callMs,
      returnMs: completion === 'unknown' ? Infinity : time,
      output: completion === 'unknown' ? unknownOutput : completion.output,
    });
  }

  finish(): Operation<Input, Output>[] {
    for (const [process, pending] of this.#pending) {
      this.operations.push({ clientId: process, input: pending.input, callMs: pending.callMs, returnMs: Infinity, output: unknownOutput });
    }
    this.#pending.clear();
    return this.operations;
  }
}

const etcdLine = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*?)\s*$/;

function registerValue(text: string, line: string): RegisterValue {
  if (text === 'nil') return null;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new SyntaxError(`jepsen: expected an integer or nil, got "${text}": ${line}`);
  return value;
}

function casPair(text: string, line: string): [RegisterValue, RegisterValue] {
  const match = /^\[(\S+)\s+(\S+)\]$/.exec(text);
  if (match === null) throw new SyntaxError(`jepsen: expected [from to], got "${text}": ${line}`);
  return [registerValue(match[1] as string, line), registerValue(match[2] as string, line)];
}

function etcdInput(f: string, argument: string, line: string): RegisterInput {
  if (f === 'read') return { kind: 'read' };
  if (f === 'write') return { kind: 'write', value: registerValue(argument, line) };
  const [expected, value] = casPair(argument, line);
  return { kind: 'cas', expected, value };
}

function etcdCompletion(type: string, f: string, argument: string, line: string): Completion<RegisterOutput> {
  if (type === 'info' || (type === 'fail' && f === 'read')) return 'unknown';
  if (f === 'read') return { output: { value: registerValue(argument, line) } };
  if (f === 'write') {
    if (type === 'fail') throw new SyntaxError(`jepsen: a write cannot fail definitely: ${line}`);
    return { output: 'ok' };
  }
  return { output: { swapped: type === 'ok' } };
}

/** Parses an etcd register log (`INFO  jepsen.util - <process> :<type> :<f> <value>` per line). */
export function parseEtcdLog(text: string): Operation<RegisterInput, RegisterOutput>[] {
  const pairing = new Pairing<RegisterInput, RegisterOutput>();
  text.split('\n').forEach((line, time) => {
    if (line.trim() === '') return;
    const match = etcdLine.exec(line);
    if (match === null) throw new SyntaxError(`jepsen: not an etcd history line: ${line}`);
    const [, processText, type, f, argument] = match as unknown as [string, string, string, string, string];
    const process = Number(processText);
    if (type === 'invoke') pairing.invoke(process, etcdInput(f, argument, line), time, line);
    else pairing.complete(process, etcdCompletion(type, f, argument, line), time, line);
  });
  return pairing.finish();
}

/** The fields of one flat EDN map line: keywords, strings, integers and nil. */
export function parseEdnMap(line: string): Map<string, string | number | null> {
  const body = /^\s*\{(.*)\}\s*$/.exec(line);
  if (body === null) throw new SyntaxError(`jepsen: not an EDN map: ${line}`);
  const fields = new Map<string, string | number | null>();
  const field = /\s*:([\w-]+)\s+(?:"((?:[^"\\]|\\.)*)"|:([\w-]+)|(-?\d+)|(nil))\s*,?/y;
  const text = body[1] as string;
  while (field.lastIndex < text.length) {
    const match = field.exec(text);
    if (match === null) throw new SyntaxError(`jepsen: unreadable EDN field in: ${line}`);
    const [, name, string, keyword, integer] = match;
    const value = string !== undefined ? string.replace(/\\(.)/g, '$1') : keyword !== undefined ? keyword : integer !== undefined ? Number(integer) : null;
    fields.set(name as string, value);
  }
  return fields;
}

/** Parses Jepsen kv test lines (`{:process 0, :type :invoke, :f :append, :key "4", :value "x"}`). */
export function parseKvHistory(text: string): Operation<AppendMapInput, AppendMapOutput>[] {
  const pairing = new Pairing<AppendMapInput, AppendMapOutput>();
  text.split('\n').forEach((line, time) => {
    if (line.trim() === '') return;
    const fields = parseEdnMap(line);
    const process = fields.get('process');
    const type = fields.get('type');
    const f = fields.get('f');
    const key = fields.get('key');
    const value = fields.get('value');
    if (typeof process !== 'number' || typeof key !== 'string' || (f !== 'get' && f !== 'put' && f !== 'append')) {
      throw new SyntaxError(`jepsen: expected :process, :f (get, put or append) and :key: ${line}`);
    }
    if (type === 'invoke') {
      pairing.invoke(process, f === 'get' ? { kind: 'get', key } : { kind: f, key, value: String(value ?? '') }, time, line);
    } else if (type === 'ok') {
      pairing.complete(process, { output: f === 'get' ? { value: String(value ?? '') } : 'ok' }, time, line);
    } else if (type === 'info' || type === 'fail') {
      // Jepsen's :fail means the operation certainly did not happen; :info, that it may have
      pairing.complete(process, type === 'fail' ? 'none' : 'unknown', time, line);
    } else {
      throw new SyntaxError(`jepsen: unknown :type ${String(type)}: ${line}`);
    }
  });
  return pairing.finish();
}
