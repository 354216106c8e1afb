// The misuse check producer-consumer's suites share (DESIGN rule 6): a call that must throw
// throws the named error class with "producer-consumer.<method>: expected <what>, got <value>",
// checked by its shape (system and method named, "expected", "got"), not its exact wording.
// A candidate for harness/: every system checks this shape.

import { expect } from 'vitest';
import type { Suite } from '../../harness/suite.ts';
import type { producerConsumerSpec } from '../../spec/producer-consumer.ts';

type Rule = keyof typeof producerConsumerSpec.rules;

export async function expectMisuse(
  suite: Suite<typeof producerConsumerSpec>,
  rule: Rule,
  errorClass: typeof RangeError | typeof TypeError,
  method: string,
  call: () => unknown,
): Promise<void> {
  let thrown: unknown;
  try {
    await call();
  } catch (error) {
    thrown = error;
  }
  suite.rule(rule, () => {
    expect(thrown, `${method}: misuse must throw ${errorClass.name}`).toBeInstanceOf(errorClass);
    expect((thrown as Error).message, `${method}: the message names the system and method, what was expected and what came`).toMatch(new RegExp(`^producer-consumer\\.${method}: expected .+, got .+`, 's'));
  });
}
