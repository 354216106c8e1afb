// Properties of file-system: one generated operation sequence runs against the implementation,
// the Map model in spec/ and node:fs in a temporary directory; outcomes and error codes must agree
// after every step. Focused properties then cover normalisation, limits, error shape and misuse.

import fc from 'fast-check';
import { expect } from 'vitest';
import { largeArray, unicodeString, utf8Length } from '../harness/generators.ts';
import { expectAccepted, expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { FileSystemModel, fileSystemSpec, normalizePathModel, type FileSystem } from '../spec/file-system.ts';
import { apply, describeOperation, pathArbitrary, sequenceArbitrary, snapshot, summary, type Operation, type Outcome } from './file-system/operations.ts';
import { RealDiskFileSystem } from './file-system/real-disk.ts';

const suite = await systemSuite(fileSystemSpec);
const createFileSystem = suite.implementation.default;
const normalizePath = suite.implementation.normalizePath;

type Rule = keyof typeof fileSystemSpec.rules;

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

/** The rule an operation's outcome is judged by, chosen before the model runs it. */
async function ruleFor(operation: Operation, model: FileSystemModel): Promise<Rule> {
  for (const path of operation.kind === 'move' ? [operation.path, operation.toPath] : [operation.path]) {
    if ((await normalizePath(path)) !== normalizePathModel(path)) return 'FS-1';
  }
  if (operation.kind === 'move') return 'FS-11';
  const normal = normalizePathModel(operation.path);
  const parentIsDirectory = normal === '/' || (model.exists(parentOf(normal)) && model.stat(parentOf(normal)).kind === 'directory');
  if (operation.kind === 'mkdir') return operation.recursive ? 'FS-4' : parentIsDirectory ? 'FS-3' : 'FS-2';
  if (!parentIsDirectory) return operation.kind === 'exists' ? 'FS-9' : 'FS-2';
  const byKind: Record<Exclude<Operation['kind'], 'move' | 'mkdir'>, Rule> = {
    createFile: 'FS-5', readFile: 'FS-6', writeFile: 'FS-7', appendFile: 'FS-7', list: 'FS-8', stat: 'FS-9', exists: 'FS-9', remove: 'FS-12',
  };
  return byKind[operation.kind];
}

/** FS-14: a coded failure is an Error naming its code, method and (normal) path. */
function expectWellFormedError(operation: Operation, outcome: Outcome): void {
  if (!('code' in outcome) || outcome.code.startsWith('uncoded')) return;
  const error = outcome.error as { message?: unknown; path?: unknown };
  const paths = (operation.kind === 'move' ? [operation.path, operation.toPath] : [operation.path]).map(normalizePathModel);
  const message = String(error.message);
  const wellFormed = outcome.error instanceof Error && paths.includes(error.path as string)
    && [outcome.code, operation.kind, String(error.path)].every((part) => message.includes(part));
  if (wellFormed) return;
  suite.rule('FS-14', () => {
    expect(outcome.error).toBeInstanceOf(Error);
    expect(paths, 'error.path is the normal form of a path the call named').toContain(error.path);
    for (const part of [outcome.code, operation.kind, String(error.path)]) expect(message).toContain(part);
  });
}

/** Asserts equality under rule; cheap when they agree, since expect() is only called to report a difference. */
function agree(rule: Rule, actual: unknown, expected: unknown, message: string): void {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  suite.rule(rule, () => expect(actual, message).toEqual(expected));
}

/** a snapshot line "path kind size [content]" without its size */
const withoutSize = (line: string): string => line.replace(/^(\S+ \S+) \d+/, '$1');

/** reads are compared by their outcome; the whole tree is compared after anything that may change it */
const mutating = new Set<Operation['kind']>(['mkdir', 'createFile', 'writeFile', 'appendFile', 'move', 'remove']);

async function runStep(operation: Operation, model: FileSystemModel, real: FileSystem, disk: RealDiskFileSystem | undefined): Promise<void> {
  const rule = await ruleFor(operation, model);
  const expected = await apply(model, operation);
  if (disk !== undefined) {
    const onDisk = await apply(disk, operation);
    // a disagreement here is the model's fault (or the platform's), never the implementation's
    if (JSON.stringify(summary(onDisk)) !== JSON.stringify(summary(expected))) {
      throw new Error(`model ${JSON.stringify(summary(expected))} but node:fs ${JSON.stringify(summary(onDisk))} for ${describeOperation(operation)}`);
    }
  }
  const actual = await apply(real, operation);
  const blame: Rule = 'code' in actual && actual.code.startsWith('uncoded') && 'code' in expected ? 'FS-14' : rule;
  agree(blame, summary(actual), summary(expected), describeOperation(operation));
  if (operation.kind === 'exists') agree('FS-9', 'value' in actual, true, 'exists threw');
  expectWellFormedError(operation, actual);
  if (!mutating.has(operation.kind)) return;
  const [actualTree, expectedTree] = [await snapshot(real), model.tree()];
  // the tree is read back through stat, so sizes are stat's business and the rest the operation's
  const [actualShape, expectedShape] = [actualTree.map(withoutSize), expectedTree.map(withoutSize)];
  agree('code' in expected ? 'FS-13' : rule, actualShape, expectedShape, `tree after ${describeOperation(operation)}`);
  agree('FS-9', actualTree, expectedTree, `sizes after ${describeOperation(operation)}`);
  agree('FS-16', await real.usage(), model.usage(), `usage after ${describeOperation(operation)}`);
}

/** every rule runStep may blame */
const stepRules: readonly Rule[] = ['FS-1', 'FS-2', 'FS-3', 'FS-4', 'FS-5', 'FS-6', 'FS-7', 'FS-8', 'FS-9', 'FS-10', 'FS-11', 'FS-12', 'FS-13', 'FS-14', 'FS-16'];

suite.property(
  stepRules,
  'agrees with the Map model and with node:fs in a temporary directory on any operation sequence',
  fc.asyncProperty(sequenceArbitrary, async (operations) => {
    const [model, real, disk] = [new FileSystemModel(), createFileSystem(), new RealDiskFileSystem()];
    try {
      for (const operation of operations) await runStep(operation, model, real, disk);
      const [onDisk, inModel] = [await snapshot(disk), model.tree()];
      if (onDisk.join('\n') !== inModel.join('\n')) throw new Error(`model tree ${inModel.join('; ')} but node:fs ${onDisk.join('; ')}`);
    } finally {
      disk.dispose();
    }
  }),
);

suite.property(
  stepRules,
  'with tiny limits, ENOSPC changes nothing (but the directories mkdir -p made) and usage stays within bounds',
  fc.asyncProperty(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), sequenceArbitrary, async (capacityBytes, maxNodes, operations) => {
    const [model, real] = [new FileSystemModel(capacityBytes, maxNodes), createFileSystem({ capacityBytes, maxNodes })];
    for (const operation of operations) {
      await runStep(operation, model, real, undefined);
      const usage = await real.usage();
      agree('FS-16', usage.bytes <= capacityBytes && usage.nodes <= maxNodes, true, `usage ${JSON.stringify(usage)} within the limits`);
    }
  }),
);

