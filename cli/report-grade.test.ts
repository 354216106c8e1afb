import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exercismResults, gradeDocument, gradeMarkdown, junitXml, writeGradeReports } from './report-grade.ts';
import type { SystemResult } from './results.ts';

const systems: SystemResult[] = [
  {
    id: 'toy', title: 'Toy', implementation: 'reference', status: 'pass', durationMs: 1200,
    rules: [{ id: 'TOY-1', text: 'works.', status: 'pass', checks: ['[TOY-1] works'] }],
    checks: [{ name: '[TOY-1] works', suite: 'properties', rules: ['TOY-1'], status: 'pass', durationMs: 5, violated: [] }],
  },
  {
    id: 'gadget', title: 'Gadget', implementation: '/me/gadget.ts', status: 'fail', message: 'violates GAD-2 (1 of 2 checks failed)', durationMs: 800,
    rules: [
      { id: 'GAD-1', text: 'one.', status: 'pass', checks: ['[GAD-1] a'] },
      { id: 'GAD-2', text: 'two <&> "quoted".', status: 'fail', checks: ['[GAD-2] b'] },
    ],
    checks: [
      { name: '[GAD-1] a', suite: 'scenarios', rules: ['GAD-1'], status: 'pass', durationMs: 1, violated: [] },
      {
        name: '[GAD-2] b <x>', suite: 'properties', rules: ['GAD-2'], status: 'fail', durationMs: 2, violated: ['GAD-2'],
        message: 'violates GAD-2: two\n\u001b[31mred\u001b[39m & more',
        property: { rules: ['GAD-2'], seed: 9, path: '0', replayPath: undefined, counterexample: '[0]', error: 'bad', replay: 'npm run grade -- --only gadget' },
      },
      { name: '[GAD-1] skipped', suite: 'scenarios', rules: ['GAD-1'], status: 'skip', durationMs: 0, violated: [] },
    ],
  },
  {
    id: 'widget', title: 'Widget', implementation: '/me/widget.ts', status: 'timeout', message: 'no result within 5 s', durationMs: 5000,
    rules: [{ id: 'WID-1', text: 'w.', status: 'unchecked', checks: [] }], checks: [],
  },
];

const document = gradeDocument({ startedAt: '2026-11-21T00:00:00.000Z', durationMs: 7000, seed: 9, runs: 100, timeoutSeconds: 5, systems });

describe('grade reports', () => {
  test('grade.json counts statuses and carries its schema version', () => {
    expect(document).toMatchObject({ schema: 'touchstone-grade', version: 1, summary: { systems: 3, pass: 1, fail: 1, error: 0, timeout: 1 } });
  });

  test('junit.xml has a suite per system, escapes text and drops control characters', () => {
    const xml = junitXml(document);
    expect(xml).toContain('<testsuite name="gadget" tests="3" failures="1" errors="0"');
    expect(xml).toContain('name="[GAD-2] b &lt;x&gt;"');
    expect(xml).toContain('<failure message="violates GAD-2: two">violates GAD-2: two\n[31mred[39m &amp; more</failure>');
    expect(xml).toContain('<error type="timeout" message="no result within 5 s"/>');
    expect(xml).toContain('<skipped/>');
    expect(xml).not.toContain('\u001b');
  });

  test('results.json follows Exercism v3: error when a system could not be graded', () => {
    const results = exercismResults(document) as { version: number; status: string; message: string; tests: { name: string; status: string }[] };
    expect(results.version).toBe(3);
    expect(results.status).toBe('error');
    expect(results.message).toBe('widget: no result within 5 s');
    expect(results.tests.map((entry) => [entry.name, entry.status])).toEqual([
      ['toy › [TOY-1] works', 'pass'],
      ['gadget › [GAD-1] a', 'pass'],
      ['gadget › [GAD-2] b <x>', 'fail'],
      ['widget › grading', 'error'],
    ]);
    const allPass = exercismResults(gradeDocument({ ...document, systems: [systems[0] as SystemResult] })) as { status: string; message?: string };
    expect(allPass).toMatchObject({ status: 'pass' });
    expect(allPass.message).toBeUndefined();
    expect((exercismResults(gradeDocument({ ...document, systems: systems.slice(0, 2) })) as { status: string }).status).toBe('fail');
  });

  test('grade.md has a row per system and the replay of each failed property', () => {
    const markdown = gradeMarkdown(document);
    expect(markdown).toContain('1 of 3 systems pass (1 fail, 0 error, 1 timeout)');
    expect(markdown).toContain('| gadget | fail | 1/2 | GAD-2 | 0.8 s |');
    expect(markdown).toContain('| toy | pass | 1/1 | — | 1.2 s |');
    expect(markdown).toContain('Replay: `npm run grade -- --only gadget`');
    expect(markdown).toContain('- **GAD-2** two <&> "quoted".');
  });

  test('writes the four files', () => {
    const directory = join(mkdtempSync(join(tmpdir(), 'touchstone-reports-')), 'nested');
    const files = writeGradeReports(directory, document);
    expect(files.map((file) => file.slice(directory.length + 1))).toEqual(['grade.json', 'junit.xml', 'results.json', 'grade.md']);
    expect(JSON.parse(readFileSync(join(directory, 'grade.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
