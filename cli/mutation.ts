// `npm run mutation`: StrykerJS on each system's reference implementation, with that system's
// properties and scenarios as the tests, so a score says how many plausible one-token bugs the
// suites catch (DESIGN rule 10). Writes reports/mutation/<id>.html and .json per system and a
// summary; surviving mutants listed in mutation/<id>.json as equivalent do not count.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { PartialStrykerOptions as StrykerOptions } from '@stryker-mutator/api/core';
import { repositoryRoot } from '../harness/settings.ts';
import { consoleIo, parseFlags, runIfEntryPoint, UsageError, type CommandIo, type FlagSpec } from './arguments.ts';
import { mutantKey, readEquivalents, scoreMarkdown, scoreMutants, type MutantOutcome, type MutationScore } from './mutation-score.ts';
import { systemIds } from './systems.ts';

/** the score every system must reach (DESIGN rule 10) */
export const scoreTarget = 90;
/** fixed, so the dry run and every mutant run draw the same inputs and per-test coverage holds */
const defaultSeed = 20261207;

export const mutationUsage = `Usage: npm run mutation -- [options]

Runs StrykerJS on impl/<id> for each system, with properties/<id>.test.ts and
scenarios/<id>.test.ts as the tests, and reports each system's mutation score:
killed / (all that ran - the equivalents listed in mutation/<id>.json).

Options:
  --only <ids>         comma-separated systems (default: all)
  --concurrency <n>    Stryker test-runner processes (default: the number of cores)
  --seed <n>           fast-check seed for every run (default ${defaultSeed})
  --runs <n>           runs per property (default 100)
  --report-dir <dir>   where mutation/ reports go (default reports/)
  --help               this text

Takes minutes per system (kv-wal the longest). Not part of npm test.
Exit codes: 0 every system reached ${scoreTarget}%; 1 one did not; 2 misuse; 3 an internal error of the command.`;

const flags: Record<string, FlagSpec> = {
  only: { kind: 'list' },
  concurrency: { kind: 'integer', minimum: 1 },
  seed: { kind: 'integer' },
  runs: { kind: 'integer', minimum: 1 },
  'report-dir': { kind: 'string' },
  help: { kind: 'boolean' },
};

/** The files Stryker mutates for a system: impl/<id>.ts, or every .ts file under impl/<id>/. */
export function mutationTargets(id: string, root = repositoryRoot): string[] {
  if (existsSync(join(root, 'impl', `${id}.ts`))) return [`impl/${id}.ts`];
  return readdirSync(join(root, 'impl', id), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `impl/${id}/${file}`)
    .sort();
}

interface RunOptions {
  readonly concurrency: number;
  readonly seed: number;
  readonly runs: number;
  readonly directory: string;
}

async function mutateSystem(id: string, options: RunOptions): Promise<MutantOutcome[]> {
  const { Stryker } = await import('@stryker-mutator/core');
  // read by cli/mutation-vitest.config.ts and the suites' settings, in Stryker's child processes too
  process.env.TOUCHSTONE_MUTATION_SYSTEM = id;
  process.env.TOUCHSTONE_SEED = String(options.seed);
  process.env.TOUCHSTONE_RUNS = String(options.runs);
  const stryker = new Stryker({
    testRunner: 'vitest',
    plugins: ['@stryker-mutator/vitest-runner'],
    vitest: { configFile: 'cli/mutation-vitest.config.ts', related: false },
    coverageAnalysis: 'perTest',
    mutate: mutationTargets(id),
    concurrency: options.concurrency,
    reporters: ['html', 'json', 'progress'],
    htmlReporter: { fileName: join(options.directory, `${id}.html`) },
    jsonReporter: { fileName: join(options.directory, `${id}.json`) },
    // one sandbox folder per system, so runs for different systems can go side by side
    tempDirName: join('.stryker-tmp', id),
    ignorePatterns: ['reports', 'coverage', '.stryker-tmp'],
    timeoutMS: 10_000,
    logLevel: 'warn' as StrykerOptions['logLevel'],
    fileLogLevel: 'off' as StrykerOptions['fileLogLevel'],
    cleanTempDir: true,
  });
  return (await stryker.runMutationTest()) as MutantOutcome[];
}

function describeScore(score: MutationScore): string {
  const verdict = score.score >= scoreTarget ? 'PASS' : 'MISS';
  return `${verdict} ${score.id}: ${score.score.toFixed(1)}% (${score.killed + score.timeout} killed of ${score.mutants - score.invalid - score.equivalent}; ${score.survived} survived, ${score.noCoverage} uncovered, ${score.equivalent} listed equivalent)`;
}

export async function main(argv: readonly string[], io: CommandIo = consoleIo): Promise<number> {
  let parsed;
  let selected: string[];
  try {
    parsed = parseFlags(argv, flags);
    if (parsed.help) {
      io.out(mutationUsage);
      return 0;
    }
    const known = systemIds();
    const only = parsed.only as string[] | undefined;
    for (const id of only ?? []) if (!known.includes(id)) throw new UsageError(`--only: unknown system "${id}" (known: ${known.join(', ')})`);
    selected = only === undefined ? known : known.filter((id) => only.includes(id));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`mutation: ${error.message}`);
    return 2;
  }
  const directory = join(resolve((parsed['report-dir'] as string | undefined) ?? join(repositoryRoot, 'reports')), 'mutation');
  mkdirSync(directory, { recursive: true });
  const options: RunOptions = {
    concurrency: (parsed.concurrency as number | undefined) ?? cpus().length,
    seed: (parsed.seed as number | undefined) ?? defaultSeed,
    runs: (parsed.runs as number | undefined) ?? 100,
    directory,
  };
  const scores: MutationScore[] = [];
  for (const [index, id] of selected.entries()) {
    const started = Date.now();
    io.out(`[${index + 1}/${selected.length}] ${id}: mutating ${mutationTargets(id).join(', ')} ...`);
    const mutants = await mutateSystem(id, options);
    const score = scoreMutants(id, repositoryRoot, mutants, readEquivalents(repositoryRoot, id));
    scores.push(score);
    io.out(`${describeScore(score)} in ${Math.round((Date.now() - started) / 1000)} s`);
    for (const mutant of score.survivors) io.out(`  survived: ${mutantKey(repositoryRoot, mutant)}`);
    for (const entry of score.stale) io.err(`  mutation/${id}.json: no surviving mutant matches ${entry.file}:${entry.line} ${entry.mutator} → ${entry.replacement}`);
  }
  const date = new Date().toISOString().slice(0, 10);
  writeFileSync(join(directory, 'summary.md'), scoreMarkdown(scores, date));
  writeFileSync(join(directory, 'summary.json'), `${JSON.stringify({ schema: 'touchstone-mutation', version: 1, date, seed: options.seed, runs: options.runs, target: scoreTarget, systems: scores }, null, 2)}\n`);
  const missed = scores.filter((score) => score.score < scoreTarget);
  io.out(`${scores.length - missed.length} of ${scores.length} systems reached ${scoreTarget}% — reports in ${relative(process.cwd(), directory) || '.'}`);
  return missed.length === 0 ? 0 : 1;
}

runIfEntryPoint(import.meta.url, 'mutation', (argv) => main(argv));
