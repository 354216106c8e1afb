// Grades one system in a process of its own (the grader kills the whole process group on
// timeout): the smoke call first, then the system's suites through vitest, then a
// WorkerReport as JSON in the file the grader named. It runs only as that child process,
// so cli/grade.test.ts exercises it end to end and coverage (in-process) does not see it.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startVitest } from 'vitest/node';
import { referenceModulePath } from '../harness/implementation.ts';
import { environmentNames, repositoryRoot } from '../harness/settings.ts';
import type { WorkerReport } from './results.ts';
import { loadSpec, suiteFiles } from './systems.ts';
import { collectChecks, readFailures, smokeTest, type CollectedModule } from './worker-steps.ts';

/** What every system of one grading run is graded with. */
export interface RunSettings {
  readonly seed: number;
  readonly runs: number;
  readonly path?: string | undefined;
  readonly replayPath?: string | undefined;
  /** only checks whose name contains this text */
  readonly checkFilter?: string | undefined;
  /** heap limit for the processes that run the implementation, in MiB */
  readonly memoryLimitMb: number;
  /** where files a failure points to go (linearizability timelines): the report directory */
  readonly artifactDirectory?: string | undefined;
  /** multiplies every check's deadline (Settings.timeScale) */
  readonly timeScale?: number | undefined;
}

export interface WorkerRequest extends RunSettings {
  readonly systemId: string;
  /** absolute module path; undefined grades the reference implementation */
  readonly modulePath: string | undefined;
  readonly outputFile: string;
}

const realExit = process.exit.bind(process);

function finish(request: WorkerRequest, report: WorkerReport): never {
  writeFileSync(request.outputFile, JSON.stringify(report));
  return realExit(0);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function grade(request: WorkerRequest): Promise<void> {
  const spec = await loadSpec(request.systemId);
  const smokeError = await smokeTest(spec, request.modulePath ?? referenceModulePath(spec.id));
  if (smokeError !== undefined) finish(request, { error: smokeError, checks: [], unhandled: [] });

  const failureLog = `${request.outputFile}.failures.jsonl`;
  Object.assign(process.env, {
    [environmentNames.seed]: String(request.seed),
    [environmentNames.runs]: String(request.runs),
    [environmentNames.path]: request.path ?? '',
    [environmentNames.replayPath]: request.replayPath ?? '',
    [environmentNames.failureLog]: failureLog,
    [environmentNames.artifacts]: request.artifactDirectory ?? '',
    [environmentNames.timeScale]: String(request.timeScale ?? 1),
    [environmentNames.implementations]: request.modulePath === undefined ? '' : JSON.stringify({ [request.systemId]: request.modulePath }),
  });
  let modules: readonly CollectedModule[] = [];
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
          // vitest marks each with its kind ("Unhandled Rejection", "Uncaught Exception")
          unhandled = unhandledErrors.map((error) => {
            const kind = (error as { type?: unknown }).type;
            return `${typeof kind === 'string' ? `${kind.toLowerCase()}: ` : ''}${error.message ?? String(error)}`;
          });
        },
      }],
      execArgv: [`--max-old-space-size=${request.memoryLimitMb}`],
      maxWorkers: 1,
    },
  });
  const { checks, errors } = collectChecks(modules, readFailures(failureLog));
  finish(request, { ...(errors.length > 0 ? { error: errors.join('\n') } : {}), checks, unhandled });
}

const request = JSON.parse(process.argv[2] ?? '{}') as WorkerRequest;
grade(request).catch((error: unknown) => {
  finish(request, { error: `the grader failed: ${error instanceof Error ? error.stack : String(error)}`, checks: [], unhandled: [] });
});
