// The write-ahead log shared by kv-wal and bank: numbered generations of a snapshot file and a
// log file at the root of a Disk. A commit appends one frame and fsyncs it; compaction writes
// the next generation's snapshot crash-safely (temporary file, fsync, rename, directory fsync)
// and starts its empty log, so a crash at any step leaves one complete generation to recover.

import { hasErrorCode, type Disk, type DiskFile } from '../../harness/disk/disk.ts';
import { encodeFrame, parseFrames } from './frames.ts';

export interface LogRecovery {
  /** the snapshot of the generation recovered, if it has one */
  readonly snapshot: Uint8Array | undefined;
  /** the payloads committed after that snapshot, in order */
  readonly payloads: Uint8Array[];
  readonly tail: 'clean' | 'torn';
  readonly tailBytesDiscarded: number;
}

/** Thrown when a log is corrupt before its tail; code ECORRUPT, as the spec asks. */
export class LogCorruptionError extends Error {
  override readonly name = 'LogCorruptionError';
  readonly code = 'ECORRUPT';
}

const snapshotVersion = 1;

const snapshotFile = (name: string, generation: number) => `${name}.snapshot-${generation}`;
const logFile = (name: string, generation: number) => `${name}.wal-${generation}`;

function generationOf(file: string, prefix: string): number | undefined {
  if (!file.startsWith(prefix)) return undefined;
  const digits = file.slice(prefix.length);
  return /^(0|[1-9][0-9]{0,8})$/.test(digits) ? Number(digits) : undefined;
}

export class WriteAheadLog {
  readonly #disk: Disk;
  readonly #name: string;
  #generation: number;
  #file: DiskFile;
  #end: number;

  private constructor(disk: Disk, name: string, generation: number, file: DiskFile, end: number) {
    this.#disk = disk;
    this.#name = name;
    this.#generation = generation;
    this.#file = file;
    this.#end = end;
  }

  /** Recovers the newest complete generation, discards a torn tail durably, removes leftovers. */
  static async open(disk: Disk, name: string): Promise<{ log: WriteAheadLog; recovered: LogRecovery }> {
    const files = await disk.list();
    const snapshots = files.map((file) => generationOf(file, `${name}.snapshot-`)).filter((generation) => generation !== undefined);
    const generation = Math.max(0, ...snapshots);
    const snapshot = snapshots.includes(generation) ? await readSnapshot(disk, snapshotFile(name, generation)) : undefined;
    const path = logFile(name, generation);
    const file = await disk.open(path, { create: true });
    const parsed = parseFrames(await file.readAll());
    if (parsed.kind === 'corrupt') {
      await file.close();
      throw new LogCorruptionError(`kv-wal: ${path} is corrupt at byte ${parsed.offset}, with a valid record after it at byte ${parsed.nextValidOffset}`);
    }
    if (parsed.tornBytes > 0) {
      await file.truncate(parsed.validBytes);
      await file.sync();
    }
    const log = new WriteAheadLog(disk, name, generation, file, parsed.validBytes);
    // the log's creation, and the removal of what older generations left, made durable
    await log.#removeAllBut(files, generation);
    await disk.syncDirectory();
    return {
      log,
      recovered: { snapshot, payloads: parsed.payloads, tail: parsed.tornBytes > 0 ? 'torn' : 'clean', tailBytesDiscarded: parsed.tornBytes },
    };
  }

  /** Appends one frame and fsyncs it: once this resolves the payload survives any crash. */
  async commit(payload: Uint8Array): Promise<void> {
    const frame = encodeFrame(payload);
    await this.#file.write(this.#end, frame);
    this.#end += frame.length;
    await this.#file.sync();
  }

  /** Makes `snapshot` the next generation's state and starts its empty log. Call with no commit in flight. */
  async compact(snapshot: Uint8Array): Promise<void> {
    const next = this.#generation + 1;
    const temporary = `${snapshotFile(this.#name, next)}.tmp`;
    const staged = await this.#disk.open(temporary, { create: true, truncate: true });
    // a version byte first: an empty state still makes a non-empty frame
    const payload = new Uint8Array(1 + snapshot.length);
    payload[0] = snapshotVersion;
    payload.set(snapshot, 1);
    await staged.write(0, encodeFrame(payload));
    await staged.sync();
    await staged.close();
    const nextLog = await this.#disk.open(logFile(this.#name, next), { create: true, truncate: true });
    // the empty log exists before the snapshot appears, so a recovered snapshot always has its log
    await this.#disk.syncDirectory();
    await this.#disk.rename(temporary, snapshotFile(this.#name, next));
    await this.#disk.syncDirectory();
    const previous = this.#file;
    this.#file = nextLog;
    this.#generation = next;
    this.#end = 0;
    await previous.close();
    await this.#removeAllBut(await this.#disk.list(), next);
    await this.#disk.syncDirectory();
  }

  close(): Promise<void> {
    return this.#file.close();
  }

  async #removeAllBut(files: readonly string[], generation: number): Promise<void> {
    const keep = new Set([snapshotFile(this.#name, generation), logFile(this.#name, generation)]);
    for (const file of files) {
      if (!file.startsWith(`${this.#name}.`) || keep.has(file)) continue;
      try {
        await this.#disk.unlink(file);
      } catch (error) {
        if (!hasErrorCode(error, 'ENOENT')) throw error;
      }
    }
  }
}

async function readSnapshot(disk: Disk, path: string): Promise<Uint8Array> {
  const parsed = parseFrames(await disk.readFile(path));
  // a snapshot is fsynced before it is renamed into place: anything but one whole frame is damage
  const payload = parsed.kind === 'ok' && parsed.payloads.length === 1 && parsed.tornBytes === 0 ? parsed.payloads[0] : undefined;
  if (payload === undefined || payload[0] !== snapshotVersion) throw new LogCorruptionError(`kv-wal: snapshot ${path} is damaged`);
  return payload.subarray(1);
}
