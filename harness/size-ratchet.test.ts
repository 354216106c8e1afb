// The size ratchet: no source or test file past 400 lines and no function past 70, except the
// files in harness/size-allowances.ts, which may not grow and leave the list once they fit.

import { describe, expect, test } from 'vitest';
import { repositoryRoot } from './settings.ts';
import { fileLinesAllowed, fileLinesLimit, functionLinesAllowed, functionLinesLimit } from './size-allowances.ts';
import { measureFile, measureSource, repositoryFiles, sourceExtensions } from './source-sizes.ts';

describe('the measure', () => {
  test('counts lines, and finds the longest function by name, nested ones included', () => {
    const text = ['const f = () => {', '  function inner() {', '    return 1;', '  }', '  return inner();', '};', 'class C {', '  m() {', '    return 2;', '  }', '}', ''].join('\n');
    expect(measureSource('toy.ts', text)).toEqual({ file: 'toy.ts', lines: 11, longestFunction: { name: 'f', line: 1, lines: 6 } });
    expect(measureSource('toy.ts', 'test("a check", () => {\n  expect(1).toBe(1);\n});').longestFunction).toEqual({ name: 'test("a check")', line: 1, lines: 3 });
    expect(measureSource('toy.ts', 'export const x = 1;\n').longestFunction).toBeUndefined();
  });
});

describe('files and functions stay small', () => {
  const sizes = repositoryFiles(repositoryRoot)
    .filter((file) => sourceExtensions.test(file))
    .map((file) => measureFile(repositoryRoot, file));

  test(`no file past ${fileLinesLimit} lines but the allowed ones, and those no longer than allowed`, () => {
    const over = sizes
      .filter((size) => size.lines > (fileLinesAllowed[size.file] ?? fileLinesLimit))
      .map((size) => `${size.file}: ${size.lines} lines (at most ${fileLinesAllowed[size.file] ?? fileLinesLimit}); split it`);
    expect(over).toEqual([]);
  });

  test(`no function past ${functionLinesLimit} lines but in the allowed files, and those no longer than allowed`, () => {
    const over = sizes.flatMap(({ file, longestFunction }) => {
      const allowed = functionLinesAllowed[file] ?? functionLinesLimit;
      if (longestFunction === undefined || longestFunction.lines <= allowed) return [];
      return [`${file}:${longestFunction.line}: ${longestFunction.name} is ${longestFunction.lines} lines (at most ${allowed}); split it`];
    });
    expect(over).toEqual([]);
  });

  test('the allow-list only names files that still need it, at no more than they have', () => {
    const byFile = new Map(sizes.map((size) => [size.file, size]));
    const stale = [
      ...Object.entries(fileLinesAllowed).flatMap(([file, allowed]) => {
        const lines = byFile.get(file)?.lines;
        if (lines === undefined) return [`${file}: no such file; delete its entry`];
        if (lines <= fileLinesLimit) return [`${file}: ${lines} lines now fit; delete its entry`];
        return lines < allowed ? [`${file}: ${lines} lines now; lower its entry from ${allowed}`] : [];
      }),
      ...Object.entries(functionLinesAllowed).flatMap(([file, allowed]) => {
        const lines = byFile.get(file)?.longestFunction?.lines;
        if (lines === undefined) return [`${file}: no such file or no function; delete its entry`];
        if (lines <= functionLinesLimit) return [`${file}: its longest function, ${lines} lines, now fits; delete its entry`];
        return lines < allowed ? [`${file}: longest function ${lines} lines now; lower its entry from ${allowed}`] : [];
      }),
    ];
    expect(stale).toEqual([]);
  });
});