suite.property(
  ['FS-10', 'FS-11', 'FS-13'],
  'moving a node that exists, to anywhere, agrees with the model: the subtree travels whole or nothing changes',
  fc.asyncProperty(sequenceArbitrary, fc.nat(), pathArbitrary, async (operations, pick, toPath) => {
    const [model, real] = [new FileSystemModel(), createFileSystem()];
    for (const operation of operations) {
      await apply(model, operation);
      await apply(real, operation);
    }
    // a tree that already differs is the main differential's finding, judged there by the step that caused it
    if (JSON.stringify(await snapshot(real)) !== JSON.stringify(model.tree())) return;
    const present = model.tree().map((line) => line.slice(0, line.indexOf(' ')));
    const from = present.length === 0 ? '/a' : (present[pick % present.length] as string);
    const move: Operation = { kind: 'move', path: from, toPath };
    const [expected, actual] = [await apply(model, move), await apply(real, move)];
    agree('code' in expected ? 'FS-11' : 'FS-10', summary(actual), summary(expected), describeOperation(move));
    agree('code' in expected ? 'FS-13' : 'FS-10', await snapshot(real), model.tree(), `tree after ${describeOperation(move)}`);
  }),
);

const rawPathArbitrary = fc
  .array(fc.constantFrom('a', 'b', '.', '..', '', '...', '.a'), { maxLength: 8 })
  .map((segments) => `/${segments.join('/')}`);

