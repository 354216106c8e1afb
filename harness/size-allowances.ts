// The ratchet's exceptions: files longer than 400 lines and files whose longest function is
// longer than 70, each with the most it may have today. This list may only shrink — lower a
// number when a file is split, delete an entry when it fits the limit (harness/size-ratchet.test.ts
// says when), and never add one: split the file or the function instead.

/** a source or test file's most lines */
export const fileLinesLimit = 400;
/** a function's most lines, from its first line to its last */
export const functionLinesLimit = 70;

export const fileLinesAllowed: Readonly<Record<string, number>> = {
  'properties/dedupe-stream.test.ts': 402,
  'properties/lru-cache.test.ts': 430,
};

/** per file, the most lines its longest function may have */
export const functionLinesAllowed: Readonly<Record<string, number>> = {
  'cli/grade.ts': 77,
  'fixtures/broken/kv-wal/replays-torn-record.ts': 92,
  'harness/concurrent.test.ts': 80,
  'harness/disk/crash.test.ts': 219,
  'harness/disk/explore.test.ts': 136,
  'harness/disk/simulated-disk.test.ts': 205,
  'harness/history.test.ts': 72,
  'properties/bank/misuse.ts': 72,
  'properties/dedupe-stream/corners.ts': 79,
  'properties/object-size/corners.ts': 77,
  'properties/producer-consumer/ring.ts': 71,
};
