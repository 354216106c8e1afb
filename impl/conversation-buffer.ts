// Reference conversation buffer: a ring of kept messages beside a ring of their token counts, and
// a running token total, so add and tokenCount are O(1) and each message is counted once. The
// rings grow by push until they hold maxTurns, so a large maxTurns costs nothing until it fills.

import {
  defaultMaxTurns,
  maxTurnsMax,
  tokensPerMessageMax,
  type ConversationBuffer,
  type ConversationBufferOptions,
  type CreateConversationBuffer,
  type Message,
} from '../spec/conversation-buffer.ts';

/** a misused argument for an error message; never throws, even for a prototype-free object */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function checkOptions(options: unknown): { maxTurns: number; countTokens: (content: string) => number } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`conversation-buffer.create: expected an options object, got ${describe(options)}`);
  }
  const { maxTurns = defaultMaxTurns, countTokens } = options as Partial<Record<keyof ConversationBufferOptions, unknown>>;
  if (typeof countTokens !== 'function') {
    throw new TypeError(`conversation-buffer.create: expected countTokens to be a function, got ${describe(countTokens)}`);
  }
  if (typeof maxTurns !== 'number' || !Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > maxTurnsMax) {
    throw new RangeError(`conversation-buffer.create: expected maxTurns to be an integer from 1 to ${maxTurnsMax}, got ${describe(maxTurns)}`);
  }
  return { maxTurns, countTokens: countTokens as (content: string) => number };
}

function copyOf(message: Message): Message {
  return { role: message.role, content: message.content };
}

class RingConversationBuffer implements ConversationBuffer {
  readonly maxTurns: number;
  readonly #countTokens: (content: string) => number;
  /** our own records: callers only ever see copies */
  #messages: Message[] = [];
  #tokens: number[] = [];
  /** index of the oldest message once the ring is full; 0 while it is filling */
  #oldest = 0;
  /** exact: at most maxTurnsMax counts below 2^32 sum to less than 2^53 */
  #tokenTotal = 0;

  constructor(options: ConversationBufferOptions) {
    const { maxTurns, countTokens } = checkOptions(options);
    this.maxTurns = maxTurns;
    this.#countTokens = countTokens;
  }

  get size(): number {
    return this.#messages.length;
  }

  add(role: string, content: string): void {
    if (typeof role !== 'string') throw new TypeError(`conversation-buffer.add: expected role to be a string, got ${describe(role)}`);
    if (typeof content !== 'string') {
      throw new TypeError(`conversation-buffer.add: expected content to be a string, got ${describe(content)}`);
    }
    // counted before anything changes, so a counter that throws or lies leaves the buffer as it was
    const countTokens = this.#countTokens; // called as a plain function, not a method of ours
    const tokens: unknown = countTokens(content);
    if (typeof tokens !== 'number' || !Number.isInteger(tokens) || tokens < 0 || tokens > tokensPerMessageMax) {
      throw new RangeError(
        `conversation-buffer.add: expected countTokens to return an integer from 0 to ${tokensPerMessageMax}, got ${describe(tokens)}`,
      );
    }
    if (this.#messages.length < this.maxTurns) {
      this.#messages.push({ role, content });
      this.#tokens.push(tokens);
      this.#tokenTotal += tokens;
      return;
    }
    const slot = this.#oldest;
    this.#tokenTotal += tokens - (this.#tokens[slot] as number);
    this.#messages[slot] = { role, content };
    this.#tokens[slot] = tokens;
    this.#oldest = slot + 1 === this.maxTurns ? 0 : slot + 1;
  }

  getMessages(): Message[] {
    const kept = this.#messages;
    const copies: Message[] = [];
    // oldest to the end of the ring, then from its start up to the oldest
    for (let slot = this.#oldest; slot < kept.length; slot++) copies.push(copyOf(kept[slot] as Message));
    for (let slot = 0; slot < this.#oldest; slot++) copies.push(copyOf(kept[slot] as Message));
    return copies;
  }

  tokenCount(): number {
    return this.#tokenTotal;
  }

  clear(): void {
    this.#messages = [];
    this.#tokens = [];
    this.#oldest = 0;
    this.#tokenTotal = 0;
  }
}

const createConversationBuffer: CreateConversationBuffer = (options) => new RingConversationBuffer(options);
export default createConversationBuffer;
