import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { referenceModulePath } from '../harness/implementation.ts';
import type { FailureRecord } from '../harness/property-run.ts';
import { repositoryRoot } from '../harness/settings.ts';
import { loadSpec } from './systems.ts';
import { collectChecks, readFailures, smokeTest, type CollectedModule } from './worker-steps.ts';

const hostile = (name: string) => join(repositoryRoot, 'fixtures', 'hostile', `${name}.ts`);
const scratch = mkdtempSync(join(tmpdir(), 'touchstone-worker-'));

describe('smokeTest', () => {
  test('passes the reference implementation', async () => {
    expect(await smokeTest(await loadSpec('lru-cache'), referenceModulePath('lru-cache'))).toBeUndefined();
  });

  test('traps process.exit, and restores it afterwards', async () => {
    const exit = process.exit;
    expect(await smokeTest(await loadSpec('lru-cache'), hostile('exits'))).toBe('the implementation called process.exit(0)');
    expect(process.exit).toBe(exit);
    const bare = join(scratch, 'bare-exit.mjs');
    writeFileSync(bare, 'export default () => process.exit(); export const memoize = () => 0;');
    expect(await smokeTest(await loadSpec('lru-cache'), bare)).toBe('the implementation called process.exit()');
  });

  test('names a thrown non-Error, a thrown Error, and a module that cannot be loaded', async () => {
    const spec = await loadSpec('lru-cache');
    expect(await smokeTest(spec, hostile('throws-string'))).toBe("lru-cache factory threw a non-Error value: 'out of cheese'");
    const rejecting = join(scratch, 'rejects.mjs');
    writeFileSync(rejecting, 'export default () => { throw new Error("no capacity for you"); }; export const memoize = () => 0;');
    expect(await smokeTest(spec, rejecting)).toBe('no capacity for you');
    expect(await smokeTest(spec, join(scratch, 'absent.mjs'))).toMatch(/^lru-cache: no module at /);
  });
});

describe('readFailures', () => {
  test('reads one record per line, and none from a missing log', () => {
    const record: FailureRecord = { systemId: 'toy', check: 'c', rules: ['T-1'], seed: 1, path: '0', replayPath: undefined, counterexample: '[0]', error: 'e', replay: 'r' };
    const log = join(scratch, 'failures.jsonl');
    writeFileSync(log, `${JSON.stringify(record)}\n\n${JSON.stringify({ ...record, check: 'd' })}\n`);
    expect(readFailures(log).map((entry) => entry.check)).toEqual(['c', 'd']);
    expect(readFailures(join(scratch, 'none.jsonl'))).toEqual([]);
  });
});

describe('collectChecks', () => {
  test('turns collected tests into checks, matching property failures by name, and keeps file errors', () => {
    const module = (moduleId: string, tests: ReturnType<CollectedModule['children']['allTests']>, errors: { message: string }[] = []): CollectedModule => ({
      moduleId,
      errors: () => errors,
      children: { allTests: () => tests },
    });
    const failure: FailureRecord = { systemId: 'toy', check: '[T-2] b', rules: ['T-2'], seed: 4, path: '1', replayPath: undefined, counterexample: '[1]', error: 'e', replay: 'r' };
    const { checks, errors } = collectChecks([
      module('/repo/properties/toy.test.ts', [
        { name: '[T-1] a', result: () => ({ state: 'passed' }), diagnostic: () => ({ duration: 2.4 }) },
        { name: '[T-2] b', result: () => ({ state: 'failed', errors: [{ name: 'PropertyFailure', message: 'violates T-2: ...' }] }), diagnostic: () => undefined },
      ]),
      module('/repo/scenarios/toy.test.ts', [], [{ message: 'SyntaxError: nope' }]),
    ], [failure]);
    expect(checks.map((check) => [check.name, check.suite, check.status, check.durationMs, check.violated])).toEqual([
      ['[T-1] a', 'properties', 'pass', 2, []],
      ['[T-2] b', 'properties', 'fail', 0, ['T-2']],
    ]);
    expect(checks[1]?.property?.seed).toBe(4);
    expect(errors).toEqual(['scenarios: SyntaxError: nope']);
  });
});
