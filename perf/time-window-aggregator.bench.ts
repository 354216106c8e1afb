// Performance gate of time-window-aggregator: one event per virtual millisecond into a 1000 ms
// window with the average read after every event (a live dashboard), ours against filtering the
// event list down to the window for each read. Both replay the same precomputed values.

import type { Clock } from '../harness/clock.ts';
import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { seededUnit } from '../harness/random.ts';
import createTimeWindowAggregator from '../impl/time-window-aggregator.ts';

const windowMs = 1000;
const eventsPerRun = 2000;

const values = (() => {
  const random = seededUnit(20261121);
  return Float64Array.from({ length: eventsPerRun }, () => Math.round(random() * 10_000) / 100);
})();

/** a clock the subject moves by hand: one millisecond per event */
function steppedClock(): Clock & { step(): number } {
  let nowMs = 0;
  return { now: () => nowMs, step: () => ++nowMs };
}

function oursSubject(): Subject {
  const clock = steppedClock();
  const aggregator = createTimeWindowAggregator({ windowMs, clock });
  return {
    name: 'touchstone time-window-aggregator',
    workPerRun: eventsPerRun,
    run() {
      let total = 0;
      for (let index = 0; index < eventsPerRun; index++) {
        clock.step();
        aggregator.add(values[index] as number);
        total += aggregator.average();
      }
      return total;
    },
  };
}

interface TimedValue {
  readonly timestampMs: number;
  readonly value: number;
}

/** The plain approach: keep the events in an array and filter it to the window for every read. */
function filterEachTimeSubject(): Subject {
  let nowMs = 0;
  let events: TimedValue[] = [];
  return {
    name: 'filter the event list per read',
    workPerRun: eventsPerRun,
    run() {
      let total = 0;
      for (let index = 0; index < eventsPerRun; index++) {
        nowMs++;
        events.push({ timestampMs: nowMs, value: values[index] as number });
        events = events.filter((event) => event.timestampMs >= nowMs - windowMs);
        total += events.length === 0 ? 0 : events.reduce((sum, event) => sum + event.value, 0) / events.length;
      }
      return total;
    },
  };
}

export default defineGates('time-window-aggregator', (): Gate[] => [
  {
    kind: 'ratio',
    name: 'add then average, 1000 events in the window',
    unit: 'events',
    ours: oursSubject(),
    baseline: filterEachTimeSubject(),
    minRatio: 20,
  },
]);
