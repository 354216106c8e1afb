// The steps of grading one system that do not need vitest to be running them: the smoke call
// that decides whether an implementation can be exercised at all, and turning vitest's
// collected tests plus the properties' failure log into check results.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describeValue } from '../harness/guard.ts';
import { importImplementation } from '../harness/implementation.ts';
import type { FailureRecord } from '../harness/property-run.ts';
import type { AnySpec } from '../harness/spec.ts';
import { checkFromTest, type CheckResult, type TestErrorSummary } from './results.ts';

class ExitTrapped extends Error {}

/**
 * Loads the module and makes the spec's smoke call once, with process.exit trapped and
 * unhandled rejections watched. Returns why the implementation cannot be graded, or undefined.
 */
export async function smokeTest(spec: AnySpec, modulePath: string): Promise<string | undefined> {
  const unhandled: unknown[] = [];
  const onRejection = (reason: unknown) => unhandled.push(reason);
  const realExit = process.exit;
  process.on('unhandledRejection', onRejection);
  process.exit = ((code?: number | string | null) => {
    throw new ExitTrapped(`the implementation called process.exit(${code ?? ''})`);
  }) as typeof process.exit;
  try {
    const module = await importImplementation(spec, modulePath);
    await spec.smoke(module);
    // let promises the smoke call left behind settle, so their rejections surface here
    await new Promise((resolve) => setTimeout(resolve, 20));
  } catch (error) {
    if (error instanceof ExitTrapped) return error.message;
    return error instanceof Error ? error.message : `threw a non-Error value: ${describeValue(error)}`;
  } finally {
    process.exit = realExit;
    process.off('unhandledRejection', onRejection);
  }
  if (unhandled.length > 0) return `the implementation left an unhandled rejection: ${describeValue(unhandled[0])}`;
  return undefined;
}

export function readFailures(file: string): FailureRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FailureRecord);
}

/** The part of vitest's TestModule the grader reads (vitest/node's reporter API). */
export interface CollectedModule {
  readonly moduleId: string;
  errors(): readonly TestErrorSummary[];
  readonly children: {
    allTests(): Iterable<{
      readonly name: string;
      /** how the test was declared; 'todo' for test.todo */
      readonly options?: { readonly mode?: string };
      result(): { readonly state: 'passed' | 'failed' | 'skipped' | 'pending'; readonly errors?: readonly TestErrorSummary[] | undefined };
      diagnostic(): { readonly duration: number } | undefined;
    }>;
  };
}

/** Check results of every collected test, and the errors of files that could not be collected. */
export function collectChecks(modules: readonly CollectedModule[], failures: readonly FailureRecord[]): { checks: CheckResult[]; errors: string[] } {
  const checks: CheckResult[] = [];
  const errors: string[] = [];
  for (const module of modules) {
    const suite = basename(dirname(module.moduleId));
    for (const error of module.errors()) errors.push(`${suite}: ${error.message}`);
    for (const test of module.children.allTests()) {
      const result = test.result();
      checks.push(checkFromTest({
        name: test.name,
        suite,
        state: result.state,
        durationMs: Math.round(test.diagnostic()?.duration ?? 0),
        errors: (result.errors ?? []).map((error) => ({ name: error.name, message: error.message })),
        failure: failures.find((failure) => failure.check === test.name),
        todo: test.options?.mode === 'todo',
      }));
    }
  }
  return { checks, errors };
}
