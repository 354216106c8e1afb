// Worked examples of file-system: the seed's FileSystem session (mkdir, create_file, read_file,
// list_directory) step by step, then the edge cases a generated sequence seldom reaches: each of
// rename(2)'s failures in turn, UTF-8 sizes, limits, error shape and fresh results.

import { expect } from 'vitest';
import { systemSuite } from '../harness/suite.ts';
import { fileSystemSpec, type FileSystem } from '../spec/file-system.ts';

const suite = await systemSuite(fileSystemSpec);
const createFileSystem = suite.implementation.default;
const normalizePath = suite.implementation.normalizePath;

/** "ok" when the call returns, else the code of the error it threw */
async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    return String((error as { code?: unknown } | null)?.code ?? error);
  }
}

/** every path below "/" as "path kind size", read through the interface */
async function treeOf(fileSystem: FileSystem, directory = '/'): Promise<string[]> {
  const lines: string[] = [];
  for (const name of await fileSystem.list(directory)) {
    const path = directory === '/' ? `/${name}` : `${directory}/${name}`;
    const { kind, size } = await fileSystem.stat(path);
    lines.push(`${path} ${kind} ${size}`);
    if (kind === 'directory') lines.push(...(await treeOf(fileSystem, path)));
  }
  return lines;
}

suite.check(['FS-2', 'FS-4', 'FS-5', 'FS-6', 'FS-8'], "seed's session: mkdir /home/user, create readme.txt, read it, list the directory", async () => {
  const fileSystem = createFileSystem();
  // the seed's mkdir("/home/user") makes both levels on a fresh tree: that is mkdir -p here,
  // since a plain mkdir follows mkdir(2) and needs the parent to exist
  const plain = await codeOf(() => fileSystem.mkdir('/home/user'));
  suite.rule('FS-2', () => expect(plain).toBe('ENOENT'));
  await fileSystem.mkdir('/home/user', { recursive: true });
  await fileSystem.createFile('/home/user/readme.txt', 'Hello, World!');
  const content = await fileSystem.readFile('/home/user/readme.txt');
  suite.rule('FS-6', () => expect(content).toBe('Hello, World!'));
  const files = await fileSystem.list('/home/user');
  suite.rule('FS-8', () => expect(files).toEqual(['readme.txt']));
  const tree = await treeOf(fileSystem);
  suite.rule('FS-4', () => expect(tree).toEqual(['/home directory 1', '/home/user directory 1', '/home/user/readme.txt file 13']));
  const again = await codeOf(() => fileSystem.createFile('/home/user/readme.txt', 'twice'));
  suite.rule('FS-5', () => expect(again).toBe('EEXIST'));
});

suite.check('FS-1', "normalisation: '.', '..', repeated and trailing slashes, and '..' above the root", async () => {
  const cases: [string, string][] = [
    ['/', '/'], ['//', '/'], ['/a/./b//c/', '/a/b/c'], ['/a/b/..', '/a'], ['/..', '/'], ['/../../a', '/a'],
    ['/a/b/../../..', '/'], ['/a/../b/./../c', '/c'], ['/.../a', '/.../a'], ['/a/..b', '/a/..b'], ['/.a/b.', '/.a/b.'],
  ];
  for (const [raw, normal] of cases) {
    const actual = await normalizePath(raw);
    suite.rule('FS-1', () => expect(actual, raw).toBe(normal));
  }
  const fileSystem = createFileSystem();
  await fileSystem.mkdir('//x///y/', { recursive: true });
  await fileSystem.writeFile('/x/./y/../y/f.txt/', 'via a noisy path');
  const read = await fileSystem.readFile('/../../x/y/f.txt');
  suite.rule('FS-1', () => expect(read).toBe('via a noisy path'));
  const rootList = await fileSystem.list('/x/..');
  suite.rule('FS-1', () => expect(rootList).toEqual(['x']));
});

