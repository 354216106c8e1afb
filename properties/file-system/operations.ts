// Generated file-system operations for the differential suites: paths over a few names and at
// most three levels (so creations collide and moves land on each other), with '.', '..', doubled
// and trailing slashes mixed in, and a way to run any operation and record its outcome.

import fc from 'fast-check';
import { prototypeKeys, unicodeString } from '../../harness/generators.ts';
import { normalizePathModel, type FileSystem } from '../../spec/file-system.ts';

/** A name one byte over the 255-byte limit, so ENAMETOOLONG turns up now and then. */
export const longName = 'n'.repeat(256);

/** A name over full Unicode: no '/' or NUL (node:fs rejects them), never '.' or '..' (they are segments, not names). */
const unicodeName = unicodeString({ minLength: 1, maxLength: 4 })
  .map((text) => text.replaceAll('/', '_').replaceAll('\0', '_'))
  .filter((name) => name !== '.' && name !== '..');

// few names, so creations collide; names that are prefixes of each other ('a', 'ab', 'a b'), that
// a plain object already has, and that a naive byte count or locale sort gets wrong
const nameArbitrary = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom('a', 'b') },
  { weight: 3, arbitrary: fc.constantFrom('c', 'é', 'e\u0301', 'B', 'ab', 'a b', '😀') },
  { weight: 2, arbitrary: fc.constantFrom(...prototypeKeys.filter((name) => name !== '' && !name.includes('/'))) },
  { weight: 1, arbitrary: unicodeName },
  { weight: 1, arbitrary: fc.constant(longName) },
);
const noiseArbitrary = fc.constantFrom('.', '..', '');

/** One to three names, sometimes with '.', '..' or an empty segment slipped in and a trailing slash. */
const noisyPathArbitrary = (namesMax: number): fc.Arbitrary<string> => fc
  .tuple(
    fc.array(nameArbitrary, { minLength: 1, maxLength: namesMax }),
    fc.array(fc.tuple(fc.nat(3), noiseArbitrary), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([names, noise, trailingSlash]) => {
    const segments = [...names];
    for (const [index, segment] of noise) segments.splice(Math.min(index, segments.length), 0, segment);
    return `/${segments.join('/')}${trailingSlash ? '/' : ''}`;
  });

/** An absolute path whose normal form is at most three names deep; now and then the root itself. */
const pathUpTo = (namesMax: number): fc.Arbitrary<string> => fc
  .oneof(
    { weight: 30, arbitrary: noisyPathArbitrary(namesMax) },
    { weight: 1, arbitrary: fc.constantFrom('/', '//', '/..', '/a/..') },
  )
  .filter((path) => normalizePathModel(path).split('/').length <= 4);
export const pathArbitrary = pathUpTo(3);
/** moves and removes aim at shallower paths, where the tree has something to move */
const shallowPathArbitrary = pathUpTo(2);

export const contentArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom('x', 'y', 'é', '😀', '\n'), maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: unicodeString({ maxLength: 8 }) },
);

/** recursive true or false, or the options argument left out (undefined): every optional argument is exercised */
const recursiveArbitrary = fc.constantFrom(true, false, undefined);

export type Operation =
  | { readonly kind: 'mkdir' | 'remove'; readonly path: string; readonly recursive: boolean | undefined }
  | { readonly kind: 'createFile'; readonly path: string; readonly content: string | undefined }
  | { readonly kind: 'writeFile' | 'appendFile'; readonly path: string; readonly content: string }
  | { readonly kind: 'readFile' | 'list' | 'stat' | 'exists'; readonly path: string }
  | { readonly kind: 'move'; readonly path: string; readonly toPath: string };

export const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('mkdir' as const), path: pathArbitrary, recursive: recursiveArbitrary }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('createFile' as const), path: pathArbitrary, content: fc.option(contentArbitrary, { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('writeFile' as const, 'appendFile' as const), path: pathArbitrary, content: contentArbitrary }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('readFile' as const, 'list' as const, 'stat' as const, 'exists' as const), path: pathArbitrary }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), path: shallowPathArbitrary, toPath: pathArbitrary }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), path: shallowPathArbitrary, recursive: recursiveArbitrary }) },
);

/** Directories made with -p and files written: a start that gives later operations something to hit. */
const buildArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('mkdir' as const), path: pathArbitrary, recursive: fc.constant(true) }),
  fc.record({ kind: fc.constant('writeFile' as const), path: pathArbitrary, content: contentArbitrary }),
);

/** A few building steps, then any operations: long enough to grow a small tree and move it about. */
export const sequenceArbitrary: fc.Arbitrary<Operation[]> = fc
  .tuple(fc.array(buildArbitrary, { maxLength: 6 }), fc.array(operationArbitrary, { minLength: 1, maxLength: 30, size: '+1' }))
  .map(([build, operations]) => [...build, ...operations]);

/** What an operation came to: a value, or the code of the error it threw (and the error itself). */
export type Outcome = { readonly value: unknown } | { readonly code: string; readonly error: unknown };

/** Runs one operation, awaiting it so an asynchronous implementation is graded the same way. */
export async function apply(fileSystem: FileSystem, operation: Operation): Promise<Outcome> {
  try {
    switch (operation.kind) {
      case 'mkdir':
      case 'remove':
        if (operation.recursive === undefined) return { value: await fileSystem[operation.kind](operation.path) };
        return { value: await fileSystem[operation.kind](operation.path, { recursive: operation.recursive }) };
      case 'createFile':
        if (operation.content === undefined) return { value: await fileSystem.createFile(operation.path) };
        return { value: await fileSystem.createFile(operation.path, operation.content) };
      case 'writeFile':
      case 'appendFile':
        return { value: await fileSystem[operation.kind](operation.path, operation.content) };
      case 'readFile':
      case 'list':
      case 'stat':
      case 'exists':
        return { value: await fileSystem[operation.kind](operation.path) };
      case 'move':
        return { value: await fileSystem.move(operation.path, operation.toPath) };
    }
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return { code: typeof code === 'string' ? code : `uncoded ${String(error)}`, error };
  }
}

/** Outcome without the error object, for comparing and printing. */
export function summary(outcome: Outcome): unknown {
  return 'code' in outcome ? { code: outcome.code } : { value: outcome.value === undefined ? 'undefined' : outcome.value };
}

export function describeOperation(operation: Operation): string {
  const { kind, ...rest } = operation;
  const shown = Object.values(rest).filter((value) => value !== undefined).map((value) => JSON.stringify(value).replaceAll(longName, '<256 n>'));
  return `${kind}(${shown.join(', ')})`;
}

/** The whole tree as sorted lines "path kind size [content]", read through the interface only. */
export async function snapshot(fileSystem: FileSystem): Promise<string[]> {
  const lines: string[] = [];
  const pending = ['/'];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    for (const name of await fileSystem.list(directory)) {
      const path = directory === '/' ? `/${name}` : `${directory}/${name}`;
      const stat = await fileSystem.stat(path);
      if (stat.kind === 'directory') pending.push(path);
      lines.push(stat.kind === 'file' ? `${path} file ${stat.size} ${JSON.stringify(await fileSystem.readFile(path))}` : `${path} directory ${stat.size}`);
    }
  }
  return lines.sort();
}