suite.property(
  'FS-1',
  'normalizePath equals the stack definition, is idempotent, and a method sees a path as its normal form',
  fc.asyncProperty(rawPathArbitrary, async (raw) => {
    const normal = await normalizePath(raw);
    const again = await normalizePath(normal);
    suite.rule('FS-1', () => expect([normal, again], JSON.stringify(raw)).toEqual([normalizePathModel(raw), normalizePathModel(raw)]));
    const fileSystem = createFileSystem();
    await fileSystem.mkdir('/a/b/a', { recursive: true });
    await fileSystem.createFile('/a/b/...', 'dots');
    const viaRaw = await apply(fileSystem, { kind: 'stat', path: raw });
    const viaNormal = await apply(fileSystem, { kind: 'stat', path: normalizePathModel(raw) });
    suite.rule('FS-1', () => expect(summary(viaRaw), JSON.stringify(raw)).toEqual(summary(viaNormal)));
  }),
);

const badPaths: readonly unknown[] = ['', 'a/b', './a', 'relative', '/a\0b', 42, null, undefined, {}, ['/a'], Symbol('path')];
const badContents: readonly unknown[] = [42, null, {}, ['x'], Buffer.from('x'), true];
const badOptions: readonly unknown[] = [42, 'yes', { recursive: 'yes' }, { recursive: 1 }];

/** a TypeError or RangeError reading "file-system.<method>: expected <what>, got <value>", thrown or rejected */
const misuse = (call: () => unknown, method: string, label: string) => expectMisuse(suite, 'FS-15', { call, classes: [TypeError, RangeError], method, label });

suite.property(
  'FS-15',
  'a bad path, bad content or bad options is a TypeError or RangeError naming the method',
  fc.asyncProperty(fc.constantFrom(...badPaths), fc.constantFrom(...badContents), fc.constantFrom(...badOptions), async (path, content, options) => {
    const loose = createFileSystem() as unknown as Record<string, (...args: unknown[]) => unknown>;
    const call = (method: string, ...args: unknown[]) => () => (loose[method] as (...args: unknown[]) => unknown).call(loose, ...args);
    for (const method of ['mkdir', 'createFile', 'readFile', 'writeFile', 'appendFile', 'list', 'remove', 'stat', 'exists']) {
      await misuse(call(method, path, 'x'), method, `${method}(${fc.stringify(path)})`);
    }
    await misuse(call('move', path, '/a'), 'move', `move(${fc.stringify(path)}, "/a")`);
    await misuse(call('move', '/a', path), 'move', `move("/a", ${fc.stringify(path)})`);
    for (const method of ['writeFile', 'appendFile', 'createFile']) await misuse(call(method, '/f', content), method, `${method}("/f", ${fc.stringify(content)})`);
    for (const method of ['mkdir', 'remove']) await misuse(call(method, '/a', options), method, `${method}("/a", ${fc.stringify(options)})`);
    const usage = JSON.stringify(await loose['usage']?.call(loose));
    suite.rule('FS-15', () => expect(usage, 'misuse changed nothing').toBe(JSON.stringify({ bytes: 0, nodes: 0 })));
  }),
  { runsFactor: 0.3 },
);

