import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { crashReason, readReport } from './grade-run.ts';

describe('readReport', () => {
  test('reads a whole report; a missing or truncated one is no report', () => {
    const directory = mkdtempSync(join(tmpdir(), 'touchstone-report-'));
    const whole = join(directory, 'whole.json');
    const truncated = join(directory, 'truncated.json');
    writeFileSync(whole, JSON.stringify({ checks: [], unhandled: [] }));
    writeFileSync(truncated, '{"checks": [');
    expect(readReport(whole)).toEqual({ checks: [], unhandled: [] });
    expect(readReport(truncated)).toBeUndefined();
    expect(readReport(join(directory, 'absent.json'))).toBeUndefined();
  });
});

describe('crashReason', () => {
  test('recognises heap exhaustion in what the process printed', () => {
    expect(crashReason({ exitCode: 134, signal: null, stderrTail: 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }))
      .toBe('the implementation ran out of memory');
    expect(crashReason({ exitCode: 1, signal: null, stderrTail: 'Error [ERR_WORKER_OUT_OF_MEMORY]: worker terminated' }))
      .toBe('the implementation ran out of memory');
  });

  test('otherwise says how the process ended and its last line of output', () => {
    expect(crashReason({ exitCode: null, signal: 'SIGSEGV', stderrTail: '' })).toBe('the grading process was killed by SIGSEGV before reporting');
    expect(crashReason({ exitCode: 3, signal: null, stderrTail: 'first\nlast words\n' })).toBe('the grading process exited with code 3 before reporting: last words');
  });
});