suite.check(['FS-2', 'FS-3'], 'mkdir: EEXIST on anything present, ENOENT for a missing parent, ENOTDIR under a file, ENAMETOOLONG for 256 bytes', async () => {
  const fileSystem = createFileSystem();
  await fileSystem.mkdir('/d');
  await fileSystem.createFile('/f', 'x');
  const codes = {
    existingDirectory: await codeOf(() => fileSystem.mkdir('/d')),
    existingFile: await codeOf(() => fileSystem.mkdir('/f')),
    root: await codeOf(() => fileSystem.mkdir('/')),
    missingParent: await codeOf(() => fileSystem.mkdir('/m/x')),
    underFile: await codeOf(() => fileSystem.mkdir('/f/x')),
    missingUnderFile: await codeOf(() => fileSystem.mkdir('/f/m/x')),
    longName: await codeOf(() => fileSystem.mkdir(`/${'é'.repeat(128)}`)),
    missingBeforeLong: await codeOf(() => fileSystem.mkdir(`/m/${'n'.repeat(256)}`)),
    longestAllowed: await codeOf(() => fileSystem.mkdir(`/${'n'.repeat(255)}`)),
  };
  suite.rule('FS-3', () => expect([codes.existingDirectory, codes.existingFile, codes.root]).toEqual(['EEXIST', 'EEXIST', 'EEXIST']));
  suite.rule('FS-2', () => expect([codes.missingParent, codes.underFile, codes.missingUnderFile]).toEqual(['ENOENT', 'ENOTDIR', 'ENOTDIR']));
  suite.rule('FS-2', () => expect([codes.longName, codes.missingBeforeLong, codes.longestAllowed]).toEqual(['ENAMETOOLONG', 'ENOENT', 'ok']));
});

suite.check(['FS-4', 'FS-13'], 'mkdir -p: makes the chain, accepts a directory, EEXIST on a file, ENOTDIR past one, keeps what it made', async () => {
  const fileSystem = createFileSystem();
  const made = [
    await codeOf(() => fileSystem.mkdir('/a/b/c', { recursive: true })),
    await codeOf(() => fileSystem.mkdir('/a/b', { recursive: true })),
    await codeOf(() => fileSystem.mkdir('/', { recursive: true })),
  ];
  suite.rule('FS-4', () => expect(made, 'a chain, then directories already there').toEqual(['ok', 'ok', 'ok']));
  await fileSystem.createFile('/a/f');
  const codes = [
    await codeOf(() => fileSystem.mkdir('/a/f', { recursive: true })),
    await codeOf(() => fileSystem.mkdir('/a/f/x/y', { recursive: true })),
    await codeOf(() => fileSystem.mkdir(`/a/new/deeper/${'n'.repeat(256)}/z`, { recursive: true })),
  ];
  suite.rule('FS-4', () => expect(codes).toEqual(['EEXIST', 'ENOTDIR', 'ENAMETOOLONG']));
  const tree = await treeOf(fileSystem);
  suite.rule('FS-4', () => expect(tree, 'the directories made before the long name stay').toEqual([
    '/a directory 3', '/a/b directory 1', '/a/b/c directory 0', '/a/f file 0', '/a/new directory 1', '/a/new/deeper directory 0',
  ]));
});

