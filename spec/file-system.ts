// file-system: an in-memory tree of directories and text files with mkdir (-p), create, read,
// write, append, list, move, remove and stat, failing with Node's error codes in the order Linux
// does. The model is a Map from normalised path to node, every lookup a prefix walk: slow and plain.

import { defineSpec } from '../harness/spec.ts';

export type FileKind = 'file' | 'directory';

/** The codes a domain failure carries, named and ordered as node:fs (Linux) reports them. */
export type FileSystemErrorCode =
  | 'ENOENT' | 'EEXIST' | 'ENOTDIR' | 'EISDIR' | 'ENOTEMPTY' | 'EINVAL' | 'EBUSY' | 'ENAMETOOLONG' | 'ENOSPC';

/** A domain failure: an Error whose code says what went wrong, as node:fs errors do. */
export interface FileSystemError extends Error {
  readonly code: FileSystemErrorCode;
  /** the method that failed, e.g. "readFile" */
  readonly syscall: string;
  /** the normal form of the path that failed */
  readonly path: string;
}

export interface FileStat {
  readonly kind: FileKind;
  /** a file's content length in UTF-8 bytes; a directory's number of entries */
  readonly size: number;
}

export interface FileSystemUsage {
  /** UTF-8 bytes of all file contents */
  readonly bytes: number;
  /** files and directories, the root not counted */
  readonly nodes: number;
}

export interface FileSystemOptions {
  /** the most content bytes all files may hold together; a positive safe integer (default 2**30) */
  readonly capacityBytes?: number;
  /** the most files and directories (root excluded); a positive safe integer (default 1_000_000) */
  readonly maxNodes?: number;
}

export interface RecursiveOption {
  /** mkdir: create missing ancestors, accept an existing directory; remove: delete a whole subtree */
  readonly recursive?: boolean;
}

/** Paths are absolute strings; each method works on the path's normal form (see normalizePath). */
export interface FileSystem {
  mkdir(path: string, options?: RecursiveOption): void;
  /** a new file holding content (default ""); EEXIST when anything is at path */
  createFile(path: string, content?: string): void;
  readFile(path: string): string;
  /** replaces the content of a file, creating it when absent */
  writeFile(path: string, content: string): void;
  /** adds content at the end of a file, creating it when absent */
  appendFile(path: string, content: string): void;
  /** the names in a directory, sorted by UTF-16 code units */
  list(path: string): string[];
  /** renames a file or directory (with its subtree), like rename(2) */
  move(fromPath: string, toPath: string): void;
  remove(path: string, options?: RecursiveOption): void;
  stat(path: string): FileStat;
  /** whether stat would succeed; never throws a coded error */
  exists(path: string): boolean;
  usage(): FileSystemUsage;
}

export type CreateFileSystem = (options?: FileSystemOptions) => FileSystem;

export interface FileSystemModule {
  readonly default: CreateFileSystem;
  /** the normal form of an absolute path: "/" or "/name(/name)*" */
  readonly normalizePath: (path: string) => string;
}

export const nameBytesMax = 255;

