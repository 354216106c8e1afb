import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { GateResult } from '../harness/perf.ts';
import { gateSetIds, describeGate, main, perfMarkdown, runGateSet } from './perf.ts';
import { systemIds } from './systems.ts';

async function runPerf(argv: readonly string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

const ratio: GateResult = {
  systemId: 'toy', name: 'mix', kind: 'ratio', unit: 'ops', passed: true, value: 1.534, threshold: '>= 1.00x peer',
  subjects: [
    { name: 'ours', role: 'ours', perSecond: 12_345_678 },
    { name: 'peer', role: 'baseline', perSecond: 8_000 },
    { name: 'slow', role: 'alongside', perSecond: 12 },
    { name: 'fast', role: 'alongside', perSecond: 3.2e9 },
  ],
  rounds: [1.5, 1.534, 1.6],
};
const metric: GateResult = { systemId: 'toy', name: 'bytes', kind: 'metric', unit: 'bytes/edge', passed: false, value: 17.123456, threshold: '<= 16', subjects: [] };
const reported: GateResult = { ...metric, name: 'rate', passed: true, value: 2.5e9, threshold: 'reported' };

describe('perf: formatting', () => {
  test('a line per gate with verdict, measurement, threshold and subjects', () => {
    expect(describeGate(ratio)).toBe('PASS   toy › mix: 1.53x (>= 1.00x peer) — ours 12.35 Mops/s, peer 8.0 kops/s, slow 12.0 ops/s, fast 3.20 Gops/s');
    expect(describeGate(metric)).toBe('MISS   toy › bytes: 17.12 bytes/edge (<= 16)');
    expect(describeGate(reported)).toBe('REPORT toy › rate: 2500000000 bytes/edge (reported)');
  });

  test('perf.md has a row per gate', () => {
    const markdown = perfMarkdown([ratio, metric, reported]);
    expect(markdown).toContain('| toy | mix | 1.53x | >= 1.00x peer | pass | ours: 12.35 Mops/s; peer: 8.0 kops/s; slow: 12.0 ops/s; fast: 3.20 Gops/s |');
    expect(markdown).toContain('| toy | bytes | 17.12 bytes/edge | <= 16 | **miss** |  |');
    expect(markdown).toContain('| toy | rate | 2500000000 bytes/edge | reported | reported |  |');
  });
});

describe('perf: the command', () => {
  test('every system has gates, listed first in system order', () => {
    expect(gateSetIds().slice(0, systemIds().length)).toEqual(systemIds());
  });

  test.each([
    [['--bogus'], 'perf: unknown flag --bogus (see --help)'],
    [['--only', 'nothing'], 'perf: --only: no gates for "nothing"'],
    [['--time-scale', '-1'], 'perf: --time-scale expects a positive number, got "-1"'],
    [['--rounds', '0'], 'perf: --rounds expects a decimal integer >= 1, got "0"'],
  ])('%j is misuse', async (argv, message) => {
    const { code, err } = await runPerf(argv);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toContain(message);
  });

  test('--help lists the options', async () => {
    const { code, out } = await runPerf(['--help']);
    expect(code).toBe(0);
    for (const flag of ['--only', '--rounds', '--time-scale', '--report-dir']) expect(out[0]).toContain(flag);
  });

  // a plumbing check at a tiny scale: the verdicts of so short a run mean nothing and are not asserted
  test('runs a system\'s gates and writes perf.json and perf.md', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'touchstone-perf-'));
    const { code, out } = await runPerf(['--only', 'lru-cache', '--rounds', '1', '--time-scale', '0.02', '--report-dir', directory]);
    expect([0, 1]).toContain(code);
    expect(out.at(-1)).toMatch(/^\d+ of 2 gates passed — reports in /);
    const document = JSON.parse(readFileSync(join(directory, 'perf.json'), 'utf8')) as { schema: string; gates: GateResult[] };
    expect(document.schema).toBe('touchstone-perf');
    expect(document.gates.map((gate) => [gate.systemId, gate.kind, gate.subjects.length])).toEqual([['lru-cache', 'ratio', 3], ['lru-cache', 'ratio', 3]]);
    expect(existsSync(join(directory, 'perf.md'))).toBe(true);
  }, 60_000);

  test('a gate set whose process fails is reported with the end of its error output, not lost', async () => {
    const results: GateResult[] = [];
    const failure = await runGateSet('no-such-gate-set', { rounds: 1, timeScale: 0.01 }, (result) => results.push(result));
    expect(results).toEqual([]);
    expect(failure).toMatch(/^its process ended with code 1: .*no-such-gate-set/);
  }, 60_000);
});