suite.check(['FS-2', 'FS-6', 'FS-7', 'FS-9'], 'write replaces, append extends or creates, EISDIR on directories, sizes in UTF-8 bytes', async () => {
  const fileSystem = createFileSystem();
  await fileSystem.createFile('/f');
  const empty = [await fileSystem.readFile('/f'), await fileSystem.stat('/f')];
  suite.rule('FS-9', () => expect(empty).toEqual(['', { kind: 'file', size: 0 }]));
  await fileSystem.writeFile('/f', 'old content');
  await fileSystem.writeFile('/f', 'é');
  await fileSystem.appendFile('/f', '😀!');
  await fileSystem.appendFile('/g', 'new');
  const contents = [await fileSystem.readFile('/f'), await fileSystem.readFile('/g')];
  suite.rule('FS-7', () => expect(contents).toEqual(['é😀!', 'new']));
  const stat = await fileSystem.stat('/f');
  suite.rule('FS-9', () => expect(stat).toEqual({ kind: 'file', size: 2 + 4 + 1 }));
  await fileSystem.mkdir('/d');
  const codes = [
    await codeOf(() => fileSystem.readFile('/d')), await codeOf(() => fileSystem.readFile('/')),
    await codeOf(() => fileSystem.writeFile('/d', 'x')), await codeOf(() => fileSystem.appendFile('/', 'x')),
  ];
  suite.rule('FS-6', () => expect(codes.slice(0, 2)).toEqual(['EISDIR', 'EISDIR']));
  suite.rule('FS-7', () => expect(codes.slice(2)).toEqual(['EISDIR', 'EISDIR']));
  const missing = [await codeOf(() => fileSystem.writeFile('/m/f', 'x')), await codeOf(() => fileSystem.readFile('/m'))];
  suite.rule('FS-2', () => expect(missing).toEqual(['ENOENT', 'ENOENT']));
});

suite.check(['FS-8', 'FS-9'], 'list sorts by UTF-16 code units; stat and exists of files, directories and the root', async () => {
  const fileSystem = createFileSystem();
  for (const name of ['b', 'a', 'B', 'é', '10', '9']) await fileSystem.createFile(`/${name}`);
  await fileSystem.mkdir('/d');
  const names = await fileSystem.list('/');
  suite.rule('FS-8', () => expect(names).toEqual(['10', '9', 'B', 'a', 'b', 'd', 'é']));
  const listFile = await codeOf(() => fileSystem.list('/a'));
  suite.rule('FS-8', () => expect(listFile).toBe('ENOTDIR'));
  const stats = [await fileSystem.stat('/'), await fileSystem.stat('/d')];
  suite.rule('FS-9', () => expect(stats).toEqual([{ kind: 'directory', size: 7 }, { kind: 'directory', size: 0 }]));
  const exists = [
    await fileSystem.exists('/'), await fileSystem.exists('/a'), await fileSystem.exists('/d/'), await fileSystem.exists('/missing'),
    await fileSystem.exists('/a/x'), await fileSystem.exists(`/${'n'.repeat(300)}`),
  ];
  suite.rule('FS-9', () => expect(exists).toEqual([true, true, true, false, false, false]));
});

/** /d/e/f.txt, /d/g, /empty, /full/x, /file: a tree every move below starts from */
async function moveTree(): Promise<FileSystem> {
  const fileSystem = createFileSystem();
  await fileSystem.mkdir('/d/e', { recursive: true });
  await fileSystem.createFile('/d/e/f.txt', 'deep');
  await fileSystem.createFile('/d/g', 'gee');
  await fileSystem.mkdir('/empty');
  await fileSystem.mkdir('/full');
  await fileSystem.createFile('/full/x');
  await fileSystem.createFile('/file', 'top');
  return fileSystem;
}

suite.check('FS-10', 'move renames files and whole directories, replaces a file or an empty directory, and a self-move changes nothing', async () => {
  const fileSystem = await moveTree();
  await fileSystem.move('/d', '/empty'); // a directory onto an empty directory replaces it
  await fileSystem.move('/file', '/empty/g'); // a file onto a file replaces it
  await fileSystem.move('/empty/e/f.txt', '/full/renamed.txt');
  await fileSystem.move('/full', '/full/');
  const tree = await treeOf(fileSystem);
  suite.rule('FS-10', () => expect(tree).toEqual([
    '/empty directory 2', '/empty/e directory 0', '/empty/g file 3', '/full directory 2', '/full/renamed.txt file 4', '/full/x file 0',
  ]));
  const contents = [await fileSystem.readFile('/empty/g'), await fileSystem.readFile('/full/renamed.txt')];
  suite.rule('FS-10', () => expect(contents).toEqual(['top', 'deep']));
  const usage = await fileSystem.usage();
  suite.rule('FS-10', () => expect(usage, 'the replaced file and directory are gone').toEqual({ bytes: 7, nodes: 6 }));
});

