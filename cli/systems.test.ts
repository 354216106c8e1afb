import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repositoryRoot } from '../harness/settings.ts';
import { loadSpec, suiteFiles, systemIds } from './systems.ts';

describe('systems', () => {
  test('are discovered from spec/, sorted, and each loads its own spec', async () => {
    const ids = systemIds();
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['lru-cache', 'rate-limiter', 'social-graph']));
    for (const id of ids) expect((await loadSpec(id)).id).toBe(id);
  });

  test('a spec file that exports no spec of its id is an error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'touchstone-systems-'));
    mkdirSync(join(root, 'spec'));
    writeFileSync(join(root, 'spec', 'empty.ts'), 'export const nothing = 1;\n');
    await expect(loadSpec('empty', root)).rejects.toThrow('spec/empty.ts exports no spec with id "empty"');
  });

  test('suite files are properties first, then scenarios, those that exist', () => {
    expect(suiteFiles('lru-cache')).toEqual([join(repositoryRoot, 'properties', 'lru-cache.test.ts'), join(repositoryRoot, 'scenarios', 'lru-cache.test.ts')]);
    expect(suiteFiles('no-such-system')).toEqual([]);
  });
});
