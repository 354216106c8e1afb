// The HTML timeline: it draws every client and operation, highlights the witness of an illegal
// history, escapes what it shows, keeps to its caps of operations and bytes, and writes itself
// where the grading run's reports go.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { checkOperations } from './linearizability/checker.ts';
import { unknownOutput, type Operation } from './linearizability/model.ts';
import { appendMapModel, registerModel, type RegisterInput, type RegisterOutput } from './linearizability/models.ts';
import { escapeHtml, renderTimeline, selectOperations, writeTimeline } from './linearizability/timeline.ts';
import { environmentNames } from './settings.ts';

type RegisterOperation = Operation<RegisterInput, RegisterOutput>;
const write = (clientId: number, value: number, callMs: number, returnMs: number): RegisterOperation => ({ clientId, input: { kind: 'write', value }, callMs, returnMs, output: 'ok' });
const read = (clientId: number, value: number | null, callMs: number, returnMs: number): RegisterOperation => ({ clientId, input: { kind: 'read' }, callMs, returnMs, output: { value } });

const stale: RegisterOperation[] = [write(0, 1, 0, 1), write(0, 2, 2, 3), read(1, 1, 4, 5), { ...write(2, 7, 0, 0), returnMs: Infinity, output: unknownOutput }];

describe('renderTimeline', () => {
  test('draws one row per client and one bar per operation, the witness highlighted', () => {
    const result = checkOperations(registerModel, stale);
    const page = renderTimeline(registerModel, stale, result, { title: 'stale read' });
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<h1>stale read: illegal</h1>');
    for (const client of [0, 1, 2]) expect(page).toContain(`client ${client}</div>`);
    expect(page.match(/class="op[ "]/g)).toHaveLength(4);
    expect(page).toContain('class="op linearized"');
    expect(page).toMatch(/class="op blocked"[^>]*>read\(\) -&#62; 1</);
    expect(page).toContain('class="op unknown');
    expect(page).toContain('1. write(1) -&#62; ok');
    expect(page).toContain('Cannot be placed next: client 1: read() -&#62; 1');
    expect(page).toContain('from null');
    expect(page).toContain('→ 2');
  });

  test('without a witness it draws the history and says the verdict', () => {
    const history = [write(0, 1, 0, 1), read(1, 1, 2, 3)];
    expect(renderTimeline(registerModel, history)).toContain(': not checked</h1>');
    expect(renderTimeline(registerModel, history, checkOperations(registerModel, history))).toContain('register history: ok</h1>');
    const unknown = checkOperations(registerModel, history, { stepsMax: 1 });
    expect(renderTimeline(registerModel, history, unknown)).toContain('unknown (steps budget ran out)');
  });

  test('escapes what operations say, and clips long labels', () => {
    const history: Operation<{ kind: 'get'; key: string }, { value: string }>[] = [
      { clientId: 0, input: { kind: 'get', key: '<script>' }, callMs: 0, returnMs: 1, output: { value: 'x'.repeat(500) } },
    ];
    const page = renderTimeline(appendMapModel, history);
    expect(page).not.toContain('<script>');
    expect(page).toContain('get(&#60;script&#62;)');
    expect(page).not.toContain('x'.repeat(100));
    expect(escapeHtml(`&"'`)).toBe('&#38;&#34;&#39;');
  });

  test('draws at most operationsMax operations, those nearest the blocked one', () => {
    const history = Array.from({ length: 50 }, (_, index) => write(index % 3, index, index * 10, index * 10 + 5));
    history.push(read(3, 999, 250, 255));
    const result = checkOperations(registerModel, history);
    expect(result.verdict).toBe('illegal');
    const page = renderTimeline(registerModel, history, result, { operationsMax: 5 });
    expect(page.match(/class="op[ "]/g)).toHaveLength(5);
    expect(page).toContain('5 of 51 operations of the illegal partition');
    expect(page).toContain('class="op blocked"');
    const chosen = selectOperations(history, undefined, 3);
    expect(chosen).toEqual(history.slice(0, 3));
  });

  test('draws fewer operations until the page fits in bytesMax', () => {
    const history = Array.from({ length: 200 }, (_, index) => write(index % 4, index, index, index + 1));
    const full = renderTimeline(registerModel, history);
    const capped = renderTimeline(registerModel, history, undefined, { bytesMax: 8_000 });
    expect(Buffer.byteLength(full)).toBeGreaterThan(8_000);
    expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(8_000);
    expect(capped.match(/class="op[ "]/g)?.length).toBeLessThan(200);
    // a cap no page can meet still ends, with a single operation
    expect(renderTimeline(registerModel, history, undefined, { bytesMax: 10 }).match(/class="op[ "]/g)).toHaveLength(1);
  });
});

describe('writeTimeline', () => {
  const directories: string[] = [];
  const scratch = (): string => {
    const directory = mkdtempSync(join(tmpdir(), 'timeline-'));
    directories.push(directory);
    return directory;
  };
  afterEach(() => {
    vi.unstubAllEnvs();
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  test('writes into the directory given and returns the path', () => {
    const directory = scratch();
    const path = writeTimeline(registerModel, stale, checkOperations(registerModel, stale), { directory: join(directory, 'nested'), fileName: 'stale.html' });
    expect(path).toBe(join(directory, 'nested', 'stale.html'));
    expect(readFileSync(path, 'utf8')).toContain('class="op blocked"');
  });

  test("defaults to the grader's report directory, else the failure log's, else the temporary directory, with distinct names", () => {
    const reports = scratch();
    vi.stubEnv(environmentNames.artifacts, reports);
    vi.stubEnv(environmentNames.failureLog, join(scratch(), 'failures.jsonl'));
    expect(dirname(writeTimeline(registerModel, stale))).toBe(reports);
    vi.stubEnv(environmentNames.artifacts, '');
    const directory = scratch();
    vi.stubEnv(environmentNames.failureLog, join(directory, 'failures.jsonl'));
    const first = writeTimeline(registerModel, stale);
    const second = writeTimeline(registerModel, stale);
    expect(dirname(first)).toBe(directory);
    expect(first).not.toBe(second);
    vi.stubEnv(environmentNames.failureLog, '');
    const path = writeTimeline(registerModel, stale);
    directories.push(path);
    expect(dirname(path)).toBe(tmpdir());
  });
});
