// Every property must be able to fail: each deliberately broken implementation in
// fixtures/broken/<id>/ is graded, and the grader must fail its system naming (at least one
// of) the rules the fixture declares it violates. Fixtures are graded in rounds, one per
// system at a time, so a round is one grader run.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { repositoryRoot } from '../harness/settings.ts';
import { main } from './grade.ts';
import type { GradeDocument } from './report-grade.ts';
import type { SystemResult } from './results.ts';
import { systemIds } from './systems.ts';

interface Fixture {
  readonly systemId: string;
  readonly name: string;
  readonly file: string;
}

export function brokenFixtures(): Fixture[] {
  return systemIds().flatMap((systemId) => {
    const directory = join(repositoryRoot, 'fixtures', 'broken', systemId);
    if (!existsSync(directory)) return [];
    return readdirSync(directory)
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .map((file) => ({ systemId, name: file.slice(0, -3), file: join(directory, file) }));
  });
}

const fixtures = brokenFixtures();
const seed = 20261121;
const results = new Map<string, SystemResult>();

function rounds(): Fixture[][] {
  const bySystem = new Map<string, Fixture[]>();
  for (const fixture of fixtures) bySystem.set(fixture.systemId, [...(bySystem.get(fixture.systemId) ?? []), fixture]);
  const count = Math.max(0, ...[...bySystem.values()].map((list) => list.length));
  return Array.from({ length: count }, (_, index) => [...bySystem.values()].flatMap((list) => list.slice(index, index + 1)));
}

beforeAll(async () => {
  for (const round of rounds()) {
    const directory = mkdtempSync(join(tmpdir(), 'touchstone-broken-'));
    const argv = [
      ...round.flatMap((fixture) => ['--impl', `${fixture.systemId}=${fixture.file}`]),
      '--only', round.map((fixture) => fixture.systemId).join(','),
      '--seed', String(seed),
      '--report-dir', directory,
    ];
    const code = await main(argv, { out: () => undefined, err: (line) => console.error(line) });
    expect(code).not.toBe(2);
    const document = JSON.parse(readFileSync(join(directory, 'grade.json'), 'utf8')) as GradeDocument;
    for (const fixture of round) {
      const result = document.systems.find((system) => system.id === fixture.systemId);
      if (result) results.set(fixture.file, result);
    }
  }
}, 2_700_000);

describe('the grader rejects every broken fixture, naming the violated rule', () => {
  test.each(fixtures.map((fixture) => [`${fixture.systemId}/${fixture.name}`, fixture] as const))('%s', async (_label, fixture) => {
    const { violates } = (await import(pathToFileURL(fixture.file).href)) as { violates?: readonly string[] };
    expect(violates, `${fixture.file} must export violates: the rules it breaks`).toBeInstanceOf(Array);
    const result = results.get(fixture.file);
    expect(result, `no grade for ${fixture.file}`).toBeDefined();
    expect(result?.status, `${fixture.file} (seed ${seed}): ${result?.message ?? ''}`).toBe('fail');
    const failed = (result?.rules ?? []).filter((rule) => rule.status === 'fail').map((rule) => rule.id);
    expect(failed.filter((rule) => violates?.includes(rule)), `failed rules ${failed.join(', ')}; declared ${violates?.join(', ')}`).not.toEqual([]);
  });
});
