// Performance gates. A gate compares our implementation with a peer measured in the same
// process, interleaved round by round, and passes on the median of the per-round ratios, so
// a noisy machine shifts both sides together instead of flipping the verdict. A metric gate
// bounds a measured quantity that is not a time (bytes per edge); a report-only metric has no bound.

import { measure } from 'mitata';

export interface Subject {
  readonly name: string;
  /** one unit of measured work; its result is kept alive so it is not optimised away */
  readonly run: () => unknown;
  /** how much work one call does, in the gate's unit (operations, edges, decisions) */
  readonly workPerRun: number;
}

export interface RatioGate {
  readonly kind: 'ratio';
  readonly name: string;
  /** what workPerRun counts, e.g. "ops" or "edges" */
  readonly unit: string;
  readonly ours: Subject;
  readonly baseline: Subject;
  /** peers measured and reported beside the baseline, not gated */
  readonly alongside?: readonly Subject[];
  /** the gate passes when median(ours throughput / baseline throughput) >= minRatio */
  readonly minRatio: number;
  /** minimum measuring time per subject per round, in ms (default 250) */
  readonly cpuTimeMs?: number;
}

export interface MetricGate {
  readonly kind: 'metric';
  readonly name: string;
  readonly unit: string;
  readonly measure: () => number | Promise<number>;
  /** bounds; a metric without either is reported only */
  readonly max?: number;
  readonly min?: number;
}

export type Gate = RatioGate | MetricGate;

export interface GateSet {
  readonly systemId: string;
  /** builds the gates; heavy setup (a big graph) belongs here, run only when perf runs */
  readonly gates: () => readonly Gate[] | Promise<readonly Gate[]>;
}

export function defineGates(systemId: string, gates: GateSet['gates']): GateSet {
  return { systemId, gates };
}

export interface SubjectResult {
  readonly name: string;
  readonly role: 'ours' | 'baseline' | 'alongside';
  /** median over rounds of the work done per second */
  readonly perSecond: number;
}

export interface GateResult {
  readonly systemId: string;
  readonly name: string;
  readonly kind: Gate['kind'];
  readonly unit: string;
  readonly passed: boolean;
  /** ratio gates: median ratio; metric gates: the measured value */
  readonly value: number;
  /** human-readable threshold, e.g. ">= 1.00x" or "<= 16" or "reported" */
  readonly threshold: string;
  readonly subjects: readonly SubjectResult[];
  readonly rounds?: readonly number[];
}

export interface MeasureOptions {
  readonly rounds: number;
  /** scales every gate's measuring time, e.g. 0.1 for a quick smoke run */
  readonly timeScale: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: expected at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Work per second of one subject, from mitata's median time per call (in nanoseconds). */
async function perSecond(subject: Subject, cpuTimeMs: number): Promise<number> {
  const stats = await measure(subject.run, { min_cpu_time: cpuTimeMs * 1e6, min_samples: 3 });
  return subject.workPerRun / (stats.p50 / 1e9);
}

export async function runGate(systemId: string, gate: Gate, options: MeasureOptions): Promise<GateResult> {
  if (gate.kind === 'metric') {
    const value = await gate.measure();
    const passed = (gate.max === undefined || value <= gate.max) && (gate.min === undefined || value >= gate.min);
    return { systemId, name: gate.name, kind: 'metric', unit: gate.unit, passed, value, threshold: metricThreshold(gate), subjects: [] };
  }
  const subjects = [
    { subject: gate.ours, role: 'ours' as const },
    { subject: gate.baseline, role: 'baseline' as const },
    ...(gate.alongside ?? []).map((subject) => ({ subject, role: 'alongside' as const })),
  ];
  const samples = subjects.map(() => [] as number[]);
  const cpuTimeMs = (gate.cpuTimeMs ?? 250) * options.timeScale;
  for (let round = 0; round < options.rounds; round++) {
    // alternate who goes first, so warm-up and drift do not always favour the same side
    const order = subjects.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) {
      (samples[index] as number[]).push(await perSecond((subjects[index] as (typeof subjects)[number]).subject, cpuTimeMs));
    }
  }
  const [ours, baseline] = samples as [number[], number[]];
  const rounds = ours.map((value, round) => value / (baseline[round] as number));
  const ratio = median(rounds);
  return {
    systemId,
    name: gate.name,
    kind: 'ratio',
    unit: gate.unit,
    passed: ratio >= gate.minRatio,
    value: ratio,
    threshold: `>= ${gate.minRatio.toFixed(2)}x ${gate.baseline.name}`,
    subjects: subjects.map(({ subject, role }, index) => ({
      name: subject.name,
      role,
      perSecond: median(samples[index] as number[]),
    })),
    rounds,
  };
}

function metricThreshold(gate: MetricGate): string {
  const bounds = [
    ...(gate.min === undefined ? [] : [`>= ${gate.min}`]),
    ...(gate.max === undefined ? [] : [`<= ${gate.max}`]),
  ];
  return bounds.length === 0 ? 'reported' : bounds.join(' and ');
}