suite.check('FS-15', 'malformed factory options are a TypeError or RangeError naming file-system.create', async () => {
  const create = createFileSystem as (options?: unknown) => unknown;
  for (const options of [42, 'big', { capacityBytes: 0 }, { capacityBytes: -1 }, { capacityBytes: 1.5 }, { capacityBytes: '10' }, { maxNodes: 0 }, { maxNodes: Number.NaN }, { maxNodes: Infinity }]) {
    await misuse(() => create(options), 'create', fc.stringify(options));
  }
  for (const options of [undefined, {}, { capacityBytes: 1 }, { maxNodes: 1, capacityBytes: 2 ** 40 }]) {
    await expectAccepted(suite, 'FS-15', `create(${fc.stringify(options)})`, () => create(options));
  }
});

// Names "<index><suffix>": sharing prefixes ("1", "10", "100é"), over full Unicode, and unique
// because a suffix never starts with a digit ("15" + "1" would be "151" + "").
const nameSuffix = (text: string): string => text.replaceAll('/', '_').replaceAll('\0', '_').replace(/^[0-9]/, '_$&');
const largeDirectoryArbitrary = largeArray(
  fc.tuple(fc.oneof(fc.constant(''), unicodeString({ minLength: 1, maxLength: 3 })), fc.constantFrom('file', 'directory', 'empty file'), unicodeString({ maxLength: 6 })),
).map((entries) => entries.map(([suffix, kind, content], index) => ({ name: `${index}${nameSuffix(suffix)}`, kind, content })));

suite.property(
  ['FS-7', 'FS-8', 'FS-9', 'FS-10', 'FS-12', 'FS-16', 'FS-17'],
  'a directory of thousands of entries and a large file: list, stat, usage, move and remove agree with what was made',
  fc.asyncProperty(largeDirectoryArbitrary, fc.array(unicodeString({ minLength: 1, maxLength: 40 }), { minLength: 1_000, maxLength: 2_000 }), async (entries, chunks) => {
    const fileSystem = createFileSystem();
    await fileSystem.mkdir('/big');
    let bytes = 0;
    for (const { name, kind, content } of entries) {
      if (kind === 'directory') await fileSystem.mkdir(`/big/${name}`);
      else if (kind === 'empty file') await fileSystem.createFile(`/big/${name}`);
      else await fileSystem.createFile(`/big/${name}`, content);
      bytes += kind === 'file' ? utf8Length(content) : 0;
    }
    for (const chunk of chunks) await fileSystem.appendFile('/log', chunk);
    const log = chunks.join('');
    bytes += utf8Length(log);
    const names = entries.map(({ name }) => name).sort();
    const listed = await fileSystem.list('/big');
    suite.rule('FS-8', () => expect(listed.length === names.length && listed.every((name, index) => name === names[index]), 'list of thousands, in code-unit order').toBe(true));
    listed.reverse().push('ghost');
    const [again, stat, usage] = [await fileSystem.list('/big'), await fileSystem.stat('/big'), await fileSystem.usage()];
    suite.rule('FS-17', () => expect(again.length === names.length && again.every((name, index) => name === names[index]), 'a list changed by its caller').toBe(true));
    suite.rule('FS-9', () => expect(stat).toEqual({ kind: 'directory', size: entries.length }));
    suite.rule('FS-16', () => expect(usage).toEqual({ bytes, nodes: entries.length + 2 }));
    const [read, logStat] = [await fileSystem.readFile('/log'), await fileSystem.stat('/log')];
    suite.rule('FS-7', () => expect(read === log, 'a file appended to a thousand times').toBe(true));
    suite.rule('FS-9', () => expect(logStat).toEqual({ kind: 'file', size: utf8Length(log) }));
    await fileSystem.move('/big', '/moved');
    const [moved, gone] = [await fileSystem.list('/moved'), await fileSystem.exists('/big')];
    suite.rule('FS-10', () => expect([moved.length, moved[moved.length - 1], gone]).toEqual([names.length, names[names.length - 1], false]));
    await fileSystem.remove('/moved', { recursive: true });
    await fileSystem.remove('/log');
    const [emptied, root] = [await fileSystem.usage(), await fileSystem.list('/')];
    suite.rule('FS-12', () => expect([emptied, root]).toEqual([{ bytes: 0, nodes: 0 }, []]));
  }),
  { runsMax: 2 },
);
