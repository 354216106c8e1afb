// Grades one system in a process of its own (the grader kills the whole process group on
// timeout). It loads the implementation, runs the spec's smoke call with process.exit and
// unhandled rejections trapped, then runs the system's suites through vitest and writes a
// WorkerReport as JSON. Whatever the implementation does, the report or the absence of one
// tells the grader what happened.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { TestModule } from 'vitest/node';
import { startVitest } from 'vitest/node';
import { describeValue } from '../harness/guard.ts';
import { importImplementation, referenceModulePath } from '../harness/implementation.ts';
import { environmentNames, repositoryRoot } from '../harness/settings.ts';
import type { FailureRecord } from '../harness/property-run.ts';
import { checkFromTest, type CheckResult, type WorkerReport } from './results.ts';
import { loadSpec, suiteFiles } from './systems.ts';

export interface WorkerRequest {
  readonly systemId: string;
  /** absolute module path; undefined grades the reference implementation */
  readonly modulePath: string | undefined;
  readonly outputFile: string;
  readonly seed: number;
  readonly runs: number;
  readonly path?: string | undefined;
  readonly replayPath?: string | undefined;
  /** only checks whose name contains this text */
  readonly checkFilter?: string | undefined;
  /** heap limit for the processes that run the implementation, in MiB */
  readonly memoryLimitMb: number;
}

class ExitTrapped extends Error {}

const realExit = process.exit.bind(process);

function finish(request: WorkerRequest, report: WorkerReport): never {
  writeFileSync(request.outputFile, JSON.stringify(report));
  return realExit(0);
}

/** Loads and exercises the module once; returns a reason when it cannot be graded. */
async function smoke(request: WorkerRequest): Promise<string | undefined> {
  const spec = await loadSpec(request.systemId);
  const unhandled: unknown[] = [];
  process.on('unhandledRejection', (reason) => unhandled.push(reason));
  process.exit = ((code?: number | string | null) => {
    throw new ExitTrapped(`the implementation called process.exit(${code ?? ''})`);
  }) as typeof process.exit;
  try {
    const module = await importImplementation(spec, request.modulePath ?? referenceModulePath(spec.id));
    await spec.smoke(module);
    // let promises the smoke call left behind settle, so their rejections surface here
    await new Promise((resolve) => setTimeout(resolve, 20));
  } catch (error) {
    if (error instanceof ExitTrapped) return error.message;
    return error instanceof Error ? `${error.message}` : `threw a non-Error value: ${describeValue(error)}`;
  } finally {
    process.exit = realExit;
  }
  if (unhandled.length > 0) return `the implementation left an unhandled rejection: ${describeValue(unhandled[0])}`;
  return undefined;
}

function readFailures(file: string): FailureRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FailureRecord);
}

function collectChecks(modules: readonly TestModule[], failures: readonly FailureRecord[]): { checks: CheckResult[]; errors: string[] } {
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
      }));
    }
  }
  return { checks, errors };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function grade(request: WorkerRequest): Promise<void> {
  const smokeError = await smoke(request);
  if (smokeError !== undefined) finish(request, { error: smokeError, checks: [], unhandled: [] });

  const failureLog = `${request.outputFile}.failures.jsonl`;
  Object.assign(process.env, {
    [environmentNames.seed]: String(request.seed),
    [environmentNames.runs]: String(request.runs),
    [environmentNames.path]: request.path ?? '',
    [environmentNames.replayPath]: request.replayPath ?? '',
    [environmentNames.failureLog]: failureLog,
    [environmentNames.implementations]: request.modulePath === undefined ? '' : JSON.stringify({ [request.systemId]: request.modulePath }),
  });
  let modules: readonly TestModule[] = [];
  let unhandled: string[] = [];
  await startVitest('test', suiteFiles(request.systemId), {
    root: repositoryRoot,
    config: join(repositoryRoot, 'vitest.config.ts'),
    watch: false,
    coverage: { enabled: false },
    ...(request.checkFilter === undefined ? {} : { testNamePattern: escapeRegExp(request.checkFilter) }),
  }, {
    test: {
      reporters: [{
        onTestRunEnd(testModules, unhandledErrors) {
          modules = testModules;
          unhandled = unhandledErrors.map((error) => error.message ?? String(error));
        },
      }],
      execArgv: [`--max-old-space-size=${request.memoryLimitMb}`],
      maxWorkers: 1,
    },
  });
  const { checks, errors } = collectChecks(modules, readFailures(failureLog));
  const loadErrors = errors.length > 0 ? { error: errors.join('\n') } : {};
  finish(request, { ...loadErrors, checks, unhandled });
}

const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
grade(request).catch((error: unknown) => {
  finish(request, { error: `the grader failed: ${error instanceof Error ? error.stack : String(error)}`, checks: [], unhandled: [] });
});
