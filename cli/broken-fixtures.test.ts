// Every property must be able to fail: each deliberately broken implementation in
// fixtures/broken/<id>/ is graded, and the grader must fail its system naming (at least one
// of) the rules the fixture declares it violates.

import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { gradeModules, modulesUnder } from './graded-modules.ts';
import type { SystemResult } from './results.ts';

const fixtures = modulesUnder('fixtures/broken');
const seed = 20261121;
let results = new Map<string, SystemResult>();

beforeAll(async () => {
  results = await gradeModules(fixtures, seed);
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
