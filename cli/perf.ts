// `npm run perf`: runs every gate set in perf/ (one per system, perf/<id>.bench.ts, plus the
// harness's own, such as the linearizability checker's), prints each
// with its measured ratio and threshold, writes perf.json and perf.md, and exits 1 when a
// gate is missed (2 on misuse). Never run it beside the tests: they share the two cores.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { GateResult, GateSet } from '../harness/perf.ts';
import { repositoryRoot } from '../harness/settings.ts';
import { consoleIo, parseFlags, runIfEntryPoint, UsageError, type CommandIo, type FlagSpec } from './arguments.ts';
import { systemIds } from './systems.ts';

/** enough rounds that one disturbed round (this machine swings 20-40%) cannot move the median */
const defaultRounds = 9;

export const perfUsage = `Usage: npm run perf -- [options]

Runs the performance gates in perf/: each compares ours with a peer measured in the same
run, interleaved, and passes on the median ratio of the rounds.

Options:
  --only <ids>        only these gate sets: system ids, or harness sets such as linearizability
  --rounds <n>        interleaved rounds per ratio gate (default ${defaultRounds})
  --time-scale <x>    scale each measurement's duration, e.g. 0.2 for a quick look (default 1)
  --report-dir <dir>  where perf.json and perf.md go (default reports/)
  --help              this text

Exit codes: 0 every gate passed; 1 a gate was missed; 2 misuse; 3 an internal error of the command.`;

const flags: Record<string, FlagSpec> = {
  only: { kind: 'list' },
  rounds: { kind: 'integer', minimum: 1 },
  'time-scale': { kind: 'string' },
  'report-dir': { kind: 'string' },
  help: { kind: 'boolean' },
};

/** The gate sets in perf/: the systems' first, in system order, then the harness's by name. */
export function gateSetIds(root = repositoryRoot): string[] {
  const systems = systemIds(root).filter((id) => existsSync(join(root, 'perf', `${id}.bench.ts`)));
  const others = readdirSync(join(root, 'perf'))
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.slice(0, -'.bench.ts'.length))
    .filter((id) => !systems.includes(id))
    .sort();
  return [...systems, ...others];
}

export async function loadGateSet(id: string): Promise<GateSet> {
  const module = (await import(pathToFileURL(join(repositoryRoot, 'perf', `${id}.bench.ts`)).href)) as { default?: GateSet };
  if (module.default?.systemId !== id) throw new Error(`perf/${id}.bench.ts must export default defineGates('${id}', ...)`);
  return module.default;
}

function formatRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k`;
  return `${perSecond.toFixed(1)} `;
}

export function describeGate(result: GateResult): string {
  const verdict = result.threshold === 'reported' ? 'REPORT' : result.passed ? 'PASS' : 'MISS';
  const head = `${verdict.padEnd(6)} ${result.systemId} › ${result.name}: `;
  if (result.kind === 'metric') {
    return `${head}${Number(result.value.toPrecision(4))} ${result.unit} (${result.threshold})`;
  }
  const subjects = result.subjects.map((subject) => `${subject.name} ${formatRate(subject.perSecond)}${result.unit}/s`).join(', ');
  return `${head}${result.value.toFixed(2)}x (${result.threshold}) — ${subjects}`;
}

export function perfMarkdown(results: readonly GateResult[]): string {
  const lines = ['# Touchstone performance gates', '', '| System | Gate | Measured | Threshold | Verdict | Subjects |', '|---|---|---|---|---|---|'];
  for (const result of results) {
    const measured = result.kind === 'ratio' ? `${result.value.toFixed(2)}x` : `${Number(result.value.toPrecision(4))} ${result.unit}`;
    const subjects = result.subjects.map((subject) => `${subject.name}: ${formatRate(subject.perSecond)}${result.unit}/s`).join('; ');
    const verdict = result.threshold === 'reported' ? 'reported' : result.passed ? 'pass' : '**miss**';
    lines.push(`| ${result.systemId} | ${result.name} | ${measured} | ${result.threshold} | ${verdict} | ${subjects} |`);
  }
  return `${lines.join('\n')}\n`;
}

const workerFile = join(import.meta.dirname, 'perf-worker.ts');
/** the line prefix by which perf-worker.ts hands each result back */
export const resultPrefix = 'touchstone-gate ';

/**
 * Runs one gate set in a child process of its own (a fresh JIT and heap) and hands each result
 * to onResult as it arrives; resolves with why the set failed, or undefined.
 */
export function runGateSet(id: string, options: { readonly rounds: number; readonly timeScale: number }, onResult: (result: GateResult) => void): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerFile, JSON.stringify({ id, ...options })], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith(resultPrefix)) onResult(JSON.parse(line.slice(resultPrefix.length)) as GateResult);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    child.on('error', (error) => resolve(error.message));
    child.on('close', (code, signal) => {
      resolve(code === 0 ? undefined : `its process ended with ${signal ?? `code ${String(code)}`}: ${stderrTail.trim().split('\n').slice(-5).join(' | ')}`);
    });
  });
}

export async function main(argv: readonly string[], io: CommandIo = consoleIo): Promise<number> {
  let parsed;
  let selected: string[];
  let timeScale: number;
  try {
    parsed = parseFlags(argv, flags);
    if (parsed.help) {
      io.out(perfUsage);
      return 0;
    }
    const known = gateSetIds();
    const only = parsed.only as string[] | undefined;
    for (const id of only ?? []) if (!known.includes(id)) throw new UsageError(`--only: no gates for "${id}" (known: ${known.join(', ')})`);
    selected = only === undefined ? known : known.filter((id) => only.includes(id));
    timeScale = Number((parsed['time-scale'] as string | undefined) ?? '1');
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new UsageError(`--time-scale expects a positive number, got "${String(parsed['time-scale'])}"`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`perf: ${error.message}`);
    return 2;
  }
  const rounds = (parsed.rounds as number | undefined) ?? defaultRounds;
  const results: GateResult[] = [];
  let setsFailed = 0;
  for (const id of selected) {
    io.out(`${id}: building gates ...`);
    const failure = await runGateSet(id, { rounds, timeScale }, (result) => {
      results.push(result);
      io.out(describeGate(result));
    });
    if (failure !== undefined) {
      setsFailed += 1;
      io.err(`perf: ${id}: ${failure}`);
    }
  }
  const directory = resolve((parsed['report-dir'] as string | undefined) ?? join(repositoryRoot, 'reports'));
  mkdirSync(directory, { recursive: true });
  const document = { schema: 'touchstone-perf', version: 1, node: process.version, rounds, timeScale, gates: results };
  writeFileSync(join(directory, 'perf.json'), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(join(directory, 'perf.md'), perfMarkdown(results));
  const missed = results.filter((result) => !result.passed);
  const broken = setsFailed === 0 ? '' : `; ${setsFailed} gate set${setsFailed === 1 ? '' : 's'} failed to run`;
  io.out(`${results.length - missed.length} of ${results.length} gates passed${broken} — reports in ${directory}`);
  return missed.length === 0 && setsFailed === 0 ? 0 : 1;
}

runIfEntryPoint(import.meta.url, 'perf', (argv) => main(argv));
