// The key-value store: an in-memory Map holding exactly the durable state, a write-ahead log
// under it, and group commit between them. get reads the Map; set and delete are answered
// once their commit is fsynced and applied, so a reader never sees a write a crash could undo.

import type { KvStore, KvWalOptions, RecoveryReport } from '../../spec/kv-wal.ts';
import { diskFromOptions } from './disk-option.ts';
import { GroupCommitter } from './group-commit.ts';
import { LogCorruptionError, WriteAheadLog } from './log.ts';
import { decodeRecords, encodeRecords, RecordFormatError, type KvRecord } from './records.ts';

/** the most writes one commit carries */
const groupMax = 4096;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : value === null ? 'null' : typeof value;
}

function expectString(method: string, what: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`kv-wal.${method}: expected ${what} as a string, got ${describe(value)}`);
  return value;
}

class WalStore implements KvStore {
  readonly recovery: RecoveryReport;
  readonly #map: Map<string, string>;
  readonly #log: WriteAheadLog;
  readonly #commits: GroupCommitter<KvRecord, boolean>;
  #closed = false;

  constructor(log: WriteAheadLog, map: Map<string, string>, recovery: RecoveryReport) {
    this.#log = log;
    this.#map = map;
    this.recovery = recovery;
    this.#commits = new GroupCommitter<KvRecord, boolean>(
      {
        persist: (records) => log.commit(encodeRecords(records)),
        apply: (record) => applyRecord(map, record),
      },
      groupMax,
    );
  }

  async get(key: string): Promise<string | undefined> {
    this.#checkOpen('get');
    return this.#map.get(expectString('get', 'key', key));
  }

  async set(key: string, value: string): Promise<void> {
    this.#checkOpen('set');
    const record: KvRecord = { kind: 'set', key: expectString('set', 'key', key), value: expectString('set', 'value', value) };
    await this.#commits.submit(record);
  }

  async delete(key: string): Promise<boolean> {
    this.#checkOpen('delete');
    return this.#commits.submit({ kind: 'delete', key: expectString('delete', 'key', key) });
  }

  async entries(): Promise<[string, string][]> {
    this.#checkOpen('entries');
    return [...this.#map].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  }

  async compact(): Promise<void> {
    this.#checkOpen('compact');
    return this.#commits.exclusive(() => {
      const records: KvRecord[] = [...this.#map].map(([key, value]) => ({ kind: 'set', key, value }));
      return this.#log.compact(encodeRecords(records));
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#commits.settled();
    await this.#log.close();
  }

  #checkOpen(method: string): void {
    if (this.#closed) throw new Error(`kv-wal.${method}: the store is closed`);
  }
}

/** applies a durable record; a delete says whether the key was there */
function applyRecord(map: Map<string, string>, record: KvRecord): boolean {
  if (record.kind === 'set') {
    map.set(record.key, record.value);
    return true;
  }
  return map.delete(record.key);
}

export async function openKvStore(options: KvWalOptions): Promise<KvStore> {
  const disk = diskFromOptions('kv-wal', options);
  const { log, recovered } = await WriteAheadLog.open(disk, 'kv');
  const map = new Map<string, string>();
  let recordsReplayed = 0;
  try {
    if (recovered.snapshot !== undefined) for (const record of decodeRecords(recovered.snapshot)) applyRecord(map, record);
    for (const payload of recovered.payloads) {
      for (const record of decodeRecords(payload)) {
        applyRecord(map, record);
        recordsReplayed += 1;
      }
    }
  } catch (error) {
    await log.close();
    // a frame whose checksum holds but whose records do not parse was written wrong: refuse it
    if (error instanceof RecordFormatError) throw new LogCorruptionError(`kv-wal: a committed record does not parse: ${error.message}`);
    throw error;
  }
  return new WalStore(log, map, {
    recordsReplayed,
    snapshotLoaded: recovered.snapshot !== undefined,
    tail: recovered.tail,
    tailBytesDiscarded: recovered.tailBytesDiscarded,
  });
}
