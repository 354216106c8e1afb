// Group commit: operations called while a commit is in flight wait together and go to disk as
// one frame with one fsync. Commits and exclusive work (compaction) run one at a time, in call
// order, on a single chain; an operation is applied, and its caller answered, only once durable.

export interface GroupCommitTarget<Operation, Result> {
  /** makes the operations durable, in order (one frame, one fsync) */
  persist(operations: readonly Operation[]): Promise<void>;
  /** applies one durable operation to the in-memory state and says what it returns */
  apply(operation: Operation): Result;
}

interface Waiting<Operation, Result> {
  readonly operation: Operation;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export class GroupCommitter<Operation, Result> {
  readonly #target: GroupCommitTarget<Operation, Result>;
  /** the most operations one commit carries (a bound on the frame, and on latency) */
  readonly #groupMax: number;
  #waiting: Waiting<Operation, Result>[] = [];
  #scheduled = false;
  #chain: Promise<void> = Promise.resolve();
  /** after a failed write the log's end is unknown: refuse everything rather than guess */
  #failure: { readonly error: unknown } | undefined;

  constructor(target: GroupCommitTarget<Operation, Result>, groupMax: number) {
    this.#target = target;
    this.#groupMax = groupMax;
  }

  submit(operation: Operation): Promise<Result> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    const promise = new Promise<Result>((resolve, reject) => this.#waiting.push({ operation, resolve, reject }));
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#chain = this.#chain.then(() => this.#commit());
    }
    return promise;
  }

  /** runs work alone, after every operation submitted before it */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(() => {
      if (this.#failure !== undefined) throw this.#failure.error;
      return work();
    });
    this.#chain = result.then(() => undefined, () => undefined);
    return result;
  }

  /** resolves once everything submitted so far has been committed or refused */
  settled(): Promise<void> {
    return this.#chain;
  }

  async #commit(): Promise<void> {
    this.#scheduled = false;
    const group = this.#waiting.splice(0, this.#groupMax);
    if (this.#waiting.length > 0) {
      this.#scheduled = true;
      this.#chain = this.#chain.then(() => this.#commit());
    }
    if (this.#failure !== undefined) {
      for (const waiting of group) waiting.reject(this.#failure.error);
      return;
    }
    try {
      await this.#target.persist(group.map((waiting) => waiting.operation));
    } catch (error) {
      this.#failure = { error };
      for (const waiting of group) waiting.reject(error);
      return;
    }
    for (const waiting of group) waiting.resolve(this.#target.apply(waiting.operation));
  }
}
