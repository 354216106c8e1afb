// What grading produces, and how a system's checks become its status and per-rule results.
// Pure functions over plain data, so the classification is tested without spawning anything.

import type { FailureRecord } from '../harness/property-run.ts';
import { rulesOfCheck } from '../harness/spec.ts';

/** incomplete: nothing failed, but some checks are still to be written (test.todo): never a pass */
export type SystemStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'incomplete';
/** todo: a check a new system's scaffold declared and nobody has written yet */
export type CheckStatus = 'pass' | 'fail' | 'skip' | 'todo';
export type RuleStatus = 'pass' | 'fail' | 'unchecked';

export interface CheckResult {
  readonly name: string;
  /** "properties" or "scenarios" */
  readonly suite: string;
  readonly rules: readonly string[];
  readonly status: CheckStatus;
  readonly durationMs: number;
  /** the rules this check's failure is blamed on (empty when it passed) */
  readonly violated: readonly string[];
  readonly message?: string;
  /** set when the failing check was a property: seed, shrink path, counterexample, replay command */
  readonly property?: Omit<FailureRecord, 'systemId' | 'check'>;
  /** the failure came from the implementation misbehaving (non-Error throw, process.exit), not a wrong answer */
  readonly fault?: boolean;
  /** the check ran out of time: slowness or a hang, blamed on no rule (the system's status is timeout) */
  readonly timedOut?: boolean;
}

export interface RuleResult {
  readonly id: string;
  readonly text: string;
  readonly status: RuleStatus;
  readonly checks: readonly string[];
}

export interface SystemResult {
  readonly id: string;
  readonly title: string;
  /** the module graded: a path, or "reference" for impl/ */
  readonly implementation: string;
  readonly status: SystemStatus;
  /** why the status is error or timeout, or a one-line summary of the failure */
  readonly message?: string;
  readonly durationMs: number;
  readonly rules: readonly RuleResult[];
  readonly checks: readonly CheckResult[];
}

/** What the grading worker hands back for one system. */
export interface WorkerReport {
  /** set when the implementation could not be exercised at all (load, smoke, collection) */
  readonly error?: string;
  readonly checks: readonly CheckResult[];
  /** errors vitest saw outside any check: unhandled rejections, crashed workers */
  readonly unhandled: readonly string[];
}

/** The rules a failure message blames ("violates XX-n:" lines), else every rule the check names. */
export function violatedRules(checkRules: readonly string[], message: string): string[] {
  const named = [...message.matchAll(/^(?:\S+: )?violates ([A-Z][A-Z0-9]*-\d+):/gm)].map((match) => match[1] as string);
  return named.length > 0 ? [...new Set(named)] : [...checkRules];
}

export interface TestErrorSummary {
  readonly name?: string | undefined;
  readonly message: string;
}

/** A thrown non-Error (the harness's guard names it ImplementationFault) or a process.exit call. */
export function isFault(error: TestErrorSummary): boolean {
  return error.name === 'ImplementationFault' || /process\.exit unexpectedly called/.test(error.message);
}

export function checkFromTest(input: {
  name: string;
  suite: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  durationMs: number;
  errors: readonly TestErrorSummary[];
  failure?: FailureRecord | undefined;
  /** declared with test.todo */
  todo?: boolean;
}): CheckResult {
  const rules = rulesOfCheck(input.name);
  const status: CheckStatus = input.todo === true ? 'todo' : input.state === 'passed' ? 'pass' : input.state === 'failed' ? 'fail' : 'skip';
  if (status !== 'fail') return { name: input.name, suite: input.suite, rules, status, durationMs: input.durationMs, violated: [] };
  const message = input.errors.map((error) => error.message).join('\n') || 'failed without an error message';
  const fault = input.errors.some(isFault);
  const timedOut = input.errors.some(isCheckTimeout);
  const { systemId: _systemId, check: _check, ...property } = input.failure ?? { systemId: '', check: '' };
  return {
    name: input.name,
    suite: input.suite,
    rules,
    status,
    durationMs: input.durationMs,
    violated: timedOut ? [] : input.failure ? [...input.failure.rules] : violatedRules(rules, message),
    message,
    ...(input.failure ? { property: property as CheckResult['property'] } : {}),
    ...(fault ? { fault } : {}),
    ...(timedOut ? { timedOut } : {}),
  };
}

/** vitest's message for a check that outran its deadline */
export function isCheckTimeout(error: TestErrorSummary): boolean {
  return /^Test timed out in \d+ms/.test(error.message);
}

/** The checks that ran: neither skipped (by --check) nor still to be written. */
export function ranChecks(checks: readonly CheckResult[]): CheckResult[] {
  return checks.filter((check) => check.status !== 'skip' && check.status !== 'todo');
}

export function ruleResults(rules: Readonly<Record<string, string>>, checks: readonly CheckResult[]): RuleResult[] {
  return Object.entries(rules).map(([id, text]) => {
    const naming = ranChecks(checks).filter((check) => check.rules.includes(id));
    const failed = naming.some((check) => check.violated.includes(id));
    // a check that ran out of time says nothing about the rule either way
    const finished = naming.filter((check) => check.timedOut !== true);
    const status: RuleStatus = failed ? 'fail' : finished.length > 0 ? 'pass' : 'unchecked';
    return { id, text, status, checks: naming.map((check) => check.name) };
  });
}

/** The status of a system whose worker finished (timeouts and crashes are decided by the caller). */
export function systemStatus(report: WorkerReport): { status: SystemStatus; message?: string } {
  if (report.error !== undefined) return { status: 'error', message: report.error };
  const faulty = report.checks.find((check) => check.fault);
  if (faulty) return { status: 'error', message: `the implementation misbehaved: ${firstLine(faulty.message ?? '')}` };
  if (report.unhandled.length > 0) {
    return { status: 'error', message: `error outside any check: ${firstLine(report.unhandled[0] as string)}` };
  }
  const ran = ranChecks(report.checks);
  const todo = report.checks.filter((check) => check.status === 'todo');
  if (ran.length === 0 && todo.length === 0) return { status: 'error', message: 'no check ran' };
  const failed = ran.filter((check) => check.status === 'fail' && check.timedOut !== true);
  const slow = ran.filter((check) => check.timedOut === true);
  if (failed.length === 0 && slow.length > 0) {
    const [first] = slow as [CheckResult];
    return { status: 'timeout', message: `${slow.length} check${slow.length === 1 ? '' : 's'} ran out of time (slow or hung; a larger --timeout gives each check more), first: ${first.name}` };
  }
  if (failed.length === 0 && todo.length > 0) {
    const [first] = todo as [CheckResult];
    return { status: 'incomplete', message: `${todo.length} check${todo.length === 1 ? '' : 's'} still to write (test.todo), first: ${first.name}` };
  }
  if (failed.length === 0) return { status: 'pass' };
  const rules = [...new Set(failed.flatMap((check) => check.violated))];
  return { status: 'fail', message: `violates ${rules.join(', ')} (${failed.length} of ${ran.length} checks failed)` };
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