export const fileSystemSpec = defineSpec({
  id: 'file-system',
  title: 'In-memory file system with Node error codes',
  rules: {
    'FS-1': "normalizePath drops '.' and empty segments (repeated and trailing slashes), lets '..' remove the name before it (staying at the root above it), and every method treats a path exactly as its normal form.",
    'FS-2': 'A lookup walks the names in order and fails at the first that goes wrong: a name over 255 UTF-8 bytes with ENAMETOOLONG, a missing directory with ENOENT, a file used as a directory with ENOTDIR.',
    'FS-3': 'mkdir creates an empty directory inside an existing directory and throws EEXIST when anything, the root included, is already at the path.',
    'FS-4': 'mkdir with recursive creates each missing directory along the path in order, succeeds on an existing directory, throws EEXIST on a file and ENOTDIR past one, and keeps the directories made before a failure.',
    'FS-5': 'createFile creates a file holding the given content (default empty) and throws EEXIST when anything is already at the path.',
    'FS-6': 'readFile returns exactly the content the file holds and throws EISDIR on a directory.',
    'FS-7': 'writeFile replaces a file’s content and appendFile adds to its end, each creating a missing file in an existing directory and throwing EISDIR on a directory.',
    'FS-8': 'list returns the names of a directory’s entries once each, sorted by UTF-16 code units, and throws ENOTDIR on a file.',
    'FS-9': 'stat reports the kind and size (UTF-8 bytes of a file, entries of a directory); exists is true exactly when stat succeeds and never throws a coded error.',
    'FS-10': 'move renames a file, or a directory with its whole subtree, replacing a file by a file or an empty directory by a directory, and changes nothing when source and destination are the same.',
    'FS-11': "move fails like rename(2), first match wins: the source's then the destination's parent walk, EBUSY for the root, ENOENT for a missing source, the destination's name, EINVAL into its own subtree, ENOTEMPTY onto its own ancestor, ENOTDIR for a directory onto a file, EISDIR for a file onto a directory, ENOTEMPTY onto a non-empty directory.",
    'FS-12': 'remove deletes a file or an empty directory, deletes a non-empty directory and everything below it only with recursive (ENOTEMPTY otherwise), and throws EBUSY for the root.',
    'FS-13': 'An operation that throws leaves the tree as it was, except for the directories a recursive mkdir made before failing.',
    'FS-14': 'A domain failure is an Error whose code is the Node code, whose path is the normal form, and whose message names the code, the method and the path.',
    'FS-15': 'Misuse throws TypeError or RangeError "file-system.<method>: expected <what>, got <value>": a path that is not a string starting with "/" or holds NUL, content that is not a string, malformed options.',
    'FS-16': 'Content bytes never exceed capacityBytes and files plus directories never exceed maxNodes: an operation that would pass either throws ENOSPC and changes nothing; usage() reports both counts.',
    'FS-17': 'Instances are independent, and returned lists and stats are fresh: changing them changes nothing inside.',
  },
  exports: ['default', 'normalizePath'],
  smoke(module: FileSystemModule) {
    const fileSystem = module.default();
    fileSystem.mkdir('/home');
    fileSystem.createFile('/home/readme.txt', 'hello');
    return fileSystem.readFile('/home/readme.txt');
  },
});

// ---- the model ----

const descriptions: Record<FileSystemErrorCode, string> = {
  ENOENT: 'no such file or directory', EEXIST: 'file already exists', ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory', ENOTEMPTY: 'directory not empty', EINVAL: 'invalid argument',
  EBUSY: 'resource busy or locked', ENAMETOOLONG: 'name too long', ENOSPC: 'no space left on device',
};

/** The error every implementation throws for a domain failure, worded like node:fs. */
export function fileSystemError(code: FileSystemErrorCode, syscall: string, path: string): FileSystemError {
  const error = new Error(`${code}: ${descriptions[code]}, ${syscall} '${path}'`) as Error & Record<string, unknown>;
  error['code'] = code;
  error['syscall'] = syscall;
  error['path'] = path;
  return error as unknown as FileSystemError;
}

/** The normal form by a stack of names: the definition FS-1 states. */
export function normalizePathModel(path: string): string {
  const names: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') names.pop();
    else names.push(segment);
  }
  return `/${names.join('/')}`;
}

const encoder = new TextEncoder();
export const utf8Length = (text: string): number => encoder.encode(text).length;

type ModelNode = { readonly kind: 'file'; readonly content: string } | { readonly kind: 'directory' };

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';
const isInside = (path: string, ancestor: string): boolean => ancestor === '/' || path.startsWith(`${ancestor}/`);

/**
 * The model: every node under its normal path in one Map. Inputs are assumed well formed (the
 * suites check misuse against the spec text); all domain outcomes follow the rules above.
 */
export class FileSystemModel implements FileSystem {
  readonly #nodes = new Map<string, ModelNode>([['/', { kind: 'directory' }]]);