suite.check(['FS-11', 'FS-13'], "move fails as rename(2) does, in rename(2)'s order, and changes nothing when it fails", async () => {
  const fileSystem = await moveTree();
  const before = await treeOf(fileSystem);
  const cases: [string, string, string][] = [
    ['/missing', '/m/x', 'ENOENT'], // the source's parent walk is fine, the destination's is not, but both come first
    ['/missing', '/file/x', 'ENOTDIR'], // the destination's parent walk fails before the missing source is noticed
    ['/file/x', '/missing/y', 'ENOTDIR'], // the source's walk comes first
    ['/d', '/', 'EBUSY'], ['/', '/x', 'EBUSY'], ['/', '/m/x', 'ENOENT'],
    ['/missing', '/d', 'ENOENT'],
    ['/file', `/${'n'.repeat(256)}`, 'ENAMETOOLONG'],
    ['/d', '/d/e/inside', 'EINVAL'], ['/d', '/d/g', 'EINVAL'], ['/d', `/d/${'n'.repeat(256)}`, 'ENAMETOOLONG'],
    ['/d/e', '/d', 'ENOTEMPTY'], ['/d/g', '/d', 'ENOTEMPTY'],
    ['/d', '/file', 'ENOTDIR'], ['/file', '/empty', 'EISDIR'], ['/d', '/full', 'ENOTEMPTY'], ['/empty', '/full', 'ENOTEMPTY'],
  ];
  for (const [from, to, code] of cases) {
    const actual = await codeOf(() => fileSystem.move(from, to));
    suite.rule('FS-11', () => expect(actual, `move(${from}, ${to.length > 40 ? 'long' : to})`).toBe(code));
  }
  const after = await treeOf(fileSystem);
  suite.rule('FS-13', () => expect(after).toEqual(before));
});

suite.check(['FS-2', 'FS-12', 'FS-16'], 'remove: files and empty directories; a full directory only with recursive; never the root', async () => {
  const fileSystem = await moveTree();
  const refused = [
    await codeOf(() => fileSystem.remove('/full')), await codeOf(() => fileSystem.remove('/')), await codeOf(() => fileSystem.remove('/', { recursive: true })),
    await codeOf(() => fileSystem.remove('/missing', { recursive: true })), await codeOf(() => fileSystem.remove('/file/x')),
  ];
  suite.rule('FS-12', () => expect(refused.slice(0, 4)).toEqual(['ENOTEMPTY', 'EBUSY', 'EBUSY', 'ENOENT']));
  suite.rule('FS-2', () => expect(refused[4]).toBe('ENOTDIR'));
  await fileSystem.remove('/file');
  await fileSystem.remove('/empty');
  await fileSystem.remove('/d', { recursive: true });
  await fileSystem.remove('/full/x', { recursive: true });
  const names = await fileSystem.list('/');
  suite.rule('FS-12', () => expect(names).toEqual(['full']));
  const usage = await fileSystem.usage();
  suite.rule('FS-16', () => expect(usage).toEqual({ bytes: 0, nodes: 1 }));
});

