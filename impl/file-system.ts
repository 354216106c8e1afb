// Reference in-memory file system: a tree of directory nodes holding Maps of named children, so
// a lookup costs one Map probe per name and a move re-links one node whatever its subtree's size.
// Usage counters are kept as the tree changes, so limits are checked in constant time.

import type {
  CreateFileSystem, FileStat, FileSystem, FileSystemError, FileSystemErrorCode, FileSystemOptions, FileSystemUsage, RecursiveOption,
} from '../spec/file-system.ts';

interface FileNode {
  readonly kind: 'file';
  content: string;
  bytes: number;
}
interface DirectoryNode {
  readonly kind: 'directory';
  readonly entries: Map<string, TreeNode>;
}
type TreeNode = FileNode | DirectoryNode;

const nameBytesMax = 255;
const defaultCapacityBytes = 2 ** 30;
const defaultMaxNodes = 1_000_000;

const descriptions: Record<FileSystemErrorCode, string> = {
  ENOENT: 'no such file or directory', EEXIST: 'file already exists', ENOTDIR: 'not a directory',
  EISDIR: 'illegal operation on a directory', ENOTEMPTY: 'directory not empty', EINVAL: 'invalid argument',
  EBUSY: 'resource busy or locked', ENAMETOOLONG: 'name too long', ENOSPC: 'no space left on device',
};

function failure(code: FileSystemErrorCode, syscall: string, path: string): FileSystemError {
  return Object.assign(new Error(`${code}: ${descriptions[code]}, ${syscall} '${path}'`), { code, syscall, path });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

/** UTF-8 length without allocating: code points above U+FFFF arrive as a surrogate pair (4 bytes). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // the pair's two units already count 2 of its 4 bytes
      index++;
    } else bytes += 2;
  }
  return bytes;
}

/** The names of a path's normal form; a path without dot segments or doubled slashes splits once. */
function namesOf(path: string, method: string): string[] {
  if (typeof path !== 'string' || path.charCodeAt(0) !== 47 || path.includes('\0')) {
    throw new TypeError(`file-system.${method}: expected an absolute path (a string starting with "/", without NUL), got ${describe(path)}`);
  }
  const names: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') names.pop();
    else names.push(segment);
  }
  return names;
}

export function normalizePath(path: string): string {
  return `/${namesOf(path, 'normalizePath').join('/')}`;
}

const joined = (names: readonly string[]): string => `/${names.join('/')}`;

function checkContent(content: unknown, method: string): string {
  if (typeof content !== 'string') throw new TypeError(`file-system.${method}: expected content to be a string, got ${describe(content)}`);
  return content;
}

function recursiveOf(options: unknown, method: string): boolean {
  if (options === undefined) return false;
  const recursive = typeof options === 'object' && options !== null ? (options as RecursiveOption).recursive : options;
  if (typeof options !== 'object' || options === null || (recursive !== undefined && typeof recursive !== 'boolean')) {
    throw new TypeError(`file-system.${method}: expected options { recursive?: boolean }, got ${describe(recursive)}`);
  }
  return recursive === true;
}

function limitOf(options: FileSystemOptions, name: 'capacityBytes' | 'maxNodes', fallback: number): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`file-system.create: expected ${name} to be a positive safe integer, got ${describe(value)}`);
  }
  return value;
}

class MemoryFileSystem implements FileSystem {
  readonly #root: DirectoryNode = { kind: 'directory', entries: new Map() };
  readonly #capacityBytes: number;
  readonly #maxNodes: number;
  #bytes = 0;
  #nodes = 0;

  constructor(capacityBytes: number, maxNodes: number) {
    this.#capacityBytes = capacityBytes;
    this.#maxNodes = maxNodes;
  }