  constructor(readonly capacityBytes = 2 ** 30, readonly maxNodes = 1_000_000) {}

  /** Checks each ancestor of path, the first failure thrown (FS-2); returns the parent's path. */
  #walkParent(path: string, syscall: string): string {
    const names = path.split('/').slice(1);
    for (let count = 1; count < names.length; count++) {
      const prefix = `/${names.slice(0, count).join('/')}`;
      const node = this.#lookupName(prefix, syscall, path);
      if (node === undefined) throw fileSystemError('ENOENT', syscall, path);
      if (node.kind === 'file') throw fileSystemError('ENOTDIR', syscall, path);
    }
    return parentOf(path);
  }

  /** The node at path (whose ancestors are directories), after the name-length check. */
  #lookupName(path: string, syscall: string, wholePath = path): ModelNode | undefined {
    if (utf8Length(path.slice(path.lastIndexOf('/') + 1)) > nameBytesMax) throw fileSystemError('ENAMETOOLONG', syscall, wholePath);
    return this.#nodes.get(path);
  }

  #lookup(rawPath: string, syscall: string): { path: string; node: ModelNode | undefined } {
    const path = normalizePathModel(rawPath);
    if (path === '/') return { path, node: this.#nodes.get('/') };
    this.#walkParent(path, syscall);
    return { path, node: this.#lookupName(path, syscall) };
  }

  #existing(rawPath: string, syscall: string): { path: string; node: ModelNode } {
    const { path, node } = this.#lookup(rawPath, syscall);
    if (node === undefined) throw fileSystemError('ENOENT', syscall, path);
    return { path, node };
  }

  #childrenOf(path: string): string[] {
    return [...this.#nodes.keys()].filter((key) => key !== '/' && parentOf(key) === path);
  }

  #setFile(path: string, content: string, syscall: string): void {
    const previous = this.#nodes.get(path);
    const usage = this.usage();
    const previousBytes = previous?.kind === 'file' ? utf8Length(previous.content) : 0;
    if (previous === undefined && usage.nodes + 1 > this.maxNodes) throw fileSystemError('ENOSPC', syscall, path);
    if (usage.bytes - previousBytes + utf8Length(content) > this.capacityBytes) throw fileSystemError('ENOSPC', syscall, path);
    this.#nodes.set(path, { kind: 'file', content });
  }

  #addDirectory(path: string, syscall: string, wholePath = path): void {
    if (this.usage().nodes + 1 > this.maxNodes) throw fileSystemError('ENOSPC', syscall, wholePath);
    this.#nodes.set(path, { kind: 'directory' });
  }

  mkdir(rawPath: string, options: RecursiveOption = {}): void {
    if (options.recursive !== true) {
      const { path, node } = this.#lookup(rawPath, 'mkdir');
      if (node !== undefined) throw fileSystemError('EEXIST', 'mkdir', path);
      this.#addDirectory(path, 'mkdir');
      return;
    }
    const path = normalizePathModel(rawPath);
    const names = path.split('/').slice(1).filter((name) => name !== '');
    for (let count = 1; count <= names.length; count++) {
      const prefix = `/${names.slice(0, count).join('/')}`;
      const node = this.#lookupName(prefix, 'mkdir', path);
      if (node === undefined) this.#addDirectory(prefix, 'mkdir', path);
      else if (node.kind === 'file') throw fileSystemError(count === names.length ? 'EEXIST' : 'ENOTDIR', 'mkdir', path);
    }
  }

  createFile(rawPath: string, content = ''): void {
    const { path, node } = this.#lookup(rawPath, 'createFile');
    if (node !== undefined) throw fileSystemError('EEXIST', 'createFile', path);
    this.#setFile(path, content, 'createFile');
  }

  readFile(rawPath: string): string {
    const { path, node } = this.#existing(rawPath, 'readFile');
    if (node.kind === 'directory') throw fileSystemError('EISDIR', 'readFile', path);
    return node.content;
  }

  writeFile(rawPath: string, content: string): void {
    const { path, node } = this.#lookup(rawPath, 'writeFile');
    if (node?.kind === 'directory') throw fileSystemError('EISDIR', 'writeFile', path);
    this.#setFile(path, content, 'writeFile');
  }

  appendFile(rawPath: string, content: string): void {
    const { path, node } = this.#lookup(rawPath, 'appendFile');
    if (node?.kind === 'directory') throw fileSystemError('EISDIR', 'appendFile', path);
    this.#setFile(path, (node?.content ?? '') + content, 'appendFile');
  }

  list(rawPath: string): string[] {
    const { path, node } = this.#existing(rawPath, 'list');
    if (node.kind === 'file') throw fileSystemError('ENOTDIR', 'list', path);
    return this.#childrenOf(path).map((child) => child.slice(child.lastIndexOf('/') + 1)).sort();
  }

  move(rawFromPath: string, rawToPath: string): void {
    const [from, to] = [normalizePathModel(rawFromPath), normalizePathModel(rawToPath)];
    if (from !== '/') this.#walkParent(from, 'move');
    if (to !== '/') this.#walkParent(to, 'move');
    if (from === '/' || to === '/') throw fileSystemError('EBUSY', 'move', from === '/' ? from : to);
    const source = this.#lookupName(from, 'move');
    if (source === undefined) throw fileSystemError('ENOENT', 'move', from);
    const target = this.#lookupName(to, 'move');
    if (isInside(to, from)) throw fileSystemError('EINVAL', 'move', to);
    if (isInside(from, to)) throw fileSystemError('ENOTEMPTY', 'move', to);
    if (from === to) return;
    if (target !== undefined) {
      if (source.kind === 'directory' && target.kind === 'file') throw fileSystemError('ENOTDIR', 'move', to);
      if (source.kind === 'file' && target.kind === 'directory') throw fileSystemError('EISDIR', 'move', to);
      if (this.#childrenOf(to).length > 0) throw fileSystemError('ENOTEMPTY', 'move', to);
      this.#nodes.delete(to);
    }
    for (const [key, node] of [...this.#nodes]) {
      if (key !== from && !isInside(key, from)) continue;
      this.#nodes.delete(key);
      this.#nodes.set(to + key.slice(from.length), node);
    }
  }

  remove(rawPath: string, options: RecursiveOption = {}): void {
    const path = normalizePathModel(rawPath);
    if (path === '/') throw fileSystemError('EBUSY', 'remove', path);
    const { node } = this.#existing(path, 'remove');
    const below = [...this.#nodes.keys()].filter((key) => isInside(key, path));
    if (node.kind === 'directory' && below.length > 0 && options.recursive !== true) throw fileSystemError('ENOTEMPTY', 'remove', path);
    for (const key of [path, ...below]) this.#nodes.delete(key);
  }

  stat(rawPath: string): FileStat {
    const { path, node } = this.#existing(rawPath, 'stat');
    if (node.kind === 'file') return { kind: 'file', size: utf8Length(node.content) };
    return { kind: 'directory', size: this.#childrenOf(path).length };
  }

  exists(rawPath: string): boolean {
    try {
      this.stat(rawPath);
      return true;
    } catch {
      return false;
    }
  }

  /** Every node but the root as "path kind size [content]" lines, sorted: the suites' tree snapshot. */
  tree(): string[] {
    const sizes = new Map<string, number>();
    for (const key of this.#nodes.keys()) if (key !== '/') sizes.set(parentOf(key), (sizes.get(parentOf(key)) ?? 0) + 1);
    const lines = [...this.#nodes].filter(([key]) => key !== '/').map(([key, node]) =>
      node.kind === 'file' ? `${key} file ${utf8Length(node.content)} ${JSON.stringify(node.content)}` : `${key} directory ${sizes.get(key) ?? 0}`,
    );
    return lines.sort();
  }

  usage(): FileSystemUsage {
    let bytes = 0;
    for (const node of this.#nodes.values()) if (node.kind === 'file') bytes += utf8Length(node.content);
    return { bytes, nodes: this.#nodes.size - 1 };
  }
}
