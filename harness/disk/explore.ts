// The exhaustive crash explorer: runs a workload once on a simulated disk and, at every crash
// point (before the first operation and after each operation that changed what a crash could
// leave), builds the post-crash states of that moment and awaits a check on each. The
// workload is paused inside the operation meanwhile, so the check sees exactly what had been
// acknowledged. Post-crash disks share storage copy-on-write, so thousands of states are cheap.

import { SimulatedDisk } from './simulated-disk.ts';

export interface CrashState {
  /** 0 before the workload's first operation, n after its n-th state-changing operation */
  readonly point: number;
  /** the operation the crash follows, e.g. "append wal.log" ('start' at point 0) */
  readonly after: string;
  readonly variant: number;
  readonly variants: number;
  /** what survived, e.g. "dir '': 1 of 2 entry changes; 'wal.log': write@0+600 torn[sectors 0]" */
  readonly description: string;
}

export interface ExploreCrashesOptions {
  /** the work to crash, run once; it must use only the disk it is given */
  readonly workload: (disk: SimulatedDisk) => Promise<void>;
  /** called on each post-crash disk; throwing reports a violation */
  readonly check: (crashed: SimulatedDisk, state: CrashState) => Promise<void> | void;
  /** post-crash variants visited per crash point (default 64; all of them when fewer) */
  readonly variantsPerPointMax?: number;
  /** states visited in all (default 100,000); later crash points are skipped */
  readonly statesMax?: number;
  /** seeds the sample of variants at points that have more than variantsPerPointMax */
  readonly seed?: number;
  /** the disk to run on, e.g. one holding files already (default: a fresh SimulatedDisk) */
  readonly disk?: SimulatedDisk;
}

export interface ExploreReport {
  readonly crashPoints: number;
  readonly states: number;
  /** every variant of every crash point was visited (no cap applied) */
  readonly complete: boolean;
}

/** A check failed at a crash state; the message names the state so it can be found again. */
export class CrashCheckError extends Error {
  readonly state: CrashState;

  constructor(state: CrashState, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `crash point ${state.point} (after ${state.after}), variant ${state.variant + 1} of ${state.variants} ` +
        `[${state.description}]: ${reason}`,
      { cause },
    );
    this.name = 'CrashCheckError';
    this.state = state;
  }
}

function checkLimit(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`exploreCrashes: expected ${name} as an integer >= 1, got ${value}`);
  }
  return value;
}

export async function exploreCrashes(options: ExploreCrashesOptions): Promise<ExploreReport> {
  const variantsPerPointMax = checkLimit('variantsPerPointMax', options.variantsPerPointMax ?? 64);
  const statesMax = checkLimit('statesMax', options.statesMax ?? 100_000);
  const disk = options.disk ?? new SimulatedDisk();
  let crashPoints = 0;
  let states = 0;
  let complete = true;
  let failure: CrashCheckError | undefined;

  const visit = async (after: string): Promise<void> => {
    if (failure !== undefined) return;
    if (states >= statesMax) {
      complete = false;
      return;
    }
    const point = crashPoints++;
    const variants = disk.crashVariants({ variantsMax: variantsPerPointMax, seed: (options.seed ?? 0) + point });
    if (!variants.complete) complete = false;
    for (let variant = 0; variant < variants.count; variant++) {
      if (states >= statesMax) {
        complete = false;
        return;
      }
      const { disk: crashed, description } = variants.build(variant);
      const state: CrashState = { point, after, variant, variants: variants.count, description };
      states++;
      try {
        await options.check(crashed, state);
      } catch (error) {
        failure = new CrashCheckError(state, error);
        return;
      }
    }
  };

  await visit('start');
  disk.setOperationHook(visit);
  try {
    await options.workload(disk);
  } finally {
    disk.setOperationHook(undefined);
  }
  if (failure !== undefined) throw failure;
  return { crashPoints, states, complete };
}
