// `npm run grade`: grades the reference implementations, or the user's modules named with
// --impl, and writes reports. Exit code 0 when every graded system passes, 1 when any fails,
// errors or times out, 2 when the command itself is misused.

import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultRuns, repositoryRoot } from '../harness/settings.ts';
import { consoleIo, parseFlags, runIfEntryPoint, UsageError, type CommandIo, type FlagSpec } from './arguments.ts';
import { grade } from './grade-run.ts';
import { gradeDocument, writeGradeReports } from './report-grade.ts';
import { ranChecks } from './results.ts';
import { loadSpec, systemIds } from './systems.ts';

const defaultJobs = availableParallelism();
/** the per-system deadline; each check's own deadline scales with --timeout / this */
const defaultTimeoutSeconds = 120;

export const gradeUsage = `Usage: npm run grade -- [options]

Grades implementations against Touchstone's specifications and writes reports.
With no options, grades every system's reference implementation in impl/.

Options:
  --impl <id>=<module>  grade your module for system <id>; its default export is the factory
                        (repeatable; a path relative to the current directory; .ts or .js)
  --only <ids>          grade only these systems (comma-separated; --impl systems are graded anyway)
  --seed <n>            fast-check seed for every property (default: random, printed and reported)
  --runs <n>            runs per property (default ${defaultRuns})
  --timeout <seconds>   time allowed per system before it is reported as timeout (default ${defaultTimeoutSeconds});
                        each check's own deadline scales with it (a slow machine: raise it)
  --memory <MiB>        heap limit of the processes running an implementation (default 2048)
  --jobs <n>            systems graded at once (default: the number of cores, ${defaultJobs} here)
  --report-dir <dir>    where reports go (default reports/)
  --check <text>        only the checks whose name contains <text>
  --path <path>         replay a property's shrink path (with --seed and --check)
  --replay-path <path>  replay a command sequence's replayPath (with --path)
  --help                this text

Reports: grade.json (schema in README), junit.xml, results.json (Exercism v3), grade.md.
A concurrency check that finds a non-linearizable history also writes its HTML timeline there.
Exit codes: 0 every graded system passed; 1 a system failed, errored or timed out; 2 misuse; 3 an internal error of the command.
Systems: ${systemIds().join(', ')}`;

const flags: Record<string, FlagSpec> = {
  impl: { kind: 'string', repeatable: true },
  only: { kind: 'list' },
  seed: { kind: 'integer', minimum: -(2 ** 31) },
  runs: { kind: 'integer', minimum: 1 },
  timeout: { kind: 'integer', minimum: 1 },
  memory: { kind: 'integer', minimum: 64 },
  jobs: { kind: 'integer', minimum: 1 },
  'report-dir': { kind: 'string' },
  check: { kind: 'string' },
  path: { kind: 'string' },
  'replay-path': { kind: 'string' },
  help: { kind: 'boolean' },
};


function parseImplementations(values: readonly string[], known: readonly string[]): Record<string, string> {
  const implementations: Record<string, string> = {};
  for (const value of values) {
    const equals = value.indexOf('=');
    if (equals <= 0 || equals === value.length - 1) throw new UsageError(`--impl expects <id>=<module>, got "${value}"`);
    const id = value.slice(0, equals);
    if (!known.includes(id)) throw new UsageError(`--impl: unknown system "${id}" (known: ${known.join(', ')})`);
    const modulePath = resolve(value.slice(equals + 1));
    if (!existsSync(modulePath)) throw new UsageError(`--impl: module not found for ${id}: ${modulePath}`);
    if (implementations[id] !== undefined) throw new UsageError(`--impl given twice for ${id}`);
    implementations[id] = modulePath;
  }
  return implementations;
}