suite.check(['FS-16', 'FS-13', 'FS-4'], 'limits: ENOSPC past capacityBytes or maxNodes leaves everything as it was', async () => {
  const bytes = createFileSystem({ capacityBytes: 10 });
  await bytes.writeFile('/f', '0123456789');
  const overBytes = [await codeOf(() => bytes.appendFile('/f', 'x')), await codeOf(() => bytes.createFile('/g', 'é'))];
  await bytes.writeFile('/f', '01234567');
  const partial = await codeOf(() => bytes.appendFile('/f', 'abc')); // 2 of the 3 bytes would fit: none may land
  const afterPartial = await bytes.readFile('/f');
  suite.rule('FS-13', () => expect([partial, afterPartial]).toEqual(['ENOSPC', '01234567']));
  await bytes.writeFile('/f', 'ééééé'); // replacing frees the old bytes first: 8 -> 10
  const contentAfter = [await bytes.readFile('/f'), await bytes.exists('/g'), await bytes.usage()];
  suite.rule('FS-16', () => expect(overBytes).toEqual(['ENOSPC', 'ENOSPC']));
  suite.rule('FS-13', () => expect(contentAfter).toEqual(['ééééé', false, { bytes: 10, nodes: 1 }]));
  const nodes = createFileSystem({ maxNodes: 2 });
  const deep = await codeOf(() => nodes.mkdir('/a/b/c', { recursive: true }));
  const file = await codeOf(() => nodes.createFile('/a/b/f'));
  suite.rule('FS-16', () => expect([deep, file]).toEqual(['ENOSPC', 'ENOSPC']));
  const tree = await treeOf(nodes);
  suite.rule('FS-4', () => expect(tree, 'mkdir -p keeps the directories made before ENOSPC').toEqual(['/a directory 1', '/a/b directory 0']));
  await nodes.remove('/a', { recursive: true });
  await nodes.mkdir('/x/y', { recursive: true });
  const usage = await nodes.usage();
  suite.rule('FS-16', () => expect(usage, 'removal frees room').toEqual({ bytes: 0, nodes: 2 }));
});

suite.check('FS-14', 'a failure is an Error with a Node code, the normal path, and a message naming both and the method', async () => {
  const fileSystem = createFileSystem();
  let thrown: unknown;
  try {
    await fileSystem.readFile('/a/./missing/..//b');
  } catch (error) {
    thrown = error;
  }
  suite.rule('FS-14', () => {
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).not.toBeInstanceOf(TypeError);
    expect(thrown).toMatchObject({ code: 'ENOENT', path: '/a/b' });
    expect((thrown as Error).message).toMatch(/ENOENT/);
    expect((thrown as Error).message).toContain('readFile');
    expect((thrown as Error).message).toContain('/a/b');
  });
});

suite.check('FS-17', 'instances are independent and returned lists and stats are copies', async () => {
  const [first, second] = [createFileSystem(), createFileSystem()];
  await first.mkdir('/only-in-first');
  await first.createFile('/only-in-first/f', 'x');
  const secondNames = await second.list('/');
  suite.rule('FS-17', () => expect(secondNames).toEqual([]));
  const names = await first.list('/only-in-first');
  names.push('ghost');
  const stat = await first.stat('/only-in-first/f');
  (stat as { size: number }).size = 99;
  const [namesAgain, statAgain] = [await first.list('/only-in-first'), await first.stat('/only-in-first/f')];
  suite.rule('FS-17', () => expect([namesAgain, statAgain]).toEqual([['f'], { kind: 'file', size: 1 }]));
});

suite.check(['FS-4', 'FS-12'], 'a path 2000 directories deep is made with -p and removed recursively without overflowing the stack', async () => {
  const fileSystem = createFileSystem();
  const deepPath = `/${Array.from({ length: 2000 }, () => 'd').join('/')}`;
  await fileSystem.mkdir(deepPath, { recursive: true });
  await fileSystem.createFile(`${deepPath}/leaf`, 'bottom');
  const leaf = await fileSystem.readFile(`${deepPath}/leaf`);
  suite.rule('FS-4', () => expect(leaf).toBe('bottom'));
  await fileSystem.remove('/d', { recursive: true });
  const usage = await fileSystem.usage();
  suite.rule('FS-12', () => expect(usage).toEqual({ bytes: 0, nodes: 0 }));
});
