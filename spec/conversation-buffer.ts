// conversation-buffer: the last maxTurns chat messages and their token count, like the seed's
// ConversationBuffer (a deque(maxlen=max_turns) summed with count_tokens). The token counter is
// injected; the model is an array that shifts its oldest message out, the simplest thing that could be right.

import { defineSpec } from '../harness/spec.ts';

/** the most messages a buffer may be asked to keep: a bound on its memory */
export const maxTurnsMax = 1_000_000;
/** the largest count countTokens may return, so a full buffer's total stays an exact integer */
export const tokensPerMessageMax = 4_294_967_295;
/** the seed's default max_turns */
export const defaultMaxTurns = 10;

export interface Message {
  readonly role: string;
  readonly content: string;
}

export interface ConversationBufferOptions {
  /** how many of the latest messages to keep: an integer from 1 to maxTurnsMax; defaults to 10 */
  readonly maxTurns?: number;
  /** the number of tokens in a message's content: an integer from 0 to tokensPerMessageMax */
  readonly countTokens: (content: string) => number;
}

export interface ConversationBuffer {
  /** appends a message, dropping the oldest when more than maxTurns would be kept */
  add(role: string, content: string): void;
  /** the kept messages, oldest first, as new objects in a new array */
  getMessages(): Message[];
  /** the sum of the kept messages' token counts */
  tokenCount(): number;
  clear(): void;
  /** the number of kept messages */
  readonly size: number;
  readonly maxTurns: number;
}

export type CreateConversationBuffer = (options: ConversationBufferOptions) => ConversationBuffer;

export interface ConversationBufferModule {
  readonly default: CreateConversationBuffer;
}

export const conversationBufferSpec = defineSpec({
  id: 'conversation-buffer',
  title: 'Conversation buffer: the last N messages and their token count',
  rules: {
    'CB-1': 'getMessages returns the last min(n, maxTurns) of the n messages added since creation or the last clear, oldest first, each with the role and content given to add (maxTurns defaults to 10).',
    'CB-2': 'size equals the number of kept messages: min(n, maxTurns), never more than maxTurns.',
    'CB-3': 'tokenCount equals the sum of the counts countTokens returned for the kept messages, and 0 when none are kept.',
    'CB-4': 'countTokens is called exactly once per accepted add, with that message\'s content, and never by tokenCount, getMessages or size.',
    'CB-5': 'getMessages returns a new array of new message objects: changing it, or later adds, leave the buffer and earlier results unchanged.',
    'CB-6': 'clear removes every message and makes tokenCount 0; maxTurns is unchanged and the buffer fills again as if new.',
    'CB-7': 'create rejects options that are not an object or a countTokens that is not a function with a TypeError, and a maxTurns that is not an integer from 1 to 1000000 with a RangeError, each "conversation-buffer.create: expected ...".',
    'CB-8': 'add rejects a role or content that is not a string with a TypeError and a count that is not an integer from 0 to 4294967295 with a RangeError ("conversation-buffer.add: expected ..."), rethrows what countTokens throws unchanged, and after any rejected add the buffer is as before.',
  },
  exports: ['default'],
  smoke(module: ConversationBufferModule) {
    const buffer = module.default({ maxTurns: 2, countTokens: (content) => content.length });
    buffer.add('user', 'hello');
    return buffer.tokenCount();
  },
});

interface ModelMessage extends Message {
  readonly tokens: number;
}

/** The model: an array of the kept messages, oldest first, each with the count it was given. */
export class ConversationBufferModel {
  #messages: ModelMessage[] = [];

  constructor(readonly maxTurns: number = defaultMaxTurns) {
    if (!Number.isSafeInteger(maxTurns) || maxTurns < 1) throw new RangeError(`model maxTurns ${maxTurns}`);
  }

  add(role: string, content: string, tokens: number): void {
    this.#messages.push({ role, content, tokens });
    if (this.#messages.length > this.maxTurns) this.#messages.shift();
  }

  getMessages(): Message[] {
    return this.#messages.map(({ role, content }) => ({ role, content }));
  }

  tokenCount(): number {
    return this.#messages.reduce((sum, message) => sum + message.tokens, 0);
  }

  get size(): number {
    return this.#messages.length;
  }

  clear(): void {
    this.#messages = [];
  }
}
