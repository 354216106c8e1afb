// The suite API. A property or scenario file asks for its system's suite and declares checks,
// each naming the contract rules it pins down. The suite hands over the implementation under
// test and runs properties with the grading run's seed and budget (see property-run.ts), so a
// failure reports the rule, the counterexample and the command that replays it.

import fc from 'fast-check';
import { test } from 'vitest';
import { implementationOf } from './implementation.ts';
import { runProperty, underRule } from './property-run.ts';
import { readSettings } from './settings.ts';
import { checkName, type AnySpec, type ModuleOf, type RuleId } from './spec.ts';

export interface CheckOptions {
  /** vitest timeout for this check; defaults to 30 s, times the run's time scale (see Settings) */
  readonly timeoutMs?: number;
}

export interface PropertyOptions extends CheckOptions {
  /** multiplies the run's number of runs, for properties whose runs are costly (or cheap) */
  readonly runsFactor?: number;
  /** cap on the number of runs whatever the run's budget */
  readonly runsMax?: number;
}

export interface Suite<S extends AnySpec> {
  readonly spec: S;
  /** the module under test: its default export is the factory */
  readonly implementation: ModuleOf<S>;
  /** a worked example or scenario: passes when body resolves */
  check(rules: RuleId<S> | readonly RuleId<S>[], behaviour: string, body: () => unknown, options?: CheckOptions): void;
  /**
   * Runs body (an assertion) on behalf of one rule: if it throws, the failure names that rule
   * alone instead of every rule the enclosing check covers.
   */
  rule<T>(rule: RuleId<S>, body: () => T): T;
  /**
   * A check still to be written (a new system's scaffold declares one per rule): vitest lists it
   * as todo and the grader reports the system as incomplete, never as passing.
   */
  todo(rules: RuleId<S> | readonly RuleId<S>[], behaviour: string): void;
  /** a fast-check property, run with the grading run's seed and number of runs */
  property<T>(
    rules: RuleId<S> | readonly RuleId<S>[],
    behaviour: string,
    property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
    options?: PropertyOptions,
  ): void;
}

const defaultTimeoutMs = 30_000;

/** The number of runs a property gets: the run's budget scaled and capped by its options. */
export function runsFor(budget: number, options: PropertyOptions): number {
  return Math.max(1, Math.min(options.runsMax ?? Infinity, Math.round(budget * (options.runsFactor ?? 1))));
}

export async function systemSuite<S extends AnySpec>(spec: S): Promise<Suite<S>> {
  const implementation = await implementationOf(spec);
  const settings = readSettings();
  const deadline = (options: CheckOptions): number => Math.round((options.timeoutMs ?? defaultTimeoutMs) * settings.timeScale);
  const ruleList = (rules: string | readonly string[]): readonly string[] => {
    const list = typeof rules === 'string' ? [rules] : rules;
    for (const rule of list) {
      if (!(rule in spec.rules)) throw new Error(`${spec.id}: a check names rule ${rule}, which the spec lacks`);
    }
    return list;
  };

  return {
    spec,
    implementation,
    check(rules, behaviour, body, options = {}) {
      test(checkName(ruleList(rules), behaviour), async () => {
        await body();
      }, deadline(options));
    },
    rule: (rule, body) => underRule(spec, rule, body),
    todo(rules, behaviour) {
      test.todo(checkName(ruleList(rules), behaviour));
    },
    property(rules, behaviour, property, options = {}) {
      const list = ruleList(rules);
      const check = checkName(list, behaviour);
      const numRuns = runsFor(settings.runs, options);
      test(check, () => runProperty({ spec, check, rules: list, property, numRuns, settings }), deadline(options));
    },
  };
}

/**
 * fc.commands with the grading run's replayPath, so a failing command sequence replays exactly
 * (fast-check cannot rebuild a shrunk command list from seed and path alone).
 */
export function replayableCommands<Model extends object, Real, CheckAsync extends boolean = false>(
  commands: fc.Arbitrary<fc.AsyncCommand<Model, Real, CheckAsync>>[],
  options: {
    readonly maxCommands: number;
    /** fast-check's size for the sequence: the default keeps sequences short, '+1' doubles them */
    readonly size?: fc.SizeForArbitrary;
  },
): fc.Arbitrary<Iterable<fc.AsyncCommand<Model, Real, CheckAsync>>> {
  const { replayPath } = readSettings();
  return fc.commands(commands, {
    maxCommands: options.maxCommands,
    ...(options.size === undefined ? {} : { size: options.size }),
    ...(replayPath === undefined ? {} : { replayPath }),
  });
}
