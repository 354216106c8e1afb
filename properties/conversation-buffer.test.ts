// Properties of conversation-buffer: a model-based run against the shifting array in spec/, then
// one focused property per behaviour. The token counter is a recording stand-in that returns
// generated counts, so the suite knows every count the buffer was told and every call it made.

import fc from 'fast-check';
import { expect } from 'vitest';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import {
  ConversationBufferModel,
  conversationBufferSpec,
  tokensPerMessageMax,
  type ConversationBuffer,
  type Message,
} from '../spec/conversation-buffer.ts';
import { keyString, largeSize, unicodeString } from '../harness/generators.ts';

const suite = await systemSuite(conversationBufferSpec);
const createConversationBuffer = suite.implementation.default;

/** A token counter that records its calls and answers from a script of counts, then by length. */
class RecordingCounter {
  readonly calls: string[] = [];
  /** what each call answered */
  readonly answers: number[] = [];
  #script: number[];

  constructor(script: readonly number[] = []) {
    this.#script = [...script];
  }

  readonly count = (content: string): number => {
    const answer = this.#script.shift() ?? content.length;
    this.calls.push(content);
    this.answers.push(answer);
    return answer;
  };
}

// roles that shadow Object.prototype names and content that is empty ('' is falsy), full
// Unicode or looks like another value ('0', 'false', 'undefined')
const roleArbitrary = fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool'), keyString(), fc.constant(''));
const contentArbitrary = fc.oneof(
  fc.constantFrom('', 'hi', 'hello world', 'How do I reset my password?', '0', 'false', 'undefined', '__proto__'),
  unicodeString({ maxLength: 12 }),
);
const messageArbitrary = fc.record({ role: roleArbitrary, content: contentArbitrary });
/** undefined: the seed's default of 10 */
const maxTurnsArbitrary = fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined });
/** counts the stand-in counter answers with, so a buffer cannot guess them from the content; 0 is common */
const scriptArbitrary = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50 }), fc.constant(tokensPerMessageMax)), { maxLength: 40 });

interface Model {
  readonly model: ConversationBufferModel;
  readonly counter: RecordingCounter;
  /** the contents countTokens should have been called with, in order */
  readonly expectedCalls: string[];
}
type Command = fc.AsyncCommand<Model, ConversationBuffer>;

async function expectModelState({ model, counter, expectedCalls }: Model, real: ConversationBuffer): Promise<void> {
  const messages = await real.getMessages();
  const tokens = await real.tokenCount();
  const size = await real.size;
  suite.rule('CB-4', () => expect(counter.calls, 'countTokens calls').toEqual(expectedCalls));
  suite.rule('CB-1', () => expect(messages).toEqual(model.getMessages()));
  suite.rule('CB-2', () => expect(size).toBe(model.size));
  suite.rule('CB-3', () => expect(tokens).toBe(model.tokenCount()));
}

const addCommand = messageArbitrary.map(({ role, content }): Command => ({
  check: () => true,
  async run(state, real) {
    const before = state.counter.calls.length;
    await real.add(role, content);
    // the count the buffer was told for this message: the first answer during this add
    const tokens = state.counter.answers[before] ?? Number.NaN;
    state.expectedCalls.push(content);
    state.model.add(role, content, tokens);
    await expectModelState(state, real);
  },
  toString: () => `add(${fc.stringify(role)}, ${fc.stringify(content)})`,
}));

const clearCommand = fc.constant<Command>({
  check: () => true,
  async run(state, real) {
    state.model.clear();
    await real.clear();
    const after = [await real.size, await real.tokenCount(), (await real.getMessages()).length];
    suite.rule('CB-6', () => expect(after, '[size, tokenCount, messages] after clear').toEqual([0, 0, 0]));
    await expectModelState(state, real);
  },
  toString: () => 'clear()',
});

