// A Disk that forwards every call to another, with chosen methods of the disk or of its files
// replaced: how a check observes fsyncs, or a broken fixture drops them, without restating the
// whole interface each time.

import type { Disk, DiskFile } from './disk.ts';

export interface ForwardingOverrides {
  /** replacements for the disk's own methods */
  readonly disk?: Partial<Omit<Disk, 'open'>>;
  /** replacements for the methods of each file opened, given the file they would forward to */
  readonly file?: (file: DiskFile) => Partial<Omit<DiskFile, 'path'>>;
}

function forwardingFile(file: DiskFile, replace: ForwardingOverrides['file']): DiskFile {
  return {
    path: file.path,
    read: (position, length) => file.read(position, length),
    readAll: () => file.readAll(),
    write: (position, data) => file.write(position, data),
    append: (data) => file.append(data),
    truncate: (size) => file.truncate(size),
    size: () => file.size(),
    sync: () => file.sync(),
    close: () => file.close(),
    ...replace?.(file),
  };
}

export function forwardingDisk(disk: Disk, overrides: ForwardingOverrides = {}): Disk {
  return {
    open: async (path, options) => forwardingFile(await disk.open(path, options), overrides.file),
    readFile: (path) => disk.readFile(path),
    size: (path) => disk.size(path),
    exists: (path) => disk.exists(path),
    rename: (from, to) => disk.rename(from, to),
    unlink: (path) => disk.unlink(path),
    mkdir: (path) => disk.mkdir(path),
    list: (directory) => disk.list(directory),
    syncDirectory: (directory) => disk.syncDirectory(directory),
    ...overrides.disk,
  };
}
