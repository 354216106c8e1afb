// Worked examples of conversation-buffer: the seed's ConversationBuffer(max_turns=10) with a
// word-counting count_tokens, turn by turn, then edge cases a property rarely reaches on its own
// (one turn, the largest maxTurns, zero-token messages, odd text) and the misuse that must throw.

import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { conversationBufferSpec, type ConversationBufferOptions } from '../spec/conversation-buffer.ts';
import { failureOf } from '../harness/failure.ts';

const suite = await systemSuite(conversationBufferSpec);
const createConversationBuffer = suite.implementation.default;

/** the seed's count_tokens stand-in: whitespace-separated words */
const countWords = (content: string): number => content.split(/\s+/).filter((word) => word.length > 0).length;

suite.check(['CB-1', 'CB-2', 'CB-3'], "seed's ConversationBuffer(max_turns=10): twelve turns keep the last ten", async () => {
  const buffer = createConversationBuffer({ maxTurns: 10, countTokens: countWords });
  await buffer.add('system', 'You are a helpful assistant.');
  for (let turn = 1; turn <= 11; turn++) await buffer.add(turn % 2 === 1 ? 'user' : 'assistant', `message number ${turn}`);
  const messages = await buffer.getMessages();
  suite.rule('CB-1', () => {
    expect(messages[0], 'the system prompt and turn 1 were dropped').toEqual({ role: 'assistant', content: 'message number 2' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'message number 11' });
    expect(messages.map((message) => message.content)).toEqual(Array.from({ length: 10 }, (_, index) => `message number ${index + 2}`));
  });
  const size = await buffer.size;
  suite.rule('CB-2', () => expect(size).toBe(10));
  const tokens = await buffer.tokenCount();
  suite.rule('CB-3', () => expect(tokens, 'ten messages of three words').toBe(30));
});

suite.check(['CB-1', 'CB-3'], "seed's default max_turns is 10", async () => {
  const buffer = createConversationBuffer({ countTokens: countWords });
  for (let turn = 0; turn < 15; turn++) await buffer.add('user', `turn ${turn}`);
  const contents = (await buffer.getMessages()).map((message) => message.content);
  const tokens = await buffer.tokenCount();
  suite.rule('CB-1', () => expect(contents).toEqual(Array.from({ length: 10 }, (_, index) => `turn ${index + 5}`)));
  suite.rule('CB-3', () => expect(tokens).toBe(20));
});

suite.check(['CB-1', 'CB-3'], 'a short conversation: messages come back as given and tokens add up per turn', async () => {
  const buffer = createConversationBuffer({ maxTurns: 4, countTokens: countWords });
  const turns: [string, string, number][] = [
    ['system', 'Answer briefly.', 2],
    ['user', 'What is a deque?', 6],
    ['assistant', 'A double-ended queue.', 9],
  ];
  for (const [role, content, expectedTotal] of turns) {
    await buffer.add(role, content);
    const total = await buffer.tokenCount();
    suite.rule('CB-3', () => expect(total, `after "${content}"`).toBe(expectedTotal));
  }
  const messages = await buffer.getMessages();
  suite.rule('CB-1', () => expect(messages).toEqual(turns.map(([role, content]) => ({ role, content }))));
});

suite.check(['CB-1', 'CB-2', 'CB-3'], 'maxTurns 1 keeps only the latest message and its count', async () => {
  const buffer = createConversationBuffer({ maxTurns: 1, countTokens: countWords });
  await buffer.add('user', 'one two three');
  await buffer.add('assistant', 'four');
  const state = [await buffer.getMessages(), await buffer.size, await buffer.tokenCount()];
  suite.rule('CB-1', () => expect(state[0]).toEqual([{ role: 'assistant', content: 'four' }]));
  suite.rule('CB-2', () => expect(state[1]).toBe(1));
  suite.rule('CB-3', () => expect(state[2]).toBe(1));
});

suite.check(['CB-1', 'CB-3'], 'empty content, zero-token messages and unusual text are kept verbatim', async () => {
  const buffer = createConversationBuffer({ maxTurns: 5, countTokens: countWords });
  const odd = ['', '   ', '👋 héllo\nwörld', 'a\u0000b', '__proto__'];
  for (const content of odd) await buffer.add(content === '__proto__' ? '__proto__' : 'user', content);
  const contents = (await buffer.getMessages()).map((message) => message.content);
  const tokens = await buffer.tokenCount();
  suite.rule('CB-1', () => expect(contents).toEqual(odd));
  suite.rule('CB-3', () => expect(tokens).toBe(0 + 0 + 3 + 1 + 1));
});

suite.check(['CB-2', 'CB-3'], 'the largest maxTurns is accepted and a count of 4294967295 per message stays exact', async () => {
  const buffer = createConversationBuffer({ maxTurns: 1_000_000, countTokens: () => 4_294_967_295 });
  for (let turn = 0; turn < 1000; turn++) await buffer.add('user', 'x');
  const [size, tokens] = [await buffer.size, await buffer.tokenCount()];
  suite.rule('CB-2', () => expect(size).toBe(1000));
  suite.rule('CB-3', () => expect(tokens).toBe(4_294_967_295_000));
});

