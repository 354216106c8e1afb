// The grader end to end: its misuse answers, a full grade of the reference implementations,
// and containment of hostile implementations (each fails its own system, the rest are graded,
// the reports are written, and the deadline holds).

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repositoryRoot } from '../harness/settings.ts';
import { main } from './grade.ts';
import type { GradeDocument } from './report-grade.ts';
import { systemIds } from './systems.ts';

interface Captured {
  code: number;
  out: string[];
  err: string[];
  document: GradeDocument | undefined;
  directory: string;
}

async function runGrade(argv: readonly string[]): Promise<Captured> {
  const directory = mkdtempSync(join(tmpdir(), 'touchstone-grade-'));
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--report-dir', directory], { out: (line) => out.push(line), err: (line) => err.push(line) });
  const file = join(directory, 'grade.json');
  const document = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as GradeDocument) : undefined;
  return { code, out, err, document, directory };
}

const hostile = (name: string) => join(repositoryRoot, 'fixtures', 'hostile', `${name}.ts`);

function system(captured: Captured, id: string) {
  const found = captured.document?.systems.find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no result for ${id} in ${captured.out.join('\n')}`);
  return found;
}

describe('grade: misuse exits 2 with a one-line reason', () => {
  test.each([
    [['--bogus'], 'grade: unknown flag --bogus (see --help)'],
    [['--only', 'no-such-system'], 'grade: --only: unknown system "no-such-system"'],
    [['--impl', 'no-such-system=x.ts'], 'grade: --impl: unknown system "no-such-system"'],
    [['--impl', 'lru-cache=does/not/exist.ts'], 'grade: --impl: module not found for lru-cache'],
    [['--impl', 'lru-cache'], 'grade: --impl expects <id>=<module>, got "lru-cache"'],
    [['--impl', `lru-cache=${hostile('exits')}`, '--impl', `lru-cache=${hostile('exits')}`], 'grade: --impl given twice for lru-cache'],
    [['--runs', '0'], 'grade: --runs expects a decimal integer >= 1, got "0"'],
    [['--jobs', '0'], 'grade: --jobs expects a decimal integer >= 1, got "0"'],
    [['--runs', '1e1'], 'grade: --runs expects a decimal integer >= 1, got "1e1"'],
    [['--seed', '0x10'], 'grade: --seed expects a decimal integer >= -2147483648, got "0x10"'],
    [['--only', ''], 'grade: --only needs at least one item, got ""'],
    [['--path', '1:2'], 'grade: --path replays a failure only with its --seed'],
    [['--seed', '1', '--replay-path', 'AB'], 'grade: --replay-path goes with --path'],
  ])('%j', async (argv, message) => {
    const captured = await runGrade(argv);
    expect(captured.code).toBe(2);
    expect(captured.err).toHaveLength(1);
    expect(captured.err[0]).toContain(message);
    expect(captured.document).toBeUndefined();
  });

  test('--help documents every flag and exits 0', async () => {
    const captured = await runGrade(['--help']);
    expect(captured.code).toBe(0);
    for (const flag of ['--impl', '--only', '--seed', '--runs', '--timeout', '--memory', '--jobs', '--report-dir', '--check', '--path', '--replay-path']) {
      expect(captured.out[0]).toContain(flag);
    }
  });
});

describe('grade: the reference implementations', () => {
  test('every system passes, every rule is checked, and the four reports are written', async () => {
    const captured = await runGrade(['--seed', '20261121']);
    expect(captured.out.join('\n')).toContain('passed, 0 failed, 0 errors, 0 timeouts');
    expect(captured.code).toBe(0);
    expect(captured.document?.systems.map((result) => [result.id, result.status])).toEqual(systemIds().map((id) => [id, 'pass']));
    for (const result of captured.document?.systems ?? []) {
      expect(result.rules.filter((rule) => rule.status !== 'pass').map((rule) => rule.id), `${result.id} rules`).toEqual([]);
    }
    for (const file of ['grade.json', 'junit.xml', 'results.json', 'grade.md']) expect(existsSync(join(captured.directory, file))).toBe(true);
    // one progress line when a system starts and one when it ends
    expect(captured.out.filter((line) => /^\[\d+\/\d+\] /.test(line))).toHaveLength(2 * systemIds().length);
  }, 300_000);
});

describe('grade: a user module', () => {
  test("the README's worked example passes lru-cache", async () => {
    const captured = await runGrade(['--impl', `lru-cache=${join(repositoryRoot, 'examples', 'lru-cache.ts')}`, '--only', 'lru-cache']);
    expect(system(captured, 'lru-cache')).toMatchObject({ status: 'pass', implementation: join(repositoryRoot, 'examples', 'lru-cache.ts') });
    expect(captured.code).toBe(0);
  }, 120_000);
});

describe('grade: replaying a failure', () => {
  test('the replay flags of a failed property reproduce its counterexample, running only that check', async () => {
    const fixture = join(repositoryRoot, 'fixtures', 'broken', 'lru-cache', 'get-does-not-refresh.ts');
    const first = await runGrade(['--impl', `lru-cache=${fixture}`, '--only', 'lru-cache', '--seed', '20261121', '--jobs', '1']);
    const failed = system(first, 'lru-cache').checks.find((check) => check.property !== undefined);
    const property = failed?.property;
    if (failed === undefined || property === undefined) throw new Error('the broken fixture failed no property');
    expect(property.replay).toContain(`--seed ${property.seed} --path ${property.path}`);
    const replayed = await runGrade([
      '--impl', `lru-cache=${fixture}`, '--only', 'lru-cache',
      '--seed', String(property.seed),
      '--path', property.path ?? '',
      ...(property.replayPath ? ['--replay-path', property.replayPath] : []),
      '--check', failed.name,
    ]);
    const ran = system(replayed, 'lru-cache').checks.filter((check) => check.status !== 'skip');
    expect(ran.map((check) => check.name)).toEqual([failed.name]);
    expect(ran[0]?.property?.counterexample).toBe(property.counterexample);
  }, 120_000);
});

describe('grade: hostile implementations fail only their own system', () => {
  test('a factory that never returns times out near the deadline; process.exit(0) is an error; the rest is graded', async () => {
    // The deadline is shared by every system, so it must leave social-graph room to pass even
    // when CI runs this beside other grading work on two cores (it takes about 5 s alone).
    const timeoutSeconds = 30;
    const captured = await runGrade([
      '--impl', `lru-cache=${hostile('loops-forever')}`,
      '--impl', `rate-limiter=${hostile('exits')}`,
      '--only', 'social-graph',
      '--timeout', String(timeoutSeconds),
      '--seed', '7',
      '--runs', '20',
    ]);
    expect(captured.code).toBe(1);
    const looping = system(captured, 'lru-cache');
    expect(looping).toMatchObject({ status: 'timeout', message: `no result within ${timeoutSeconds} s: the implementation (or a check) never returned` });
    // the deadline mechanism, not performance: killed at the deadline plus a small margin
    expect(looping.durationMs).toBeLessThan((timeoutSeconds + 5) * 1000);
    expect(system(captured, 'rate-limiter')).toMatchObject({ status: 'error', message: 'the implementation called process.exit(0)' });
    expect(system(captured, 'social-graph').status).toBe('pass');
    expect(captured.document?.summary).toMatchObject({ systems: 3, pass: 1, error: 1, timeout: 1 });
  }, 180_000);

  test('a thrown string, an unhandled rejection and memory exhaustion are errors with clear messages', async () => {
    const captured = await runGrade([
      '--impl', `lru-cache=${hostile('leaks-rejection')}`,
      '--impl', `rate-limiter=${hostile('eats-memory')}`,
      '--impl', `social-graph=${hostile('throws-string')}`,
      '--memory', '256',
      '--timeout', '60',
    ]);
    expect(captured.code).toBe(1);
    expect(system(captured, 'lru-cache')).toMatchObject({
      status: 'error',
      message: 'the implementation left an unhandled rejection: Error: a background task failed and nobody listened',
    });
    expect(system(captured, 'rate-limiter')).toMatchObject({ status: 'error', message: 'the implementation ran out of memory' });
    expect(system(captured, 'social-graph')).toMatchObject({ status: 'error', message: "social-graph factory threw a non-Error value: 'out of cheese'" });
  }, 180_000);

  test('a method that throws a non-Error mid-run is an error, not a rule failure', async () => {
    const captured = await runGrade(['--impl', `lru-cache=${hostile('method-throws-string')}`, '--only', 'lru-cache', '--seed', '3']);
    expect(captured.code).toBe(1);
    const result = system(captured, 'lru-cache');
    expect(result.status).toBe('error');
    expect(result.message).toContain("get threw a non-Error value: { code: 'E_HOSTILE', reason: 'not an Error' }");
  }, 120_000);

  test('a method that leaks a rejection mid-run is an error, though every check passed', async () => {
    const captured = await runGrade(['--impl', `lru-cache=${hostile('method-leaks-rejection')}`, '--only', 'lru-cache', '--seed', '3']);
    expect(captured.code).toBe(1);
    expect(system(captured, 'lru-cache')).toMatchObject({
      status: 'error',
      message: 'error outside any check: unhandled rejection: delete forgot to await its audit log',
    });
  }, 120_000);
});
