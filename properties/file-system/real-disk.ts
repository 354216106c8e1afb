// The third party of the file-system differential: the same interface carried out by node:fs in a
// fresh directory under os.tmpdir(), which stands for "/". Paths are normalised first (a real
// "/.." would climb out of the sandbox), and Node's errors are re-made with the spec's shape.

import {
  appendFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync,
  statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileSystemError, normalizePathModel, type FileStat, type FileSystem, type FileSystemErrorCode, type FileSystemUsage, type RecursiveOption,
} from '../../spec/file-system.ts';

const codes = new Set<string>(['ENOENT', 'EEXIST', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY', 'EINVAL', 'EBUSY', 'ENAMETOOLONG', 'ENOSPC']);

export class RealDiskFileSystem implements FileSystem {
  readonly root = mkdtempSync(join(tmpdir(), 'touchstone-file-system-'));

  /** Deletes the sandbox; the instance is unusable afterwards. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  #real(normalPath: string): string {
    return normalPath === '/' ? this.root : join(this.root, normalPath.slice(1));
  }

  /** Runs a node:fs call on a normalised path, turning a coded Node error into the spec's error. */
  #run<T>(syscall: string, rawPath: string, call: (realPath: string, normalPath: string) => T): T {
    const normalPath = normalizePathModel(rawPath);
    try {
      return call(this.#real(normalPath), normalPath);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && codes.has(code)) throw fileSystemError(code as FileSystemErrorCode, syscall, normalPath);
      throw error;
    }
  }

  mkdir(path: string, options: RecursiveOption = {}): void {
    this.#run('mkdir', path, (real) => mkdirSync(real, { recursive: options.recursive === true }));
  }

  createFile(path: string, content = ''): void {
    this.#run('createFile', path, (real) => writeFileSync(real, content, { flag: 'wx' }));
  }

  readFile(path: string): string {
    return this.#run('readFile', path, (real) => readFileSync(real, 'utf8'));
  }

  writeFile(path: string, content: string): void {
    this.#run('writeFile', path, (real) => writeFileSync(real, content));
  }

  appendFile(path: string, content: string): void {
    this.#run('appendFile', path, (real) => appendFileSync(real, content));
  }

  list(path: string): string[] {
    return this.#run('list', path, (real) => readdirSync(real).sort());
  }

  /**
   * rename(2), except that the sandbox itself cannot be renamed: Linux answers EBUSY for "/" once
   * both parents resolve, so the other path's parent is resolved here first, then EBUSY.
   */
  move(fromPath: string, toPath: string): void {
    const [from, to] = [normalizePathModel(fromPath), normalizePathModel(toPath)];
    if (from === '/' || to === '/') {
      for (const path of [from, to]) {
        if (path === '/') continue;
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        this.#run('move', path, () => {
          if (!statSync(this.#real(parent)).isDirectory()) throw fileSystemError('ENOTDIR', 'move', path);
        });
      }
      throw fileSystemError('EBUSY', 'move', '/');
    }
    this.#run('move', from, (realFrom) => renameSync(realFrom, this.#real(to)));
  }

  /** rm for files, rmdir for empty directories, rm -r with recursive; "/" is EBUSY as rmdir("/") is. */
  remove(path: string, options: RecursiveOption = {}): void {
    this.#run('remove', path, (real, normalPath) => {
      if (normalPath === '/') throw fileSystemError('EBUSY', 'remove', '/');
      if (!lstatSync(real).isDirectory()) unlinkSync(real);
      else if (options.recursive === true) rmSync(real, { recursive: true });
      else rmdirSync(real);
    });
  }

  stat(path: string): FileStat {
    return this.#run('stat', path, (real) => {
      const stats = statSync(real);
      return stats.isDirectory() ? { kind: 'directory', size: readdirSync(real).length } : { kind: 'file', size: stats.size };
    });
  }

  exists(path: string): boolean {
    return existsSync(this.#real(normalizePathModel(path)));
  }

  usage(): FileSystemUsage {
    let bytes = 0;
    let nodes = 0;
    const pending = [this.root];
    for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        nodes++;
        const full = join(directory, entry.name);
        if (entry.isDirectory()) pending.push(full);
        else bytes += statSync(full).size;
      }
    }
    return { bytes, nodes };
  }
}
