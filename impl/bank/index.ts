// bank, the reference implementation: a ledger behind a single-writer commit pipeline, made
// durable by kv-wal's write-ahead log (group commit, CRC frames, crash-safe snapshots).

export { openBank as default } from './bank.ts';
