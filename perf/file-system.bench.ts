// Performance gates of file-system: one mixed session (mkdir -p, write, append, read, stat, list,
// move, recursive remove) on a fresh tree, ours against memfs's Volume doing the same calls.
// Paths and contents are precomputed, so only the file systems themselves are measured.

import { Volume } from 'memfs';
import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUint32 } from '../harness/random.ts';
import createFileSystem from '../impl/file-system.ts';

const directoryCount = 40;
const filesPerDirectory = 12;
const readsPerFile = 3;

interface Workload {
  readonly directories: readonly string[];
  readonly files: readonly string[];
  readonly contents: readonly string[];
  /** read targets, drawn at random from files */
  readonly reads: readonly string[];
  /** operations one session performs, the gate's unit */
  readonly operations: number;
}

function workload(seed: number): Workload {
  const next = seededUint32(seed);
  const directories = Array.from({ length: directoryCount }, (_, index) => `/srv/app${index % 5}/data${index}/cache`);
  const files = directories.flatMap((directory) => Array.from({ length: filesPerDirectory }, (_, index) => `${directory}/file-${index}.txt`));
  const contents = files.map((_, index) => `line ${index}\n`.repeat(1 + (next() % 8)));
  const reads = Array.from({ length: files.length * readsPerFile }, () => files[next() % files.length] as string);
  // mkdir + write + append + stat per file, reads, one list per directory, one move and one remove per directory
  const operations = directories.length * 3 + files.length * 3 + reads.length;
  return { directories, files, contents, reads, operations };
}

/** the calls both subjects make, so each subject's loop below is the same code over a different API */
interface SessionApi {
  mkdirp(path: string): void;
  write(path: string, content: string): void;
  append(path: string, content: string): void;
  read(path: string): string;
  size(path: string): number;
  list(path: string): number;
  move(from: string, to: string): void;
  removeTree(path: string): void;
}

function session(api: SessionApi, load: Workload): number {
  let checksum = 0;
  for (const directory of load.directories) api.mkdirp(directory);
  for (let index = 0; index < load.files.length; index++) api.write(load.files[index] as string, load.contents[index] as string);
  for (const file of load.files) api.append(file, 'tail\n');
  for (const file of load.reads) checksum += api.read(file).length;
  for (const file of load.files) checksum += api.size(file);
  for (const directory of load.directories) checksum += api.list(directory);
  for (const directory of load.directories) api.move(directory, `${directory}-moved`);
  for (const directory of load.directories) api.removeTree(`${directory}-moved`);
  return checksum;
}

function oursSubject(load: Workload): Subject {
  return {
    name: 'touchstone file-system',
    workPerRun: load.operations,
    run() {
      const fileSystem = createFileSystem();
      return session({
        mkdirp: (path) => fileSystem.mkdir(path, { recursive: true }),
        write: (path, content) => fileSystem.writeFile(path, content),
        append: (path, content) => fileSystem.appendFile(path, content),
        read: (path) => fileSystem.readFile(path),
        size: (path) => fileSystem.stat(path).size,
        list: (path) => fileSystem.list(path).length,
        move: (from, to) => fileSystem.move(from, to),
        removeTree: (path) => fileSystem.remove(path, { recursive: true }),
      }, load);
    },
  };
}

function memfsSubject(load: Workload): Subject {
  return {
    name: 'memfs Volume (sync API)',
    workPerRun: load.operations,
    run() {
      const volume = new Volume();
      return session({
        mkdirp: (path) => void volume.mkdirSync(path, { recursive: true }),
        write: (path, content) => volume.writeFileSync(path, content),
        append: (path, content) => volume.appendFileSync(path, content),
        read: (path) => volume.readFileSync(path, 'utf8') as string,
        size: (path) => volume.statSync(path).size as number,
        list: (path) => volume.readdirSync(path).length,
        move: (from, to) => volume.renameSync(from, to),
        removeTree: (path) => volume.rmSync(path, { recursive: true }),
      }, load);
    },
  };
}

export default defineGates('file-system', (): Gate[] => {
  const load = workload(20_261_121);
  return [{
    kind: 'ratio',
    name: 'mixed session: mkdir -p, write, append, read, stat, list, move, rm -r',
    unit: 'ops',
    minRatio: 4,
    ours: oursSubject(load),
    baseline: memfsSubject(load),
  }];
});
