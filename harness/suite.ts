// The suite API. A property or scenario file asks for its system's suite and declares checks,
// each naming the contract rules it pins down. The suite hands over the implementation under
// test, runs fast-check with the grading run's seed and budget, and turns a failure into a
// report that names the rule, the counterexample and the command that replays it.

import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { test } from 'vitest';
import { ImplementationFault } from './guard.ts';
import { implementationOf } from './implementation.ts';
import { replayCommand } from './replay.ts';
import { readSettings } from './settings.ts';
import { checkName, type AnySpec, type ModuleOf, type RuleId } from './spec.ts';

export interface CheckOptions {
  /** vitest timeout for this check; defaults to 30 s */
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
  /** a fast-check property, run with the grading run's seed and number of runs */
  property<T>(
    rules: RuleId<S> | readonly RuleId<S>[],
    behaviour: string,
    property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>,
    options?: PropertyOptions,
  ): void;
}

/** A property that failed: what the grader records for the report. */
export interface FailureRecord {
  readonly systemId: string;
  readonly check: string;
  readonly rules: readonly string[];
  readonly seed: number;
  readonly path: string | undefined;
  readonly replayPath: string | undefined;
  readonly counterexample: string;
  readonly error: string;
  readonly replay: string;
}

/** An assertion that failed on behalf of one named rule. */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly rule: string,
    ruleText: string,
    readonly causeMessage: string,
  ) {
    super(`violates ${rule}: ${ruleText}\n${causeMessage}`);
  }
}

export class PropertyFailure extends Error {
  override readonly name = 'PropertyFailure';
  constructor(
    readonly record: FailureRecord,
    ruleTexts: Readonly<Record<string, string>>,
  ) {
    super(describeFailure(record, ruleTexts));
  }
}

const defaultTimeoutMs = 30_000;

export async function systemSuite<S extends AnySpec>(spec: S): Promise<Suite<S>> {
  const implementation = await implementationOf(spec);
  const settings = readSettings();
  const overridden = settings.implementations[spec.id];
  const list = (rules: string | readonly string[]): readonly string[] => (typeof rules === 'string' ? [rules] : rules);

  return {
    spec,
    implementation,
    check(rules, behaviour, body, options = {}) {
      assertKnownRules(spec, list(rules));
      test(checkName(list(rules), behaviour), async () => {
        await body();
      }, options.timeoutMs ?? defaultTimeoutMs);
    },
    rule(rule, body) {
      const violation = (error: unknown): never => {
        if (error instanceof RuleViolation || error instanceof ImplementationFault) throw error;
        const message = error instanceof Error ? error.message : String(error);
        throw new RuleViolation(rule, spec.rules[rule] ?? '', message);
      };
      let result: ReturnType<typeof body>;
      try {
        result = body();
      } catch (error) {
        return violation(error);
      }
      if (result instanceof Promise) return result.catch(violation) as ReturnType<typeof body>;
      return result;
    },
    property(rules, behaviour, property, options = {}) {
      const ruleList = list(rules);
      assertKnownRules(spec, ruleList);
      const name = checkName(ruleList, behaviour);
      const numRuns = Math.max(
        1,
        Math.min(options.runsMax ?? Infinity, Math.round(settings.runs * (options.runsFactor ?? 1))),
      );
      test(name, async () => {
        const details = await fc.check(property, {
          numRuns,
          ...(settings.seed === undefined ? {} : { seed: settings.seed }),
          ...(settings.path === undefined ? {} : { path: settings.path, endOnFailure: true }),
        });
        if (!details.failed) return;
        if (details.errorInstance instanceof ImplementationFault) throw details.errorInstance;
        const counterexample = fc.stringify(details.counterexample);
        const violated = details.errorInstance instanceof RuleViolation ? [details.errorInstance.rule] : ruleList;
        const record: FailureRecord = {
          systemId: spec.id,
          check: name,
          rules: violated,
          seed: details.seed,
          path: details.counterexamplePath ?? undefined,
          replayPath: /\/\*replayPath="([^"]*)"\*\//.exec(counterexample)?.[1],
          counterexample,
          error: errorText(details.errorInstance, details.interrupted),
          replay: '',
        };
        const withReplay: FailureRecord = {
          ...record,
          replay: replayCommand({ ...record, checkName: name, modulePath: overridden }),
        };
        if (settings.failureLog !== undefined) {
          appendFileSync(settings.failureLog, `${JSON.stringify(withReplay)}\n`);
        }
        throw new PropertyFailure(withReplay, spec.rules);
      }, options.timeoutMs ?? defaultTimeoutMs);
    },
  };
}

function assertKnownRules(spec: AnySpec, rules: readonly string[]): void {
  for (const rule of rules) {
    if (!(rule in spec.rules)) throw new Error(`${spec.id}: a check names rule ${rule}, which the spec lacks`);
  }
}

function errorText(error: unknown, interrupted: boolean): string {
  if (interrupted) return 'the property was interrupted before it finished';
  if (error instanceof RuleViolation) return error.causeMessage;
  if (error instanceof Error) return error.message;
  return error === undefined ? 'the property returned false' : String(error);
}

function describeFailure(record: FailureRecord, ruleTexts: Readonly<Record<string, string>>): string {
  return [
    ...record.rules.map((rule) => `violates ${rule}: ${ruleTexts[rule] ?? '(unknown rule)'}`),
    `error: ${record.error}`,
    `counterexample: ${record.counterexample}`,
    `seed ${record.seed}${record.path === undefined ? '' : `, path "${record.path}"`}`,
    `replay: ${record.replay}`,
  ].join('\n');
}

/**
 * fc.commands with the grading run's replayPath, so a failing command sequence replays exactly
 * (fast-check cannot rebuild a shrunk command list from seed and path alone).
 */
export function replayableCommands<Model extends object, Real, CheckAsync extends boolean = false>(
  commands: fc.Arbitrary<fc.AsyncCommand<Model, Real, CheckAsync>>[],
  options: { readonly maxCommands: number },
): fc.Arbitrary<Iterable<fc.AsyncCommand<Model, Real, CheckAsync>>> {
  const { replayPath } = readSettings();
  return fc.commands(commands, {
    maxCommands: options.maxCommands,
    ...(replayPath === undefined ? {} : { replayPath }),
  });
}
