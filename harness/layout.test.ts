// The rules of the house that a machine can check: suites never import impl/, every system
// has its files and at least three broken fixtures declaring real rules, and every contract
// rule is named by at least one check that vitest actually collects.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadSpec, systemIds } from '../cli/systems.ts';
import { referenceModulePath } from './implementation.ts';
import { repositoryRoot } from './settings.ts';
import { repositoryFiles } from './source-sizes.ts';
import { rulesOfCheck } from './spec.ts';

const suiteFolders = ['properties', 'scenarios'];
const ids = systemIds();

function suiteFilesOf(folder: string): string[] {
  const directory = join(repositoryRoot, folder);
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(directory, file));
}

/** Every module specifier a file imports, statically or dynamically. */
export function importedSpecifiers(source: string): string[] {
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

describe('suites never import impl/', () => {
  test('the import scanner sees static, dynamic and require imports', () => {
    expect(importedSpecifiers(`import a from '../impl/x.ts';\nconst b = await import("../impl/y.ts");\nimport '../impl/z.ts';\nrequire('../impl/w')`))
      .toEqual(['../impl/x.ts', '../impl/y.ts', '../impl/z.ts', '../impl/w']);
  });

  test.each(suiteFolders.flatMap(suiteFilesOf).map((file) => [file.slice(repositoryRoot.length + 1), file]))('%s', (_name, file) => {
    const offending = importedSpecifiers(readFileSync(file, 'utf8')).filter((specifier) => /(^|\/)impl(\/|$)/.test(specifier));
    expect(offending).toEqual([]);
  });
});

describe('every system is complete', () => {
  test.each(ids)('%s has spec, implementation, properties, scenarios, perf gate and 3+ broken fixtures', async (id) => {
    const spec = await loadSpec(id);
    expect(existsSync(referenceModulePath(id)), 'impl/').toBe(true);
    for (const file of [`properties/${id}.test.ts`, `scenarios/${id}.test.ts`, `perf/${id}.bench.ts`]) {
      expect(existsSync(join(repositoryRoot, file)), file).toBe(true);
    }
    const fixtureDirectory = join(repositoryRoot, 'fixtures', 'broken', id);
    const fixtures = existsSync(fixtureDirectory) ? readdirSync(fixtureDirectory).filter((file) => file.endsWith('.ts')) : [];
    expect(fixtures.length, 'broken fixtures').toBeGreaterThanOrEqual(3);
    for (const fixture of fixtures) {
      const { violates } = (await import(pathToFileURL(join(fixtureDirectory, fixture)).href)) as { violates?: unknown };
      expect(Array.isArray(violates) && violates.length > 0, `${fixture} exports violates`).toBe(true);
      for (const rule of violates as string[]) expect(spec.ruleIds, `${fixture} names ${rule}`).toContain(rule);
    }
  });
});

describe('every contract rule has a check', () => {
  // vitest's own collection, so a check counts only if it is really registered
  const listed = JSON.parse(execFileSync(process.execPath, [join(repositoryRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'list', ...suiteFolders, '--json'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  })) as { name: string; file: string }[];

  test.each(ids)('%s', async (id) => {
    const spec = await loadSpec(id);
    const named = new Set(listed.filter((entry) => entry.file.endsWith(`/${id}.test.ts`)).flatMap((entry) => rulesOfCheck(entry.name.split(' > ').at(-1) ?? '')));
    expect(spec.ruleIds.filter((rule) => !named.has(rule))).toEqual([]);
  });
});

describe('the repository stands alone (DESIGN rule 12)', () => {
  // the team's workspace beside the clone, and the workplace's machine roots; built from parts
  // so this file does not match itself (virtual paths such as /home/user in file-system's
  // scenarios are data, not places, so home directories are not listed)
  const outside = [['..', 'shared'].join('/'), ['', 'work', ''].join('/'), ['', 'farm', ''].join('/')];
  const tracked = repositoryFiles(repositoryRoot).filter((file) => /\.(ts|mjs|js|md|json)$/.test(file) && file !== 'package-lock.json');

  test('no source, test or doc refers to a place outside the repository', () => {
    const offending = tracked.flatMap((file) =>
      readFileSync(join(repositoryRoot, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (outside.some((place) => line.includes(place)) ? [`${file}:${index + 1}: ${line.trim().slice(0, 120)}`] : [])),
    );
    expect(offending).toEqual([]);
  });
});

describe('peer adapters and mutation lists belong to known systems', () => {
  test.each([['peers'], ['mutation']])('%s/', (folder) => {
    const directory = join(repositoryRoot, folder);
    const entries = existsSync(directory) ? readdirSync(directory).filter((entry) => entry !== 'README.md') : [];
    const unknown = entries.map((entry) => entry.replace(/\.json$/, '')).filter((id) => !ids.includes(id));
    expect(unknown).toEqual([]);
  });
});
