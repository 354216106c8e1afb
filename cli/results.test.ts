import { describe, expect, test } from 'vitest';
import type { FailureRecord } from '../harness/property-run.ts';
import { checkFromTest, firstLine, ruleResults, systemStatus, violatedRules, type CheckResult } from './results.ts';

const passing = (name: string): CheckResult => checkFromTest({ name, suite: 'properties', state: 'passed', durationMs: 3, errors: [] });
const failing = (name: string, message: string, errorName = 'AssertionError'): CheckResult =>
  checkFromTest({ name, suite: 'scenarios', state: 'failed', durationMs: 4, errors: [{ name: errorName, message }] });

describe('violatedRules', () => {
  test('takes the rules a message names, else every rule of the check', () => {
    expect(violatedRules(['A-1', 'A-2'], 'violates A-2: text\ndetail\nviolates A-2: again')).toEqual(['A-2']);
    expect(violatedRules(['A-1', 'A-2'], 'RuleViolation: violates A-1: text')).toEqual(['A-1']);
    expect(violatedRules(['A-1', 'A-2'], 'expected 1 to be 2')).toEqual(['A-1', 'A-2']);
  });
});

describe('checkFromTest', () => {
  test('a passing check carries its rules and no blame', () => {
    expect(passing('[A-1 A-3] works')).toEqual({ name: '[A-1 A-3] works', suite: 'properties', rules: ['A-1', 'A-3'], status: 'pass', durationMs: 3, violated: [] });
  });

  test('a failing property takes its blame and replay from the failure record', () => {
    const record: FailureRecord = {
      systemId: 'toy', check: '[A-1 A-2] x', rules: ['A-2'], seed: 3, path: '1', replayPath: undefined,
      counterexample: '[1]', error: 'bad', replay: 'npm run grade -- ...',
    };
    const check = checkFromTest({ name: '[A-1 A-2] x', suite: 'properties', state: 'failed', durationMs: 1, errors: [{ message: 'violates A-2: ...' }], failure: record });
    expect(check).toMatchObject({ status: 'fail', violated: ['A-2'], property: { seed: 3, path: '1', replay: 'npm run grade -- ...' } });
    expect(check.property).not.toHaveProperty('systemId');
  });

  test('a non-Error throw or a process.exit call is a fault, skipped checks are skips', () => {
    expect(failing('[A-1] x', 'toy factory threw a non-Error value: 1', 'ImplementationFault').fault).toBe(true);
    expect(failing('[A-1] x', 'process.exit unexpectedly called with "0"', 'Error').fault).toBe(true);
    expect(failing('[A-1] x', 'expected 1 to be 2').fault).toBeUndefined();
    expect(checkFromTest({ name: '[A-1] x', suite: 's', state: 'skipped', durationMs: 0, errors: [] }).status).toBe('skip');
    expect(checkFromTest({ name: '[A-1] x', suite: 's', state: 'failed', durationMs: 0, errors: [] }).message).toBe('failed without an error message');
  });
});

describe('ruleResults and systemStatus', () => {
  const rules = { 'A-1': 'one', 'A-2': 'two', 'A-3': 'three' };

  test('a rule fails when a failing check blames it, passes when checked, else is unchecked', () => {
    const checks = [passing('[A-1] a'), failing('[A-1 A-2] b', 'violates A-2: two')];
    expect(ruleResults(rules, checks).map((rule) => [rule.id, rule.status, rule.checks.length])).toEqual([
      ['A-1', 'pass', 2],
      ['A-2', 'fail', 1],
      ['A-3', 'unchecked', 0],
    ]);
  });

  test('pass, fail with the violated rules, and the kinds of error', () => {
    expect(systemStatus({ checks: [passing('[A-1] a')], unhandled: [] })).toEqual({ status: 'pass' });
    expect(systemStatus({ checks: [passing('[A-1] a'), failing('[A-2] b', 'violates A-2: two')], unhandled: [] }))
      .toEqual({ status: 'fail', message: 'violates A-2 (1 of 2 checks failed)' });
    expect(systemStatus({ error: 'cannot load', checks: [], unhandled: [] })).toEqual({ status: 'error', message: 'cannot load' });
    expect(systemStatus({ checks: [failing('[A-1] a', 'x threw a non-Error value: 1', 'ImplementationFault')], unhandled: [] }).status).toBe('error');
    expect(systemStatus({ checks: [passing('[A-1] a')], unhandled: ['Unhandled Rejection\nmore'] }))
      .toEqual({ status: 'error', message: 'error outside any check: Unhandled Rejection' });
    expect(systemStatus({ checks: [], unhandled: [] })).toEqual({ status: 'error', message: 'no check ran' });
  });

  test('firstLine skips blank lines and shortens long ones', () => {
    expect(firstLine('\n  \nhello\nworld')).toBe('hello');
    expect(firstLine('x'.repeat(400))).toHaveLength(300);
  });
});

describe('a check that ran out of time', () => {
  const slow = failing('[A-1 A-2] slow', 'Test timed out in 30000ms.\nIf this is a long-running test, pass a timeout value');

  test('is blamed on no rule: slowness is not a wrong answer', () => {
    expect(slow).toMatchObject({ status: 'fail', timedOut: true, violated: [] });
    expect(failing('[A-1] x', 'expected 1 to be 2').timedOut).toBeUndefined();
  });

  test('leaves its rules unchecked and makes the system a timeout, unless another check failed', () => {
    const rules = { 'A-1': 'one', 'A-2': 'two' };
    expect(ruleResults(rules, [slow, passing('[A-2] fine')]).map((rule) => rule.status)).toEqual(['unchecked', 'pass']);
    const timedOut = systemStatus({ checks: [slow, passing('[A-2] fine')], unhandled: [] });
    expect(timedOut.status).toBe('timeout');
    expect(timedOut.message).toMatch(/1 check ran out of time .*--timeout.*first: \[A-1 A-2\] slow/);
    expect(systemStatus({ checks: [slow, failing('[A-2] wrong', 'violates A-2: no')], unhandled: [] })).toEqual({ status: 'fail', message: 'violates A-2 (1 of 2 checks failed)' });
  });
});

describe('a check still to be written (test.todo)', () => {
  const todo = checkFromTest({ name: '[A-2] still to write', suite: 'properties', state: 'skipped', durationMs: 0, errors: [], todo: true });
  const passing = checkFromTest({ name: '[A-1] fine', suite: 'properties', state: 'passed', durationMs: 1, errors: [] });

  test('is a todo, not a skip, and leaves its rules unchecked', () => {
    expect(todo.status).toBe('todo');
    expect(ruleResults({ 'A-1': 'one', 'A-2': 'two' }, [passing, todo]).map((rule) => rule.status)).toEqual(['pass', 'unchecked']);
  });

  test('makes a system incomplete, never a pass; a failure still wins', () => {
    expect(systemStatus({ checks: [passing, todo], unhandled: [] })).toEqual({ status: 'incomplete', message: '1 check still to write (test.todo), first: [A-2] still to write' });
    expect(systemStatus({ checks: [todo], unhandled: [] }).status).toBe('incomplete');
    const failing = checkFromTest({ name: '[A-1] wrong', suite: 'properties', state: 'failed', durationMs: 1, errors: [{ message: 'violates A-1: no' }] });
    expect(systemStatus({ checks: [failing, todo], unhandled: [] }).status).toBe('fail');
  });
});
