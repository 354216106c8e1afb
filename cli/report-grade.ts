// The grade report: grade.json (the versioned document CI and tools read) and the three views
// derived from it: junit.xml for CI test tabs, results.json in Exercism's test-runner format v3,
// and grade.md, a table for people and CI job summaries.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemResult, SystemStatus } from './results.ts';
import { firstLine, ranChecks } from './results.ts';

export const gradeSchemaVersion = 1;

export interface GradeDocument {
  readonly schema: 'touchstone-grade';
  readonly version: typeof gradeSchemaVersion;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly node: string;
  readonly seed: number;
  readonly runs: number;
  readonly timeoutSeconds: number;
  readonly summary: Readonly<Record<SystemStatus, number>> & { readonly systems: number };
  readonly systems: readonly SystemResult[];
}

export function gradeDocument(input: Omit<GradeDocument, 'schema' | 'version' | 'summary' | 'node'>): GradeDocument {
  const summary = { systems: input.systems.length, pass: 0, fail: 0, error: 0, timeout: 0, incomplete: 0 };
  for (const system of input.systems) summary[system.status]++;
  return { schema: 'touchstone-grade', version: gradeSchemaVersion, node: process.version, ...input, summary };
}

/** A system that could not be graded to a verdict: reports show it as an error, not a failure. */
function ungraded(system: SystemResult): boolean {
  return system.status === 'error' || system.status === 'timeout';
}

function xml(text: string): string {
  // drop characters XML 1.0 cannot carry (ANSI escapes' ESC among them), then escape
  // eslint-disable-next-line no-control-regex
  const printable = text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
  return printable.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junitXml(document: GradeDocument): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = document.systems.reduce((sum, system) => sum + Math.max(1, system.checks.length), 0);
  const failures = document.systems.reduce((sum, system) => sum + system.checks.filter((check) => check.status === 'fail').length, 0);
  const errors = document.systems.filter(ungraded).length;
  lines.push(`<testsuites name="touchstone" tests="${total}" failures="${failures}" errors="${errors}" time="${document.durationMs / 1000}">`);
  for (const system of document.systems) {
    const systemFailures = system.checks.filter((check) => check.status === 'fail').length;
    const broken = ungraded(system);
    lines.push(`  <testsuite name="${xml(system.id)}" tests="${Math.max(1, system.checks.length)}" failures="${systemFailures}" errors="${broken ? 1 : 0}" time="${system.durationMs / 1000}">`);
    if (broken) {
      lines.push(`    <testcase classname="${xml(system.id)}" name="grading ${xml(system.id)}">`);
      lines.push(`      <error type="${system.status}" message="${xml(system.message ?? system.status)}"/>`);
      lines.push('    </testcase>');
    }
    for (const check of system.checks) {
      const open = `    <testcase classname="${xml(`${system.id}.${check.suite}`)}" name="${xml(check.name)}" time="${check.durationMs / 1000}"`;
      if (check.status === 'pass') lines.push(`${open}/>`);
      else if (check.status === 'skip' || check.status === 'todo') lines.push(`${open}><skipped${check.status === 'todo' ? ' message="todo: still to write"' : ''}/></testcase>`);
      else {
        lines.push(`${open}>`);
        lines.push(`      <failure message="${xml(firstLine(check.message ?? ''))}">${xml(check.message ?? '')}</failure>`);
        lines.push('    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** Exercism test-runner interface, version 3. */
export function exercismResults(document: GradeDocument): object {
  const broken = document.systems.filter(ungraded);
  const status = broken.length > 0 ? 'error' : document.systems.some((system) => system.status === 'fail' || system.status === 'incomplete') ? 'fail' : 'pass';
  const tests = document.systems.flatMap((system) => [
    ...(ungraded(system)
      ? [{ name: `${system.id} › grading`, status: 'error', message: system.message ?? system.status }]
      : []),
    ...ranChecks(system.checks)
      .map((check) => ({
        name: `${system.id} › ${check.name}`,
        status: check.status === 'pass' ? 'pass' : 'fail',
        ...(check.message === undefined ? {} : { message: check.message }),
        task_id: 1 + document.systems.indexOf(system),
      })),
  ]);
  return {
    version: 3,
    status,
    ...(broken.length > 0 ? { message: broken.map((system) => `${system.id}: ${system.message ?? system.status}`).join('\n') } : {}),
    tests,
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function gradeMarkdown(document: GradeDocument): string {
  const { summary } = document;
  const lines = [
    '# Touchstone grade',
    '',
    `${summary.pass} of ${summary.systems} systems pass` +
      (summary.fail + summary.error + summary.timeout + summary.incomplete > 0
        ? ` (${summary.fail} fail, ${summary.error} error, ${summary.timeout} timeout${summary.incomplete > 0 ? `, ${summary.incomplete} incomplete` : ''})`
        : '') +
      ` — seed ${document.seed}, ${document.runs} runs per property, ${(document.durationMs / 1000).toFixed(1)} s.`,
    '',
    '| System | Status | Checks passed | Rules violated | Time |',
    '|---|---|---|---|---|',
  ];
  for (const system of document.systems) {
    const ran = ranChecks(system.checks);
    const passed = ran.filter((check) => check.status === 'pass').length;
    const violated = system.rules.filter((rule) => rule.status === 'fail').map((rule) => rule.id).join(', ') || '—';
    lines.push(`| ${system.id} | ${system.status} | ${passed}/${ran.length} | ${violated} | ${(system.durationMs / 1000).toFixed(1)} s |`);
  }
  const troubled = document.systems.filter((system) => system.status !== 'pass');
  for (const system of troubled) {
    lines.push('', `## ${system.id}: ${system.status}`, '');
    if (system.message) lines.push(cell(system.message), '');
    for (const rule of system.rules.filter((candidate) => candidate.status === 'fail')) {
      lines.push(`- **${rule.id}** ${rule.text}`);
    }
    for (const check of system.checks.filter((candidate) => candidate.status === 'fail')) {
      lines.push('', `### ${check.name}`, '', '```', (check.message ?? '').slice(0, 2_000), '```');
      if (check.property) lines.push('', `Replay: \`${check.property.replay}\``);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function writeGradeReports(directory: string, document: GradeDocument): string[] {
  mkdirSync(directory, { recursive: true });
  const files: [string, string][] = [
    ['grade.json', `${JSON.stringify(document, null, 2)}\n`],
    ['junit.xml', junitXml(document)],
    ['results.json', `${JSON.stringify(exercismResults(document), null, 2)}\n`],
    ['grade.md', gradeMarkdown(document)],
  ];
  for (const [name, content] of files) writeFileSync(join(directory, name), content);
  return files.map(([name]) => join(directory, name));
}
