// Scoring a mutation run the way the house counts it (DESIGN rule 10): killed and timed-out
// mutants over every mutant that ran, less the survivors a system lists as equivalent, each
// with a reason. Kept apart from Stryker so the arithmetic and the matching are tested directly.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of Stryker's MutantResult this module reads. */
export interface MutantOutcome {
  readonly fileName: string;
  readonly mutatorName: string;
  readonly replacement?: string | undefined;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
  readonly status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
}

/** One surviving mutant a system declares equivalent: it changes no observable behaviour. */
export interface EquivalentMutant {
  /** repository-relative, e.g. "impl/lru-cache.ts" */
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  readonly replacement: string;
  /** one line: why no implementation-independent check can tell it from the reference */
  readonly reason: string;
}

export interface MutationScore {
  readonly id: string;
  readonly mutants: number;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  /** mutants that did not run: compile or runtime errors of the mutated code itself */
  readonly invalid: number;
  readonly equivalent: number;
  /** killed + timeout over killed + timeout + survived + noCoverage, in percent */
  readonly score: number;
  /** listed equivalents that match no surviving mutant any more: the list needs mending */
  readonly stale: readonly EquivalentMutant[];
  /** the survivors that count against the score */
  readonly survivors: readonly MutantOutcome[];
}

export function equivalentsFile(root: string, id: string): string {
  return join(root, 'mutation', `${id}.json`);
}

export function readEquivalents(root: string, id: string): EquivalentMutant[] {
  const file = equivalentsFile(root, id);
  if (!existsSync(file)) return [];
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(parsed)) throw new Error(`mutation/${id}.json must be an array of equivalent mutants`);
  for (const entry of parsed as Partial<EquivalentMutant>[]) {
    const complete = typeof entry.file === 'string' && typeof entry.line === 'number' && typeof entry.mutator === 'string'
      && typeof entry.replacement === 'string' && typeof entry.reason === 'string' && entry.reason.trim() !== '';
    if (!complete) throw new Error(`mutation/${id}.json: every entry needs file, line, mutator, replacement and a reason, got ${JSON.stringify(entry)}`);
  }
  return parsed as EquivalentMutant[];
}

/** The key an equivalent entry and a mutant share: where it is and what it changes. */
export function mutantKey(root: string, mutant: MutantOutcome): string {
  const file = mutant.fileName.startsWith(root) ? mutant.fileName.slice(root.length + 1) : mutant.fileName;
  return `${file}:${mutant.location.start.line}:${mutant.mutatorName}:${mutant.replacement ?? ''}`;
}

function entryKey(entry: EquivalentMutant): string {
  return `${entry.file}:${entry.line}:${entry.mutator}:${entry.replacement}`;
}

const detected = new Set<MutantOutcome['status']>(['Killed', 'Timeout']);
const undetected = new Set<MutantOutcome['status']>(['Survived', 'NoCoverage']);

export function scoreMutants(id: string, root: string, mutants: readonly MutantOutcome[], equivalents: readonly EquivalentMutant[]): MutationScore {
  const listed = new Map(equivalents.map((entry) => [entryKey(entry), entry]));
  const matched = new Set<string>();
  const survivors: MutantOutcome[] = [];
  let equivalent = 0;
  for (const mutant of mutants) {
    if (!undetected.has(mutant.status)) continue;
    const key = mutantKey(root, mutant);
    if (listed.has(key)) {
      matched.add(key);
      equivalent += 1;
    } else {
      survivors.push(mutant);
    }
  }
  const count = (status: MutantOutcome['status']) => mutants.filter((mutant) => mutant.status === status).length;
  const killed = count('Killed');
  const timeout = count('Timeout');
  const valid = mutants.filter((mutant) => detected.has(mutant.status) || undetected.has(mutant.status)).length - equivalent;
  return {
    id,
    mutants: mutants.length,
    killed,
    timeout,
    survived: count('Survived'),
    noCoverage: count('NoCoverage'),
    invalid: count('CompileError') + count('RuntimeError'),
    equivalent,
    score: valid === 0 ? 100 : (100 * (killed + timeout)) / valid,
    stale: equivalents.filter((entry) => !matched.has(entryKey(entry))),
    survivors,
  };
}

export function scoreMarkdown(scores: readonly MutationScore[], date: string): string {
  const lines = [
    `# Touchstone mutation scores (${date})`,
    '',
    'Score = (killed + timeout) / (killed + timeout + survived + no coverage − listed equivalents).',
    '',
    '| System | Score | Mutants | Killed | Timeout | Survived | No coverage | Equivalent | Invalid |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const score of scores) {
    lines.push(`| ${score.id} | ${score.score.toFixed(1)}% | ${score.mutants} | ${score.killed} | ${score.timeout} | ${score.survived} | ${score.noCoverage} | ${score.equivalent} | ${score.invalid} |`);
  }
  return `${lines.join('\n')}\n`;
}
