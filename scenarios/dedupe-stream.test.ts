// Worked examples of dedupe-stream: the seed's deduplicate_stream(documents) with its
// hash_document and its module-wide seen set, then edge cases a property rarely reaches (an
// async generator closed by break, awkward strings, a long stream in bounded memory, misuse).

import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { collect, dedupeStreamSpec, drain } from '../spec/dedupe-stream.ts';

const suite = await systemSuite(dedupeStreamSpec);
const createDedupeStream = suite.implementation.default;

interface Document {
  readonly id: string;
  readonly text: string;
}

/** the seed's hash_document: a digest of the document's text, whatever its id */
const hashDocument = (document: Document): string => createHash('sha256').update(document.text).digest('hex');

const documents: readonly Document[] = [
  { id: 'd1', text: 'Paris is the capital of France.' },
  { id: 'd2', text: 'Berlin is the capital of Germany.' },
  { id: 'd3', text: 'Paris is the capital of France.' },
  { id: 'd4', text: 'Madrid is the capital of Spain.' },
  { id: 'd5', text: 'Berlin is the capital of Germany.' },
];

suite.check(['DDS-1', 'DDS-2'], "seed's deduplicate_stream keeps the first document of each text hash", async () => {
  const deduper = await createDedupeStream<Document>({ hash: hashDocument });
  const kept = await collect(await deduper.dedupe(documents));
  suite.rule('DDS-2', () => expect(kept.map((document) => document.id)).toEqual(['d1', 'd2', 'd4']));
  suite.rule('DDS-1', () => expect(kept[0]).toBe(documents[0]));
});

suite.check('DDS-4', "seed's seen_documents outlives one call: a second stream drops what the first saw", async () => {
  const deduper = await createDedupeStream<Document>({ hash: hashDocument });
  await collect(await deduper.dedupe(documents.slice(0, 2)));
  const later = await collect(await deduper.dedupe(documents.slice(2)));
  suite.rule('DDS-4', () => expect(later.map((document) => document.id)).toEqual(['d4']));
  const other = await createDedupeStream<Document>({ hash: hashDocument });
  const fresh = await collect(await other.dedupe(documents.slice(2)));
  suite.rule('DDS-4', () => expect(fresh.map((document) => document.id)).toEqual(['d3', 'd4', 'd5']));
});

suite.check(['DDS-9', 'DDS-10'], 'an async generator of documents is consumed lazily and closed by break', async () => {
  const produced: string[] = [];
  let closed = false;
  async function* feed(): AsyncGenerator<Document> {
    try {
      for (let round = 0; round < 1000; round++) {
        for (const document of documents) {
          produced.push(document.id);
          yield document;
        }
      }
    } finally {
      closed = true;
    }
  }
  const deduper = await createDedupeStream<Document>({ hash: hashDocument });
  const kept: string[] = [];
  for await (const document of await deduper.dedupe(feed())) {
    kept.push(document.id);
    if (kept.length === 2) break;
  }
  suite.rule('DDS-9', () => expect(produced, 'pulled only up to the second keep').toEqual(['d1', 'd2']));
  suite.rule('DDS-10', () => expect(closed).toBe(true));
});

suite.check('DDS-3', 'by default 1 and "1" differ, 0 and -0 agree, and key order does not matter', async () => {
  const deduper = await createDedupeStream<unknown>();
  const items: unknown[] = [1, '1', 0, -0, { a: 1, b: [2, { c: 3, d: null }] }, { b: [2, { d: null, c: 3 }], a: 1 }, [1, 2], [2, 1], 'true', true, null, 'null'];
  const kept = await collect(await deduper.dedupe(items));
  suite.rule('DDS-3', () => expect(kept).toEqual([1, '1', 0, { a: 1, b: [2, { c: 3, d: null }] }, [1, 2], [2, 1], 'true', true, null, 'null']));
});

suite.check('DDS-3', 'strings named like Object.prototype members are ordinary content', async () => {
  const deduper = await createDedupeStream<string>();
  const names = ['__proto__', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'constructor', ''];
  const kept = await collect(await deduper.dedupe(names));
  suite.rule('DDS-3', () => expect(kept).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '']));
  const fresh = await createDedupeStream<unknown>();
  const objects = [JSON.parse('{"__proto__": 1}') as unknown, {}, JSON.parse('{"__proto__": 1}') as unknown];
  const keptObjects = await collect(await fresh.dedupe(objects));
  suite.rule('DDS-3', () => expect(keptObjects.length, 'an own "__proto__" key is content too').toBe(2));
});

