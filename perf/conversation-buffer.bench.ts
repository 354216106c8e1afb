// Performance gates of conversation-buffer. SYSTEMS.md names no peer, so the baseline is the
// seed's own approach in TypeScript: an array that shifts out its oldest message, and a token
// count that re-runs countTokens over every kept message on each call (no tokenizer caching).

import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUint32 } from '../harness/random.ts';
import createConversationBuffer from '../impl/conversation-buffer.ts';
import type { Message } from '../spec/conversation-buffer.ts';

const maxTurns = 50;
const turnsPerRun = 10_000;
const vocabulary = ['the', 'model', 'token', 'buffer', 'user', 'asks', 'about', 'a', 'deque', 'window', 'answer', 'context'];

/** message contents of 5 to 60 words, the same on every run */
function contents(seed: number, count: number): string[] {
  const next = seededUint32(seed);
  return Array.from({ length: count }, () => {
    const words = 5 + (next() % 56);
    return Array.from({ length: words }, () => vocabulary[next() % vocabulary.length] as string).join(' ');
  });
}

/** a stand-in tokenizer: one token per space-separated word, counted by a scan of the text */
function countWords(content: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < content.length; index++) {
    const isSpace = content.charCodeAt(index) === 32;
    if (!isSpace && !inWord) words++;
    inWord = !isSpace;
  }
  return words;
}

/** The seed's ConversationBuffer: deque(maxlen) as push and shift, token_count re-summing. */
class SeedConversationBuffer {
  #messages: Message[] = [];

  constructor(
    readonly maxTurns: number,
    readonly countTokens: (content: string) => number,
  ) {}

  add(role: string, content: string): void {
    this.#messages.push({ role, content });
    if (this.#messages.length > this.maxTurns) this.#messages.shift();
  }

  /** list(self._messages), with fresh message objects as the contract asks */
  getMessages(): Message[] {
    return this.#messages.map(({ role, content }) => ({ role, content }));
  }

  tokenCount(): number {
    let total = 0;
    for (const message of this.#messages) total += this.countTokens(message.content);
    return total;
  }
}

/** what a chat loop reads after each add: the token budget, or the budget and the prompt */
type Turn = 'tokenCount' | 'tokenCount, getMessages';

// Separate loops per subject keep each loop's call sites monomorphic.
function oursSubject(texts: readonly string[], read: Turn): Subject {
  const buffer = createConversationBuffer({ maxTurns, countTokens: countWords });
  return {
    name: `touchstone conversation-buffer (add, ${read})`,
    workPerRun: turnsPerRun,
    run() {
      let checksum = 0;
      for (let turn = 0; turn < turnsPerRun; turn++) {
        buffer.add(turn % 2 === 0 ? 'user' : 'assistant', texts[turn % texts.length] as string);
        checksum += buffer.tokenCount();
        if (read !== 'tokenCount') checksum += buffer.getMessages().length;
      }
      return checksum;
    },
  };
}

function seedSubject(texts: readonly string[], read: Turn): Subject {
  const buffer = new SeedConversationBuffer(maxTurns, countWords);
  return {
    name: `seed's array buffer (add, ${read})`,
    workPerRun: turnsPerRun,
    run() {
      let checksum = 0;
      for (let turn = 0; turn < turnsPerRun; turn++) {
        buffer.add(turn % 2 === 0 ? 'user' : 'assistant', texts[turn % texts.length] as string);
        checksum += buffer.tokenCount();
        if (read !== 'tokenCount') checksum += buffer.getMessages().length;
      }
      return checksum;
    },
  };
}

export default defineGates('conversation-buffer', (): Gate[] => {
  const texts = contents(20_261_121, 997);
  return [
    {
      // the seed counts every kept message again per call: ours counts each once, at add
      kind: 'ratio',
      name: 'chat turns: add, then check the token budget',
      unit: 'turns',
      ours: oursSubject(texts, 'tokenCount'),
      baseline: seedSubject(texts, 'tokenCount'),
      minRatio: 5,
    },
    {
      // both copy the 50 kept messages per turn too, which narrows the gap
      kind: 'ratio',
      name: 'chat turns: add, check the token budget, read the messages for the prompt',
      unit: 'turns',
      ours: oursSubject(texts, 'tokenCount, getMessages'),
      baseline: seedSubject(texts, 'tokenCount, getMessages'),
      minRatio: 3,
    },
  ];
});