suite.property(
  ['CB-1', 'CB-2', 'CB-3', 'CB-4', 'CB-6'],
  'agrees with the shifting-array model on any sequence of adds and clears',
  fc.asyncProperty(
    maxTurnsArbitrary,
    scriptArbitrary,
    replayableCommands([addCommand, addCommand, addCommand, addCommand, clearCommand], { maxCommands: 40 }),
    async (maxTurns, script, sequence) => {
      const setup = () => {
        const counter = new RecordingCounter(script);
        const state: Model = { model: new ConversationBufferModel(maxTurns), counter, expectedCalls: [] };
        const real = createConversationBuffer({ ...(maxTurns === undefined ? {} : { maxTurns }), countTokens: counter.count });
        return { model: state, real };
      };
      await fc.asyncModelRun(setup, sequence);
    },
  ),
);

// ---- focused properties, one behaviour each ----

const messagesArbitrary = fc.array(messageArbitrary, { maxLength: 25 });

function bufferWith(maxTurns: number | undefined, counter: RecordingCounter): ConversationBuffer {
  return createConversationBuffer({ ...(maxTurns === undefined ? {} : { maxTurns }), countTokens: counter.count });
}

suite.property(
  'CB-1',
  'keeps exactly the last maxTurns messages, oldest first, as given (10 without maxTurns)',
  fc.asyncProperty(maxTurnsArbitrary, messagesArbitrary, async (maxTurns, messages) => {
    const buffer = bufferWith(maxTurns, new RecordingCounter());
    for (const { role, content } of messages) await buffer.add(role, content);
    const kept = await buffer.getMessages();
    const expected = messages.slice(Math.max(0, messages.length - (maxTurns ?? 10)));
    suite.rule('CB-1', () => expect(kept).toEqual(expected));
  }),
);

suite.property(
  'CB-2',
  'size grows by one per add up to maxTurns and stays there',
  fc.asyncProperty(maxTurnsArbitrary, messagesArbitrary, async (maxTurns, messages) => {
    const buffer = bufferWith(maxTurns, new RecordingCounter());
    const reported = await buffer.maxTurns;
    suite.rule('CB-2', () => expect(reported).toBe(maxTurns ?? 10));
    for (const [index, { role, content }] of messages.entries()) {
      await buffer.add(role, content);
      const size = await buffer.size;
      suite.rule('CB-2', () => expect(size, `after ${index + 1} adds`).toBe(Math.min(index + 1, maxTurns ?? 10)));
    }
  }),
);

suite.property(
  'CB-3',
  'tokenCount is the sum of the counts given for the kept messages, whatever the content says',
  fc.asyncProperty(maxTurnsArbitrary, messagesArbitrary, scriptArbitrary, async (maxTurns, messages, script) => {
    const counter = new RecordingCounter(script);
    const buffer = bufferWith(maxTurns, counter);
    const counts: number[] = [];
    for (const [index, { role, content }] of messages.entries()) {
      await buffer.add(role, content);
      counts.push(script[index] ?? content.length);
      const expected = counts.slice(Math.max(0, counts.length - (maxTurns ?? 10))).reduce((sum, count) => sum + count, 0);
      const total = await buffer.tokenCount();
      suite.rule('CB-3', () => expect(total, `after ${index + 1} adds`).toBe(expected));
    }
    await buffer.clear();
    const cleared = await buffer.tokenCount();
    suite.rule('CB-3', () => expect(cleared).toBe(0));
  }),
);

type Read = 'tokenCount' | 'getMessages' | 'size';

suite.property(
  'CB-4',
  'countTokens is called once per add with its content, and never by reads',
  fc.asyncProperty(
    maxTurnsArbitrary,
    fc.array(fc.oneof(messageArbitrary, fc.constantFrom<Read>('tokenCount', 'getMessages', 'size')), { maxLength: 30 }),
    async (maxTurns, steps) => {
      const counter = new RecordingCounter();
      const buffer = bufferWith(maxTurns, counter);
      const expected: string[] = [];
      for (const step of steps) {
        if (step === 'tokenCount') await buffer.tokenCount();
        else if (step === 'getMessages') await buffer.getMessages();
        else if (step === 'size') await buffer.size;
        else {
          await buffer.add(step.role, step.content);
          expected.push(step.content);
        }
        suite.rule('CB-4', () => expect(counter.calls, `after ${typeof step === 'string' ? step : 'add'}`).toEqual(expected));
      }
    },
  ),
);

