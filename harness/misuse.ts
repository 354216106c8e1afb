// The one misuse check every suite uses (house rules 6 and 7): the call is awaited, so an
// implementation may throw or reject; the error must be of the named class, and its message must
// read "<system>.<method>: expected <what>, got <value>", showing the value where it has a plain
// spelling. A spec that only asks for the system to be named uses `format: 'system named'`.

import { expect } from 'vitest';
import { failureOf } from './failure.ts';
import { ImplementationFault } from './guard.ts';
import type { Suite } from './suite.ts';
import type { AnySpec, RuleId } from './spec.ts';

export type ErrorClass = typeof TypeError | typeof RangeError;

export interface MisuseCase {
  /** the call that must fail; thrown or rejected, both count */
  readonly call: () => unknown;
  /** the class (or one of the classes) the error must be an instance of */
  readonly classes: ErrorClass | readonly ErrorClass[];
  /** the method the message must name; left out where the spec leaves it free (a factory's name) */
  readonly method?: string;
  /** the offending value, when the message must show it (a number's or a non-blank string's text) */
  readonly value?: unknown;
  /** what the message must also say, such as /integer/i for an integer that was not */
  readonly mentions?: RegExp;
  /** 'full' (the default): "<system>.<method>: expected <what>, got <value>"; 'system named': the message names the system */
  readonly format?: 'full' | 'system named';
  /** how the call reads in a failure, e.g. "get(42)" */
  readonly label?: string;
}

/** One line naming any value, for labels: strings quoted, -0 as -0, objects by kind. */
export function valueLabel(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  if (value === null || value === undefined) return String(value);
  if (Object.getPrototypeOf(value) === null) return 'Object.create(null)';
  return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
}

/**
 * The text a message must contain for value: a primitive's own spelling (a number's digits, a
 * non-blank string's characters, true, null, undefined, a bigint's digits); nothing for objects,
 * functions and symbols, whose spelling is free.
 */
export function shownAs(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null || value === undefined) return String(value);
  return undefined;
}

/** The parts of a misuse message, or undefined when it does not read "<system>.<method>: expected <what>, got <value>". */
export function misuseParts(message: string): { system: string; method: string; expected: string; got: string } | undefined {
  const parts = /^([a-z][a-z0-9-]*)\.([\w$]+): expected (.+), got (.+)$/s.exec(message);
  if (parts === null) return undefined;
  const [, system, method, expected, got] = parts as unknown as [string, string, string, string, string];
  return { system, method, expected, got };
}

function errorLabel(error: unknown): string {
  if (error === undefined) return 'nothing (the call returned)';
  return error instanceof Error ? `${error.name}: ${error.message}` : valueLabel(error);
}

/** Awaits misuse.call and checks its failure on behalf of rule (see MisuseCase). */
export async function expectMisuse<S extends AnySpec>(suite: Suite<S>, rule: RuleId<S>, misuse: MisuseCase): Promise<void> {
  judgeMisuse(suite, rule, misuse, await failureOf(misuse.call));
}

/** Checks an error already caught (a failed iteration, say) as expectMisuse checks a call's. */
export function judgeMisuse<S extends AnySpec>(suite: Suite<S>, rule: RuleId<S>, misuse: Omit<MisuseCase, 'call'>, error: unknown): void {
  if (error instanceof ImplementationFault) throw error;
  const classes = Array.isArray(misuse.classes) ? (misuse.classes as readonly ErrorClass[]) : [misuse.classes as ErrorClass];
  const what = misuse.label ?? (misuse.method === undefined ? 'the call' : `${misuse.method}()`);
  const system = suite.spec.id;
  suite.rule(rule, () => {
    expect(classes.some((errorClass) => error instanceof errorClass), `${what} fails with ${classes.map((errorClass) => errorClass.name).join(' or ')}, not ${errorLabel(error)}`).toBe(true);
    const message = (error as Error).message;
    if (misuse.format === 'system named') {
      expect(message, `${what}: the message names ${system}`).toContain(system);
    } else {
      const parts = misuseParts(message);
      expect(parts, `${what}: the message ${JSON.stringify(message)} reads "${system}.<method>: expected <what>, got <value>"`).not.toBeUndefined();
      const { system: named, method, got } = parts as NonNullable<typeof parts>;
      expect(named, `${what}: the system the message names`).toBe(system);
      if (misuse.method !== undefined) expect(method, `${what}: the method the message names`).toBe(misuse.method);
      const shown = 'value' in misuse ? shownAs(misuse.value) : undefined;
      if (shown !== undefined) expect(got, `${what}: the message shows the value ${valueLabel(misuse.value)}`).toContain(shown);
    }
    if (misuse.mentions !== undefined) expect(message, `${what}: what the message says`).toMatch(misuse.mentions);
  });
}

/** Awaits call and checks, on behalf of rule, that it neither throws nor rejects; returns its result. */
export async function expectAccepted<S extends AnySpec>(suite: Suite<S>, rule: RuleId<S>, label: string, call: () => unknown): Promise<unknown> {
  let result: unknown;
  const error = await failureOf(async () => {
    result = await call();
  });
  if (error instanceof ImplementationFault) throw error;
  suite.rule(rule, () => expect(error, `${label} is accepted, but failed with ${errorLabel(error)}`).toBeUndefined());
  return result;
}
