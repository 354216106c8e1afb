// kv-wal, the reference implementation: a Map made durable by a CRC-framed write-ahead log with
// group commit and crash-safe compaction, on any Disk (the real file system by default).

export { openKvStore as default } from './store.ts';
