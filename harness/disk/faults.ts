// Fault injection for the simulated disk: a chosen operation (the third fsync from now, the
// next append) fails with EIO or another code and has no effect, so a suite can check that a
// system reports the failure and does not acknowledge what it could not make durable.

import { checkPosition, DiskError, type DiskErrorCode, type DiskOperation } from './disk.ts';

export interface Fault {
  readonly operation: DiskOperation;
  /** how many operations of that kind succeed first (default 0: the next one fails) */
  readonly after?: number;
  readonly code?: DiskErrorCode;
  /**
   * For a failing sync: the file's unsynced writes can no longer become durable, though reads
   * still see them, as Linux marks the failed pages clean ("fsyncgate"); a later sync succeeds
   * without them. A system must not acknowledge what a failed fsync covered.
   */
  readonly dropsUnsynced?: boolean;
}

interface PlannedFault {
  readonly operation: DiskOperation;
  remaining: number;
  readonly code: DiskErrorCode;
  readonly dropsUnsynced: boolean;
}

export class FaultInjector {
  readonly #planned: PlannedFault[] = [];

  add(fault: Fault): void {
    this.#planned.push({
      operation: fault.operation,
      remaining: checkPosition('injectFault', 'after', fault.after ?? 0),
      code: fault.code ?? 'EIO',
      dropsUnsynced: fault.dropsUnsynced === true,
    });
  }

  /** Throws the fault due for this operation, if any, after running `onFault` when it drops writes. */
  failIfDue(operation: DiskOperation, path: string, onFault?: () => void): void {
    const index = this.#planned.findIndex((fault) => fault.operation === operation);
    const fault = this.#planned[index];
    if (fault === undefined) return;
    if (fault.remaining > 0) {
      fault.remaining--;
      return;
    }
    this.#planned.splice(index, 1);
    if (fault.dropsUnsynced) onFault?.();
    throw new DiskError(fault.code, operation, path, { cause: 'injected fault' });
  }
}
