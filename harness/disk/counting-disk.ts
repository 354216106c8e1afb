// Operation counts for any Disk (the Node disk included), so a perf gate or a check can say
// "one fsync per commit group" of the real disk too. The simulated disk counts by itself;
// this wrapper only forwards and counts, so what it wraps behaves exactly as before.

import { createCounters, type Disk, type DiskCounters, type DiskFile, type OpenOptions } from './disk.ts';

export interface CountingDisk extends Disk {
  readonly counters: DiskCounters;
}

function countedFile(file: DiskFile, counters: DiskCounters): DiskFile {
  return {
    path: file.path,
    read: async (position, length) => {
      counters.read++;
      const bytes = await file.read(position, length);
      counters.bytesRead += bytes.length;
      return bytes;
    },
    readAll: async () => {
      counters.read++;
      const bytes = await file.readAll();
      counters.bytesRead += bytes.length;
      return bytes;
    },
    write: (position, data) => {
      counters.write++;
      counters.bytesWritten += data.length;
      return file.write(position, data);
    },
    append: (data) => {
      counters.append++;
      counters.bytesWritten += data.length;
      return file.append(data);
    },
    truncate: (size) => (counters.truncate++, file.truncate(size)),
    size: () => (counters.size++, file.size()),
    sync: () => (counters.sync++, file.sync()),
    close: () => (counters.close++, file.close()),
  };
}

export function createCountingDisk(disk: Disk): CountingDisk {
  const counters = createCounters();
  return {
    counters,
    open: async (path: string, options?: OpenOptions) => {
      counters.open++;
      return countedFile(await disk.open(path, options), counters);
    },
    readFile: async (path) => {
      counters.readFile++;
      const bytes = await disk.readFile(path);
      counters.bytesRead += bytes.length;
      return bytes;
    },
    size: (path) => (counters.size++, disk.size(path)),
    exists: (path) => (counters.exists++, disk.exists(path)),
    rename: (from, to) => (counters.rename++, disk.rename(from, to)),
    unlink: (path) => (counters.unlink++, disk.unlink(path)),
    mkdir: (path) => (counters.mkdir++, disk.mkdir(path)),
    list: (directory) => (counters.list++, disk.list(directory)),
    syncDirectory: (directory) => (counters.syncDirectory++, disk.syncDirectory(directory)),
  };
}