  /** The directory holding names' last entry; throws the walk's first failure (FS-2). */
  #parentOf(names: readonly string[], syscall: string): DirectoryNode {
    let directory = this.#root;
    for (let index = 0; index < names.length - 1; index++) {
      const child = this.#child(directory, names, index, syscall);
      if (child === undefined) throw failure('ENOENT', syscall, joined(names));
      if (child.kind === 'file') throw failure('ENOTDIR', syscall, joined(names));
      directory = child;
    }
    return directory;
  }

  #child(directory: DirectoryNode, names: readonly string[], index: number, syscall: string): TreeNode | undefined {
    const name = names[index] as string;
    const child = directory.entries.get(name);
    if (child === undefined && name.length > nameBytesMax / 3 && utf8Length(name) > nameBytesMax) {
      throw failure('ENAMETOOLONG', syscall, joined(names));
    }
    return child;
  }

  #find(path: string, syscall: string): { names: string[]; parent: DirectoryNode | undefined; node: TreeNode | undefined } {
    const names = namesOf(path, syscall);
    if (names.length === 0) return { names, parent: undefined, node: this.#root };
    const parent = this.#parentOf(names, syscall);
    return { names, parent, node: this.#child(parent, names, names.length - 1, syscall) };
  }

  #existing(path: string, syscall: string): { names: string[]; node: TreeNode } {
    const { names, node } = this.#find(path, syscall);
    if (node === undefined) throw failure('ENOENT', syscall, joined(names));
    return { names, node };
  }

  #reserve(bytesAdded: number, nodesAdded: number, syscall: string, names: readonly string[]): void {
    if (this.#bytes + bytesAdded > this.#capacityBytes || this.#nodes + nodesAdded > this.#maxNodes) {
      throw failure('ENOSPC', syscall, joined(names));
    }
    this.#bytes += bytesAdded;
    this.#nodes += nodesAdded;
  }

  mkdir(path: string, options?: RecursiveOption): void {
    const recursive = recursiveOf(options, 'mkdir');
    if (!recursive) {
      const { names, parent, node } = this.#find(path, 'mkdir');
      if (node !== undefined || parent === undefined) throw failure('EEXIST', 'mkdir', joined(names));
      this.#reserve(0, 1, 'mkdir', names);
      parent.entries.set(names[names.length - 1] as string, { kind: 'directory', entries: new Map() });
      return;
    }
    const names = namesOf(path, 'mkdir');
    let directory = this.#root;
    for (let index = 0; index < names.length; index++) {
      let child = this.#child(directory, names, index, 'mkdir');
      if (child === undefined) {
        this.#reserve(0, 1, 'mkdir', names);
        child = { kind: 'directory', entries: new Map() };
        directory.entries.set(names[index] as string, child);
      } else if (child.kind === 'file') {
        throw failure(index === names.length - 1 ? 'EEXIST' : 'ENOTDIR', 'mkdir', joined(names));
      }
      directory = child;
    }
  }

  createFile(path: string, content: string = ''): void {
    checkContent(content, 'createFile');
    const { names, parent, node } = this.#find(path, 'createFile');
    if (node !== undefined || parent === undefined) throw failure('EEXIST', 'createFile', joined(names));
    const bytes = utf8Length(content);
    this.#reserve(bytes, 1, 'createFile', names);
    parent.entries.set(names[names.length - 1] as string, { kind: 'file', content, bytes });
  }

  readFile(path: string): string {
    const { names, node } = this.#existing(path, 'readFile');
    if (node.kind === 'directory') throw failure('EISDIR', 'readFile', joined(names));
    return node.content;
  }

  writeFile(path: string, content: string): void {
    this.#putFile(path, checkContent(content, 'writeFile'), 'writeFile', false);
  }

  appendFile(path: string, content: string): void {
    this.#putFile(path, checkContent(content, 'appendFile'), 'appendFile', true);
  }

  #putFile(path: string, content: string, syscall: string, append: boolean): void {
    const { names, parent, node } = this.#find(path, syscall);
    if (node?.kind === 'directory' || parent === undefined) throw failure('EISDIR', syscall, joined(names));
    const bytes = utf8Length(content);
    if (node === undefined) {
      this.#reserve(bytes, 1, syscall, names);
      parent.entries.set(names[names.length - 1] as string, { kind: 'file', content, bytes });
      return;
    }
    this.#reserve(append ? bytes : bytes - node.bytes, 0, syscall, names);
    node.content = append ? node.content + content : content;
    node.bytes = append ? node.bytes + bytes : bytes;
  }

  list(path: string): string[] {
    const { names, node } = this.#existing(path, 'list');
    if (node.kind === 'file') throw failure('ENOTDIR', 'list', joined(names));
    return [...node.entries.keys()].sort();
  }

  move(fromPath: string, toPath: string): void {
    const [fromNames, toNames] = [namesOf(fromPath, 'move'), namesOf(toPath, 'move')];
    const fromParent = fromNames.length > 0 ? this.#parentOf(fromNames, 'move') : undefined;
    const toParent = toNames.length > 0 ? this.#parentOf(toNames, 'move') : undefined;
    if (fromParent === undefined || toParent === undefined) throw failure('EBUSY', 'move', joined(fromParent === undefined ? fromNames : toNames));
    const [from, to] = [joined(fromNames), joined(toNames)];
    const source = this.#child(fromParent, fromNames, fromNames.length - 1, 'move');
    if (source === undefined) throw failure('ENOENT', 'move', from);
    const target = this.#child(toParent, toNames, toNames.length - 1, 'move');
    if (to.startsWith(`${from}/`)) throw failure('EINVAL', 'move', to);
    if (from.startsWith(`${to}/`)) throw failure('ENOTEMPTY', 'move', to);
    if (source === target) return;
    if (target !== undefined) {
      if (source.kind === 'directory' && target.kind === 'file') throw failure('ENOTDIR', 'move', to);
      if (source.kind === 'file' && target.kind === 'directory') throw failure('EISDIR', 'move', to);
      if (target.kind === 'directory' && target.entries.size > 0) throw failure('ENOTEMPTY', 'move', to);
      this.#bytes -= target.kind === 'file' ? target.bytes : 0;
      this.#nodes -= 1;
    }
    fromParent.entries.delete(fromNames[fromNames.length - 1] as string);
    toParent.entries.set(toNames[toNames.length - 1] as string, source);
  }

  remove(path: string, options?: RecursiveOption): void {
    const recursive = recursiveOf(options, 'remove');
    const names = namesOf(path, 'remove');
    if (names.length === 0) throw failure('EBUSY', 'remove', '/');
    const parent = this.#parentOf(names, 'remove');
    const node = this.#child(parent, names, names.length - 1, 'remove');
    if (node === undefined) throw failure('ENOENT', 'remove', joined(names));
    if (node.kind === 'directory' && node.entries.size > 0 && !recursive) throw failure('ENOTEMPTY', 'remove', joined(names));
    parent.entries.delete(names[names.length - 1] as string);
    this.#release(node);
  }

  /** Takes a detached subtree off the usage counters, iteratively so depth cannot overflow the stack. */
  #release(node: TreeNode): void {
    const pending: TreeNode[] = [node];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      this.#nodes -= 1;
      if (next.kind === 'file') this.#bytes -= next.bytes;
      else for (const child of next.entries.values()) pending.push(child);
    }
  }

  stat(path: string): FileStat {
    const { node } = this.#existing(path, 'stat');
    return node.kind === 'file' ? { kind: 'file', size: node.bytes } : { kind: 'directory', size: node.entries.size };
  }

  exists(path: string): boolean {
    const names = namesOf(path, 'exists');
    let node: TreeNode | undefined = this.#root;
    for (const name of names) {
      if (node.kind === 'file') return false;
      node = node.entries.get(name);
      if (node === undefined) return false;
    }
    return true;
  }

  usage(): FileSystemUsage {
    return { bytes: this.#bytes, nodes: this.#nodes };
  }
}

const createFileSystem: CreateFileSystem = (options: FileSystemOptions = {}) => {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`file-system.create: expected an options object, got ${describe(options)}`);
  }
  return new MemoryFileSystem(limitOf(options, 'capacityBytes', defaultCapacityBytes), limitOf(options, 'maxNodes', defaultMaxNodes));
};

export default createFileSystem;
