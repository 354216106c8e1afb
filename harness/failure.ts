// What a call into an implementation failed with, for checks of misuse (house rule 6): a
// synchronous implementation throws, an async one rejects, and a check must accept both.

/** what calling action throws or rejects with; undefined when it returns normally */
export async function failureOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}
