// Time as an injected effect. Systems that depend on time take a Clock in their options and
// default to the system clock; properties hand them a VirtualClock and move time by hand,
// so a window boundary or a clock that steps backwards is a deterministic, replayable event.

export interface Clock {
  /** current time in milliseconds */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

interface Timer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

export class VirtualClock implements Clock {
  #nowMs: number;
  #timers: Timer[] = [];
  #nextTimerId = 1;

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  /** Moves time forward, running timers that fall due in order of due time (then creation). */
  advance(durationMs: number): void {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
      throw new RangeError(`VirtualClock.advance: expected a finite duration >= 0, got ${durationMs}`);
    }
    const targetMs = this.#nowMs + durationMs;
    for (let timer = this.#nextDue(targetMs); timer !== undefined; timer = this.#nextDue(targetMs)) {
      this.#timers = this.#timers.filter((other) => other !== timer);
      this.#nowMs = Math.max(this.#nowMs, timer.dueMs);
      timer.callback();
    }
    this.#nowMs = targetMs;
  }

  /** Sets the time to any value, backwards included, as a wall clock may be; runs no timers. */
  set(timeMs: number): void {
    if (!Number.isFinite(timeMs)) throw new RangeError(`VirtualClock.set: expected a finite time, got ${timeMs}`);
    this.#nowMs = timeMs;
  }

  setTimeout(callback: () => void, delayMs: number): number {
    const id = this.#nextTimerId++;
    this.#timers.push({ id, dueMs: this.#nowMs + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(id: number): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== id);
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  #nextDue(limitMs: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.#timers) {
      if (timer.dueMs <= limitMs && (next === undefined || timer.dueMs < next.dueMs)) next = timer;
    }
    return next;
  }
}