function selectSystems(only: readonly string[] | undefined, implementations: Record<string, string>, known: readonly string[]): string[] {
  for (const id of only ?? []) {
    if (!known.includes(id)) throw new UsageError(`--only: unknown system "${id}" (known: ${known.join(', ')})`);
  }
  if (only === undefined) return [...known];
  return known.filter((id) => only.includes(id) || implementations[id] !== undefined);
}

export async function main(argv: readonly string[], io: CommandIo = consoleIo): Promise<number> {
  let parsed;
  let implementations: Record<string, string>;
  let selected: string[];
  const known = systemIds();
  try {
    parsed = parseFlags(argv, flags);
    if (parsed.help) {
      io.out(gradeUsage);
      return 0;
    }
    implementations = parseImplementations((parsed.impl as string[] | undefined) ?? [], known);
    selected = selectSystems(parsed.only as string[] | undefined, implementations, known);
    if (parsed.path !== undefined && parsed.seed === undefined) throw new UsageError('--path replays a failure only with its --seed');
    if (parsed['replay-path'] !== undefined && parsed.path === undefined) throw new UsageError('--replay-path goes with --path');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`grade: ${error.message}`);
    return 2;
  }

  const seed = (parsed.seed as number | undefined) ?? randomInt(2 ** 31 - 1);
  const runs = (parsed.runs as number | undefined) ?? defaultRuns;
  const timeoutSeconds = (parsed.timeout as number | undefined) ?? defaultTimeoutSeconds;
  const reportDirectory = resolve((parsed['report-dir'] as string | undefined) ?? resolve(repositoryRoot, 'reports'));
  const systems = await Promise.all(selected.map((id) => loadSpec(id)));
  const startedAt = new Date();
  const startedMs = performance.now();
  const jobs = (parsed.jobs as number | undefined) ?? defaultJobs;
  io.out(`Grading ${systems.length} system${systems.length === 1 ? '' : 's'} (seed ${seed}, ${runs} runs, timeout ${timeoutSeconds} s, ${jobs} at a time)`);
  const results = await grade({
    systems,
    implementations,
    settings: {
      seed,
      runs,
      memoryLimitMb: (parsed.memory as number | undefined) ?? 2048,
      path: parsed.path as string | undefined,
      replayPath: parsed['replay-path'] as string | undefined,
      checkFilter: parsed.check as string | undefined,
      artifactDirectory: reportDirectory,
      timeScale: timeoutSeconds / defaultTimeoutSeconds,
    },
    timeoutSeconds,
    jobs,
    onProgress({ system, index, total, result }) {
      const position = `[${index + 1}/${total}]`;
      if (result === undefined) {
        io.out(`${position} ${system.id}: grading ${implementations[system.id] ?? 'the reference implementation'} ...`);
        return;
      }
      const ran = ranChecks(result.checks);
      const passed = ran.filter((check) => check.status === 'pass').length;
      const detail = result.message ? ` — ${result.message}` : '';
      io.out(`${position} ${system.id}: ${result.status.toUpperCase()} (${passed}/${ran.length} checks, ${(result.durationMs / 1000).toFixed(1)} s)${detail}`);
    },
  });
  const document = gradeDocument({
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - startedMs),
    seed,
    runs,
    timeoutSeconds,
    systems: results,
  });
  writeGradeReports(reportDirectory, document);
  for (const system of results.filter((result) => result.status === 'fail')) {
    for (const check of system.checks.filter((candidate) => candidate.status === 'fail').slice(0, 3)) {
      io.out(`  ${system.id} ✗ ${check.name}`);
      if (check.property) io.out(`      replay: ${check.property.replay}`);
    }
  }
  const { summary } = document;
  const incomplete = summary.incomplete > 0 ? `, ${summary.incomplete} incomplete` : '';
  io.out(`${summary.pass} passed, ${summary.fail} failed, ${summary.error} errors, ${summary.timeout} timeouts${incomplete} — reports in ${reportDirectory}`);
  return summary.pass === summary.systems ? 0 : 1;
}

runIfEntryPoint(import.meta.url, 'grade', (argv) => main(argv));
