// Running one property the way a grading run asks: its seed, its budget, its replay path; and
// turning a failure into a record that names the violated rule, the shrunk counterexample and
// the command that replays it. Kept apart from vitest so it is tested directly.

import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { ImplementationFault } from './guard.ts';
import { replayCommand } from './replay.ts';
import type { Settings } from './settings.ts';
import type { AnySpec } from './spec.ts';

/** A property that failed: what the grader records for the report. */
export interface FailureRecord {
  readonly systemId: string;
  readonly check: string;
  /** the rules blamed: the one a RuleViolation names, else every rule of the check */
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

/** Runs body on behalf of rule: whatever it throws (sync or async) becomes a RuleViolation. */
export function underRule<T>(spec: AnySpec, rule: string, body: () => T): T {
  const violation = (error: unknown): never => {
    if (error instanceof RuleViolation || error instanceof ImplementationFault) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new RuleViolation(rule, (spec.rules as Record<string, string>)[rule] ?? '', message);
  };
  let result: T;
  try {
    result = body();
  } catch (error) {
    return violation(error);
  }
  if (result instanceof Promise) return result.catch(violation) as T;
  return result;
}

export interface PropertyRun<T> {
  readonly spec: AnySpec;
  readonly check: string;
  readonly rules: readonly string[];
  readonly property: fc.IAsyncPropertyWithHooks<T> | fc.IPropertyWithHooks<T>;
  readonly numRuns: number;
  readonly settings: Settings;
}

/**
 * How long shrinking may go on after the first failing run, in ms (times the time scale). A
 * counterexample of thousands of items can take minutes to shrink all the way, and a grade that
 * times out loses the verdict; past this budget the smallest failing input found so far is
 * reported. Only the counterexample's size depends on it, never whether the check fails.
 */
export const shrinkBudgetMs = 5_000;

/** The property, with shrinking cut off once `budgetMs` have passed since its first failing run. */
export function withShrinkBudget<T, IsAsync extends boolean>(property: fc.IRawProperty<T, IsAsync>, budgetMs: number): fc.IRawProperty<T, IsAsync> {
  let failedAt: number | undefined;
  const expired = (): boolean => failedAt !== undefined && performance.now() - failedAt > budgetMs;
  const note = <R>(outcome: R): R => {
    if (failedAt === undefined && outcome !== null && !fc.PreconditionFailure.isFailure(outcome)) failedAt = performance.now();
    return outcome;
  };
  return {
    isAsync: () => property.isAsync(),
    generate: (random, runId) => property.generate(random, runId),
    shrink: (value) => (expired() ? fc.Stream.nil() : property.shrink(value).takeWhile(() => !expired())),
    run: ((value: T) => {
      const outcome = property.run(value);
      return outcome instanceof Promise ? outcome.then(note) : note(outcome);
    }) as fc.IRawProperty<T, IsAsync>['run'],
    runBeforeEach: () => property.runBeforeEach(),
    runAfterEach: () => property.runAfterEach(),
  };
}

/** Resolves when the property holds; throws PropertyFailure (or the ImplementationFault) otherwise. */
export async function runProperty<T>(run: PropertyRun<T>): Promise<void> {
  const { settings } = run;
  const details = await fc.check(withShrinkBudget(run.property, shrinkBudgetMs * settings.timeScale), {
    numRuns: run.numRuns,
    ...(settings.seed === undefined ? {} : { seed: settings.seed }),
    ...(settings.path === undefined ? {} : { path: settings.path, endOnFailure: true }),
  });
  if (!details.failed) return;
  if (details.errorInstance instanceof ImplementationFault) throw details.errorInstance;
  const fullCounterexample = fc.stringify(details.counterexample);
  const counterexample = capped(fullCounterexample);
  const partial = {
    systemId: run.spec.id,
    check: run.check,
    rules: details.errorInstance instanceof RuleViolation ? [details.errorInstance.rule] : run.rules,
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
    replayPath: /\/\*replayPath="([^"]*)"\*\//.exec(fullCounterexample)?.[1],
    counterexample,
    error: capped(errorText(details.errorInstance, details.interrupted)),
  };
  const modulePath = settings.implementations[run.spec.id];
  const record: FailureRecord = { ...partial, replay: replayCommand({ ...partial, checkName: run.check, modulePath }) };
  if (settings.failureLog !== undefined) appendFileSync(settings.failureLog, `${JSON.stringify(record)}\n`);
  throw new PropertyFailure(record, run.spec.rules as Record<string, string>);
}

/** the most of a counterexample or error a report keeps: a shrunk input can still print megabytes */
export const failureTextMax = 8_000;

export function capped(text: string): string {
  if (text.length <= failureTextMax) return text;
  return `${text.slice(0, failureTextMax)}… (${text.length - failureTextMax} more characters)`;
}

function errorText(error: unknown, interrupted: boolean): string {
  if (interrupted) return 'the property was interrupted before it finished';
  if (error instanceof RuleViolation) return error.causeMessage;
  if (error instanceof Error) return error.message;
  return String(error);
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
