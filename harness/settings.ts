// What a grading run tells the suites, through environment variables, because suites run in
// vitest workers the grader starts: the seed, the number of runs, what to replay, and which
// module implements each system. Unset, they give a plain `vitest run` its defaults.

import { isAbsolute, resolve } from 'node:path';

export const repositoryRoot = resolve(import.meta.dirname, '..');

/** test data the suites read (Jepsen histories, ...), inside the repository so a clone stands alone */
export const dataDirectory = resolve(repositoryRoot, 'data');

export const environmentNames = {
  seed: 'TOUCHSTONE_SEED',
  runs: 'TOUCHSTONE_RUNS',
  path: 'TOUCHSTONE_PATH',
  replayPath: 'TOUCHSTONE_REPLAY_PATH',
  implementations: 'TOUCHSTONE_IMPLS',
  failureLog: 'TOUCHSTONE_FAILURE_LOG',
  artifacts: 'TOUCHSTONE_ARTIFACTS',
  timeScale: 'TOUCHSTONE_TIME_SCALE',
} as const;

export const defaultRuns = 100;

export interface Settings {
  /** fast-check seed shared by every property; undefined lets fast-check pick one per property */
  readonly seed: number | undefined;
  readonly runs: number;
  /** fast-check shrink path to replay (with seed), or undefined */
  readonly path: string | undefined;
  /** fc.commands replayPath to replay (with seed and path), or undefined */
  readonly replayPath: string | undefined;
  /** system id to absolute module path, for the systems whose implementation is overridden */
  readonly implementations: Readonly<Record<string, string>>;
  /** file that failing properties append a JSON line to, for the grader's reports */
  readonly failureLog: string | undefined;
  /** where checks put files a failure points to (linearizability timelines): the grader's report directory */
  readonly artifactDirectory: string | undefined;
  /**
   * multiplies every check's deadline: the grader sets it from --timeout (timeout / 120 s), so
   * a user on a slow or loaded machine buys time for every check, not only for the system
   */
  readonly timeScale: number;
}

export function readSettings(environment: NodeJS.ProcessEnv = process.env): Settings {
  return {
    seed: parseInteger(environment[environmentNames.seed], environmentNames.seed),
    runs: parseInteger(environment[environmentNames.runs], environmentNames.runs) ?? defaultRuns,
    path: nonEmpty(environment[environmentNames.path]),
    replayPath: nonEmpty(environment[environmentNames.replayPath]),
    implementations: parseImplementations(environment[environmentNames.implementations]),
    failureLog: nonEmpty(environment[environmentNames.failureLog]),
    artifactDirectory: nonEmpty(environment[environmentNames.artifacts]),
    timeScale: parsePositive(environment[environmentNames.timeScale], environmentNames.timeScale) ?? 1,
  };
}

function parsePositive(value: string | undefined, name: string): number | undefined {
  if (nonEmpty(value) === undefined) return undefined;
  const parsed = Number(value);
  if (!(parsed > 0) || !Number.isFinite(parsed)) throw new Error(`${name}: expected a positive number, got "${value}"`);
  return parsed;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parseInteger(value: string | undefined, name: string): number | undefined {
  if (nonEmpty(value) === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`${name}: expected an integer, got "${value}"`);
  return parsed;
}

function parseImplementations(value: string | undefined): Record<string, string> {
  if (nonEmpty(value) === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value as string);
  } catch {
    throw new Error(`${environmentNames.implementations}: expected a JSON object, got ${value}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${environmentNames.implementations}: expected a JSON object of system id to module path`);
  }
  const result: Record<string, string> = {};
  for (const [id, path] of Object.entries(parsed)) {
    if (typeof path !== 'string') throw new Error(`${environmentNames.implementations}: module of ${id} must be a string`);
    result[id] = isAbsolute(path) ? path : resolve(repositoryRoot, path);
  }
  return result;
}
