// Runs the grade: one worker process per system, a few at a time, each under its own deadline. A worker
// that overruns is killed with its whole process group (vitest's own workers included); one
// that dies without a report is an error with the reason it died. Either way the next system
// is graded, so one hostile implementation cannot take the others down with it.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../harness/settings.ts';
import type { RunSettings, WorkerRequest } from './grade-worker.ts';
import { ruleResults, systemStatus, type SystemResult, type WorkerReport } from './results.ts';
import type { AnySpec } from '../harness/spec.ts';

export interface GradeOptions {
  readonly systems: readonly AnySpec[];
  /** system id to absolute module path, for the systems not graded against impl/ */
  readonly implementations: Readonly<Record<string, string>>;
  readonly settings: RunSettings;
  readonly timeoutSeconds: number;
  /** systems graded at once, each in its own process group */
  readonly jobs: number;
  /** called when a system starts and when it ends */
  readonly onProgress?: (event: { system: AnySpec; index: number; total: number; result?: SystemResult }) => void;
}

const workerFile = join(repositoryRoot, 'cli', 'grade-worker.ts');
/** grace after SIGKILL for the process group to be reaped */
const killGraceMs = 2_000;

interface WorkerOutcome {
  readonly report?: WorkerReport;
  readonly timedOut: boolean;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderrTail: string;
}

/** The worker's report, or undefined when it wrote none or an unreadable one (a crash mid-write). */
export function readReport(file: string): WorkerReport | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as WorkerReport;
  } catch {
    return undefined;
  }
}

function runWorker(request: WorkerRequest, timeoutSeconds: number): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${request.memoryLimitMb}`, '--import', 'tsx', workerFile, JSON.stringify(request)], {
      cwd: repositoryRoot,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let stderrTail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4_000);
    });
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
      // if the group does not go away, do not wait for it
      setTimeout(() => done(null, 'SIGKILL'), killGraceMs).unref();
    }, timeoutSeconds * 1000);
    let settled = false;
    const done = (exitCode: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup(); // vitest workers the implementation left hanging
      const report = timedOut ? undefined : readReport(request.outputFile);
      resolve({ ...(report ? { report } : {}), timedOut, exitCode, signal, stderrTail });
    };
    child.on('exit', done);
    child.on('error', (error) => {
      stderrTail += String(error);
      done(null, null);
    });
  });
}

export function crashReason(outcome: Pick<WorkerOutcome, 'exitCode' | 'signal' | 'stderrTail'>): string {
  if (/heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Allocation failed/i.test(outcome.stderrTail)) {
    return 'the implementation ran out of memory';
  }
  const how = outcome.signal !== null ? `was killed by ${outcome.signal}` : `exited with code ${outcome.exitCode}`;
  const last = outcome.stderrTail.trim().split('\n').slice(-1)[0];
  return `the grading process ${how} before reporting${last ? `: ${last}` : ''}`;
}

export async function gradeSystem(system: AnySpec, options: GradeOptions): Promise<Omit<SystemResult, 'durationMs'>> {
  const scratch = mkdtempSync(join(tmpdir(), `touchstone-${system.id}-`));
  const modulePath = options.implementations[system.id];
  try {
    const outcome = await runWorker(
      { ...options.settings, systemId: system.id, modulePath, outputFile: join(scratch, 'report.json') },
      options.timeoutSeconds,
    );
    const base = { id: system.id, title: system.title, implementation: modulePath ?? 'reference' };
    if (outcome.timedOut) {
      const message = `no result within ${options.timeoutSeconds} s: the implementation (or a check) never returned`;
      return { ...base, status: 'timeout', message, rules: ruleResults(system.rules, []), checks: [] };
    }
    if (outcome.report === undefined) {
      return { ...base, status: 'error', message: crashReason(outcome), rules: ruleResults(system.rules, []), checks: [] };
    }
    const { status, message } = systemStatus(outcome.report);
    return {
      ...base,
      status,
      ...(message === undefined ? {} : { message }),
      rules: ruleResults(system.rules, outcome.report.checks),
      checks: outcome.report.checks,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Grades the systems, up to options.jobs at a time; results come back in the systems' order. */
export async function grade(options: GradeOptions): Promise<SystemResult[]> {
  const total = options.systems.length;
  const results = new Array<SystemResult>(total);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let index = next++; index < total; index = next++) {
      const system = options.systems[index] as AnySpec;
      options.onProgress?.({ system, index, total });
      const startedMs = performance.now();
      const result = { ...(await gradeSystem(system, options)), durationMs: Math.round(performance.now() - startedMs) };
      results[index] = result;
      options.onProgress?.({ system, index, total, result });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, total)) }, lane));
  return results;
}
