// Modules the test suite grades as a whole: the broken fixtures (fixtures/broken/<id>/, which
// must fail) and the peer adapters over correct libraries (peers/<id>/, which must pass). Both
// are graded in rounds of one module per system, so a round is one grader run.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from '../harness/settings.ts';
import { main } from './grade.ts';
import type { GradeDocument } from './report-grade.ts';
import type { SystemResult } from './results.ts';
import { systemIds } from './systems.ts';

export interface GradedModule {
  readonly systemId: string;
  readonly name: string;
  readonly file: string;
}

/** The .ts modules in <folder>/<id>/ for every system, in system then file order. */
export function modulesUnder(folder: string, root = repositoryRoot): GradedModule[] {
  return systemIds(root).flatMap((systemId) => {
    const directory = join(root, folder, systemId);
    if (!existsSync(directory)) return [];
    return readdirSync(directory)
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => ({ systemId, name: file.slice(0, -3), file: join(directory, file) }));
  });
}

/** Rounds of at most one module per system: round i holds each system's i-th module. */
export function rounds(modules: readonly GradedModule[]): GradedModule[][] {
  const bySystem = new Map<string, GradedModule[]>();
  for (const module of modules) bySystem.set(module.systemId, [...(bySystem.get(module.systemId) ?? []), module]);
  const count = Math.max(0, ...[...bySystem.values()].map((list) => list.length));
  return Array.from({ length: count }, (_, index) => [...bySystem.values()].flatMap((list) => list.slice(index, index + 1)));
}

/** Grades every module with the given seed; returns each module file's system result. */
export async function gradeModules(modules: readonly GradedModule[], seed: number, extraArguments: readonly string[] = []): Promise<Map<string, SystemResult>> {
  const results = new Map<string, SystemResult>();
  for (const round of rounds(modules)) {
    const directory = mkdtempSync(join(tmpdir(), 'touchstone-graded-'));
    const argv = [
      ...round.flatMap((module) => ['--impl', `${module.systemId}=${module.file}`]),
      '--only', round.map((module) => module.systemId).join(','),
      '--seed', String(seed),
      '--report-dir', directory,
      ...extraArguments,
    ];
    const code = await main(argv, { out: () => undefined, err: (line) => console.error(line) });
    if (code === 2) throw new Error(`the grader refused ${argv.join(' ')}`);
    const document = JSON.parse(readFileSync(join(directory, 'grade.json'), 'utf8')) as GradeDocument;
    for (const module of round) {
      const result = document.systems.find((system) => system.id === module.systemId);
      if (result) results.set(module.file, result);
    }
  }
  return results;
}