suite.property(
  'CB-5',
  'each getMessages is a fresh copy: mutating it or adding later changes no other copy',
  fc.asyncProperty(maxTurnsArbitrary, messagesArbitrary, messagesArbitrary, async (maxTurns, first, later) => {
    const buffer = bufferWith(maxTurns, new RecordingCounter());
    for (const { role, content } of first) await buffer.add(role, content);
    const snapshot = await buffer.getMessages();
    const copyOfSnapshot = snapshot.map((message) => ({ ...message }));
    const twin = await buffer.getMessages();
    suite.rule('CB-5', () => {
      expect(twin).not.toBe(snapshot);
      for (const [index, message] of twin.entries()) expect(message, `message ${index} is shared`).not.toBe(snapshot[index]);
    });
    // vandalise the first copy: the buffer and the twin must not notice
    for (const message of twin) (message as { role: string }).role = 'mallory';
    twin.push({ role: 'mallory', content: 'injected' });
    twin.reverse();
    const afterVandalism = await buffer.getMessages();
    suite.rule('CB-5', () => expect(afterVandalism).toEqual(copyOfSnapshot));
    for (const { role, content } of later) await buffer.add(role, content);
    suite.rule('CB-5', () => expect(snapshot, 'a snapshot taken before later adds').toEqual(copyOfSnapshot));
  }),
);

suite.property(
  'CB-6',
  'after clear the buffer is empty and fills again exactly like a new one',
  fc.asyncProperty(maxTurnsArbitrary, messagesArbitrary, messagesArbitrary, async (maxTurns, before, after) => {
    const buffer = bufferWith(maxTurns, new RecordingCounter());
    const fresh = bufferWith(maxTurns, new RecordingCounter());
    for (const { role, content } of before) await buffer.add(role, content);
    await buffer.clear();
    const cleared = [await buffer.size, await buffer.tokenCount(), await buffer.getMessages(), await buffer.maxTurns];
    suite.rule('CB-6', () => expect(cleared).toEqual([0, 0, [], maxTurns ?? 10]));
    for (const { role, content } of after) {
      await buffer.add(role, content);
      await fresh.add(role, content);
    }
    const state = async (target: ConversationBuffer): Promise<[number, number, Message[]]> => [await target.size, await target.tokenCount(), await target.getMessages()];
    const [refilled, reference] = [await state(buffer), await state(fresh)];
    suite.rule('CB-6', () => expect(refilled).toEqual(reference));
  }),
);

/** a count countTokens might wrongly return, each a RangeError for add */
const badCountArbitrary = fc.constantFrom(-1, 1.5, Number.NaN, Infinity, 4_294_967_296, '3' as unknown as number, null as unknown as number);

suite.property(
  'CB-8',
  'an add rejected for a bad count or a throwing counter leaves the buffer exactly as it was',
  fc.asyncProperty(
    maxTurnsArbitrary,
    fc.array(fc.tuple(messageArbitrary, fc.option(fc.oneof(badCountArbitrary, fc.constant('throw' as const)), { freq: 3, nil: undefined })), { maxLength: 20 }),
    async (maxTurns, steps) => {
      let answer: number | 'throw' | undefined;
      const failure = new Error('tokenizer offline');
      const countTokens = (content: string): number => {
        if (answer === 'throw') throw failure;
        return answer === undefined ? content.length : answer;
      };
      const buffer = createConversationBuffer({ ...(maxTurns === undefined ? {} : { maxTurns }), countTokens });
      const stateOf = async (): Promise<unknown[]> => [await buffer.getMessages(), await buffer.tokenCount(), await buffer.size];
      for (const [{ role, content }, bad] of steps) {
        answer = bad;
        const before = await stateOf();
        let caught: unknown;
        try {
          await buffer.add(role, content);
        } catch (error) {
          caught = error;
        }
        if (bad === undefined) continue;
        if (bad === 'throw') suite.rule('CB-8', () => expect(caught, "the counter's own error").toBe(failure));
        else suite.rule('CB-8', () => expect(caught, `a count of ${String(bad)}`).toBeInstanceOf(RangeError));
        const after = await stateOf();
        suite.rule('CB-8', () => expect(after, 'the buffer after a rejected add').toEqual(before));
      }
    },
  ),
);