suite.check(['DDS-6', 'DDS-7', 'DDS-8'], 'recent mode streams 100 000 items in a memory of 1 000 hashes', async () => {
  const deduper = await createDedupeStream<string>({ mode: 'recent', maxHashes: 1000 });
  // ids 0..1999 repeated: each id comes back after 2000 others, beyond the memory, so all pass
  const items = Array.from({ length: 100_000 }, (_, index) => `id-${index % 2000}`);
  let kept = 0;
  for (const item of await deduper.dedupe(items)) if (item.length > 0) kept++;
  const size = await deduper.size;
  suite.rule('DDS-7', () => expect(kept).toBe(100_000));
  suite.rule('DDS-8', () => expect(size).toBe(1000));
  // ids 0..499 repeated: they fit in the memory, so only the first 500 pass
  const small = await createDedupeStream<string>({ mode: 'recent', maxHashes: 1000 });
  const keptSmall = await collect(await small.dedupe(Array.from({ length: 100_000 }, (_, index) => `id-${index % 500}`)));
  suite.rule('DDS-6', () => expect(keptSmall.length).toBe(500));
});

suite.check('DDS-7', 'a duplicate refreshes its hash: a hot id stays remembered while cold ones are forgotten', async () => {
  const deduper = await createDedupeStream<string>({ mode: 'recent', maxHashes: 2 });
  const kept = await collect(await deduper.dedupe(['hot', 'a', 'hot', 'b', 'hot', 'c', 'a', 'hot']));
  // memory after each: [hot] [hot a] [a hot] [hot b] [b hot] [hot c] [c a] [a hot]
  suite.rule('DDS-7', () => expect(kept).toEqual(['hot', 'a', 'b', 'c', 'a', 'hot']));
});

suite.check(['DDS-4', 'DDS-5', 'DDS-8'], 'exact mode at its limit fails on the first new hash, keeps failing, and recovers after clear', async () => {
  const deduper = await createDedupeStream<string>({ maxHashes: 3 });
  const first = await drain(await deduper.dedupe(['a', 'b', 'a', 'c', 'b', 'd', 'e']));
  suite.rule('DDS-8', () => {
    expect(first.items).toEqual(['a', 'b', 'c']);
    expect(first.error).toBeInstanceOf(RangeError);
    expect((first.error as Error).message).toMatch(/^dedupe-stream\.dedupe: expected .*, got /);
  });
  const duplicatesOnly = await collect(await deduper.dedupe(['c', 'a', 'b']));
  suite.rule('DDS-4', () => expect(duplicatesOnly, 'hashes a full memory knows still drop quietly in a later stream').toEqual([]));
  await deduper.clear();
  const afterClear = await collect(await deduper.dedupe(['d', 'e', 'd']));
  const state = [await deduper.size, await deduper.has('d'), await deduper.has('a')];
  suite.rule('DDS-5', () => {
    expect(afterClear).toEqual(['d', 'e']);
    expect(state).toEqual([2, true, false]);
  });
});

suite.check('DDS-5', 'a fresh deduper is empty and reports its options', async () => {
  const deduper = await createDedupeStream<string>({ mode: 'recent', maxHashes: 7 });
  const state = [await deduper.size, await deduper.maxHashes, await deduper.mode, await deduper.has('anything')];
  suite.rule('DDS-5', () => expect(state).toEqual([0, 7, 'recent', false]));
  const defaults = await createDedupeStream<string>();
  const defaultState = [await defaults.maxHashes, await defaults.mode];
  suite.rule('DDS-5', () => expect(defaultState).toEqual([1_000_000, 'exact']));
});

suite.check('DDS-9', 'an empty source, a source of one and a source of one item repeated', async () => {
  const deduper = await createDedupeStream<string>();
  const empty = await collect(await deduper.dedupe([]));
  const one = await collect(await deduper.dedupe(['only']));
  const repeated = await collect(await deduper.dedupe(Array<string>(1000).fill('same')));
  suite.rule('DDS-9', () => expect([empty, one, repeated]).toEqual([[], ['only'], ['same']]));
});

suite.check('DDS-11', 'misuse messages name the system, the method and the value', async () => {
  const create = createDedupeStream as (options?: unknown) => { dedupe(source: unknown): unknown };
  const either = [TypeError, RangeError];
  await expectMisuse(suite, 'DDS-11', { call: () => create({ maxHashes: 0 }), classes: either, value: 0, mentions: /got 0$/ });
  await expectMisuse(suite, 'DDS-11', { call: () => create({ mode: 'lru' }), classes: either, value: 'lru', mentions: /got "lru"$/ });
  await expectMisuse(suite, 'DDS-11', { call: () => create({ hash: 'sha256' }), classes: TypeError, format: 'system named' });
  await expectMisuse(suite, 'DDS-11', { call: async () => (await create()).dedupe(42), classes: TypeError, method: 'dedupe', value: 42, mentions: /got 42$/ });
});