suite.check('CB-7', 'create rejects a bad maxTurns with a RangeError and bad shapes with a TypeError', async () => {
  for (const maxTurns of [0, -1, 1.5, Number.NaN, Infinity, 1_000_001, '10', null]) {
    const options = { maxTurns, countTokens: countWords } as unknown as ConversationBufferOptions;
    await expectMisuse(suite, 'CB-7', { call: () => createConversationBuffer(options), classes: RangeError, method: 'create' });
  }
  for (const options of [null, undefined, 10, 'options', {}, { maxTurns: 3 }, { countTokens: 'words' }]) {
    await expectMisuse(suite, 'CB-7', { call: () => createConversationBuffer(options as unknown as ConversationBufferOptions), classes: TypeError, method: 'create' });
  }
});

suite.check('CB-8', 'add rejects a role or content that is not a string, and a bad count, leaving the buffer alone', async () => {
  let nextCount: unknown = 1;
  const buffer = createConversationBuffer({ maxTurns: 3, countTokens: () => nextCount as number });
  await buffer.add('user', 'kept');
  for (const [role, content] of [[1, 'x'], ['user', 2], [null, 'x'], ['user', undefined], [{}, []]] as const) {
    await expectMisuse(suite, 'CB-8', { call: () => buffer.add(role as unknown as string, content as unknown as string), classes: TypeError, method: 'add' });
  }
  for (const count of [-1, 0.5, Number.NaN, 4_294_967_296, '2', undefined]) {
    nextCount = count;
    await expectMisuse(suite, 'CB-8', { call: () => buffer.add('user', 'counted wrong'), classes: RangeError, method: 'add' });
  }
  const state = [await buffer.getMessages(), await buffer.tokenCount()];
  suite.rule('CB-8', () => expect(state).toEqual([[{ role: 'user', content: 'kept' }], 1]));
});

suite.check('CB-8', 'an error thrown by countTokens reaches the caller unchanged and nothing is added', async () => {
  const outage = new Error('tokenizer unavailable');
  const buffer = createConversationBuffer({
    maxTurns: 2,
    countTokens: (content) => {
      if (content === 'boom') throw outage;
      return 1;
    },
  });
  await buffer.add('user', 'a');
  await buffer.add('user', 'b');
  const error = await failureOf(() => buffer.add('user', 'boom'));
  const state = [(await buffer.getMessages()).map((message) => message.content), await buffer.tokenCount()];
  suite.rule('CB-8', () => {
    expect(error).toBe(outage);
    expect(state, 'the oldest message was not dropped for a failed add').toEqual([['a', 'b'], 2]);
  });
});

/** values whose spelling after "got" has one obvious form, and those that must merely be named */
const spelled: readonly [unknown, RegExp][] = [
  [0, /got 0$/], [-1, /got -1$/], [1.5, /got 1\.5$/], [Number.NaN, /got NaN$/], [null, /got null$/], [undefined, /got undefined$/],
  [true, /got true$/], ['10', /got "?10"?$/], ['ten turns please, '.repeat(5), /got .*ten turns/],
  [{}, /got .+$/], [[3], /got .+$/], [Object.create(null), /got .+$/], [() => 3, /got .+$/],
];

suite.check(['CB-7', 'CB-8'], 'each misuse message ends by showing the value it got, even a prototype-free object', async () => {
  for (const [index, [value, got]] of spelled.entries()) {
    const label = `value ${index}`; // String() of a prototype-free object throws
    const numeric = typeof value === 'number';
    const maxTurns = await failureOf(() => createConversationBuffer({ maxTurns: value, countTokens: countWords } as unknown as ConversationBufferOptions));
    // an absent maxTurns is the default of 10, not a mistake
    if (value !== undefined && !(numeric && Number.isInteger(value) && (value as number) >= 1)) {
      suite.rule('CB-7', () => expect((maxTurns as Error).message, `maxTurns ${label}`).toMatch(got));
    }
    if (typeof value !== 'function') {
      const counter = await failureOf(() => createConversationBuffer({ countTokens: value } as unknown as ConversationBufferOptions));
      suite.rule('CB-7', () => expect((counter as Error).message, `countTokens ${label}`).toMatch(got));
    }
    if (typeof value !== 'object' || value === null) {
      const options = await failureOf(() => createConversationBuffer(value as unknown as ConversationBufferOptions));
      suite.rule('CB-7', () => expect((options as Error).message, `options ${label}`).toMatch(got));
    }
    const buffer = createConversationBuffer({ countTokens: () => value as number });
    if (typeof value !== 'string') {
      const role = await failureOf(() => buffer.add(value as string, 'x'));
      const content = await failureOf(() => buffer.add('user', value as string));
      suite.rule('CB-8', () => {
        expect((role as Error).message, 'role').toMatch(got);
        expect((content as Error).message, 'content').toMatch(got);
      });
    }
    if (!(numeric && Number.isInteger(value) && (value as number) >= 0)) {
      const count = await failureOf(() => buffer.add('user', 'x'));
      suite.rule('CB-8', () => {
        expect(count, `a count of ${label}`).toBeInstanceOf(RangeError);
        expect((count as Error).message).toMatch(got);
      });
    }
  }
});