// ---- sizes and the exact edge of the window ----

suite.property(
  ['CB-1', 'CB-2', 'CB-3'],
  'thousands of turns through a buffer of thousands: the ring wraps many times and still agrees with the model',
  fc.asyncProperty(
    fc.integer({ min: largeSize.min, max: largeSize.max }),
    fc.double({ min: 0.5, max: 3, noNaN: true }),
    fc.array(fc.oneof(fc.constant(0), fc.nat(1000), fc.constant(tokensPerMessageMax)), { minLength: 1, maxLength: 64 }),
    async (maxTurns, turnsPerSlot, counts) => {
      const turns = Math.round(maxTurns * turnsPerSlot);
      const model = new ConversationBufferModel(maxTurns);
      let call = 0;
      const countTokens = (): number => counts[call++ % counts.length] as number;
      const buffer = createConversationBuffer({ maxTurns, countTokens });
      for (let turn = 0; turn < turns; turn++) {
        const content = turn % 3 === 0 ? '' : `turn ${turn}`;
        model.add(turn % 2 === 0 ? 'user' : '__proto__', content, counts[turn % counts.length] as number);
        await buffer.add(turn % 2 === 0 ? 'user' : '__proto__', content);
      }
      const [messages, tokens, size] = [await buffer.getMessages(), await buffer.tokenCount(), await buffer.size];
      suite.rule('CB-1', () => expect(messages, `${turns} turns into ${maxTurns}`).toEqual(model.getMessages()));
      suite.rule('CB-3', () => expect(tokens).toBe(model.tokenCount()));
      suite.rule('CB-2', () => expect(size).toBe(model.size));
    },
  ),
  { runsMax: 4 },
);

suite.property(
  ['CB-1', 'CB-2', 'CB-3'],
  'exactly maxTurns messages are all kept; one more drops exactly the oldest',
  fc.asyncProperty(maxTurnsArbitrary, fc.array(messageArbitrary, { minLength: 11, maxLength: 11 }), scriptArbitrary, async (maxTurns, pool, script) => {
    const limit = maxTurns ?? 10;
    const counter = new RecordingCounter(script);
    const buffer = bufferWith(maxTurns, counter);
    const messages = pool.slice(0, limit + 1);
    for (const { role, content } of messages.slice(0, limit)) await buffer.add(role, content);
    const full = [await buffer.getMessages(), await buffer.size, await buffer.tokenCount()];
    const fullTokens = counter.answers.slice(0, limit).reduce((sum, count) => sum + count, 0);
    suite.rule('CB-1', () => expect(full[0], `${limit} adds into ${limit} turns`).toEqual(messages.slice(0, limit)));
    suite.rule('CB-2', () => expect(full[1]).toBe(limit));
    suite.rule('CB-3', () => expect(full[2]).toBe(fullTokens));
    const { role, content } = messages[limit] as Message;
    await buffer.add(role, content);
    const over = [await buffer.getMessages(), await buffer.size, await buffer.tokenCount()];
    const overTokens = counter.answers.slice(1, limit + 1).reduce((sum, count) => sum + count, 0);
    suite.rule('CB-1', () => expect(over[0], 'one add past full').toEqual(messages.slice(1, limit + 1)));
    suite.rule('CB-2', () => expect(over[1]).toBe(limit));
    suite.rule('CB-3', () => expect(over[2]).toBe(overTokens));
  }),
);
