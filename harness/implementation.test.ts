import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ImplementationFault } from './guard.ts';
import { implementationModulePath, importImplementation, ImplementationLoadError, referenceModulePath } from './implementation.ts';
import { repositoryRoot } from './settings.ts';
import { defineSpec } from './spec.ts';

interface ToyModule {
  default: () => { value: number };
  helper: () => number;
}

const spec = defineSpec({
  id: 'toy',
  title: 'Toy',
  rules: { 'TOY-1': 'works.' },
  exports: ['default', 'helper'],
  smoke: (module: ToyModule) => module.default(),
});

const scratch = mkdtempSync(join(tmpdir(), 'touchstone-implementation-'));
function moduleFile(name: string, source: string): string {
  const file = join(scratch, name);
  writeFileSync(file, source);
  return file;
}

describe('importImplementation', () => {
  test('returns the exports, guarded', async () => {
    const file = moduleFile('good.mjs', 'export default () => ({ value: 1 }); export const helper = () => { throw "no"; };');
    const module = await importImplementation(spec, file);
    expect(module.default().value).toBe(1);
    expect(() => module.helper()).toThrow(ImplementationFault);
  });

  test.each([
    ['missing.mjs', undefined, /no module at/],
    ['broken.mjs', 'export default (', /importing .* failed/],
    ['no-default.mjs', 'export const helper = () => 1;', /must have a default export \(the factory\) that is a function, got undefined/],
    ['no-helper.mjs', 'export default () => 1; export const helper = 3;', /an export named "helper" that is a function, got number/],
  ])('rejects %s with a clear ImplementationLoadError', async (name, source, message) => {
    const file = source === undefined ? join(scratch, name) : moduleFile(name, source);
    const failure = importImplementation(spec, file);
    await expect(failure).rejects.toBeInstanceOf(ImplementationLoadError);
    await expect(failure).rejects.toThrow(message);
  });
});

describe('module paths', () => {
  test('the reference implementation is impl/<id>.ts or impl/<id>/index.ts', () => {
    expect(referenceModulePath('lru-cache')).toBe(join(repositoryRoot, 'impl', 'lru-cache.ts'));
    expect(referenceModulePath('no-such-system')).toBe(join(repositoryRoot, 'impl', 'no-such-system', 'index.ts'));
  });

  test('the grader overrides it per system through TOUCHSTONE_IMPLS', () => {
    const previous = process.env.TOUCHSTONE_IMPLS;
    process.env.TOUCHSTONE_IMPLS = JSON.stringify({ toy: '/somewhere/toy.ts' });
    try {
      expect(implementationModulePath('toy')).toBe('/somewhere/toy.ts');
      expect(implementationModulePath('lru-cache')).toBe(referenceModulePath('lru-cache'));
    } finally {
      if (previous === undefined) delete process.env.TOUCHSTONE_IMPLS;
      else process.env.TOUCHSTONE_IMPLS = previous;
    }
  });
});
