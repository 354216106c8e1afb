// Retained memory, for checks and gates that measure it: a full garbage collection, then the
// heap in use (plus memory outside the heap, such as array buffer backing stores, when asked).
// gc is exposed at run time because vitest workers and the perf runner start without --expose-gc.

import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  // twice: the first pass can leave objects whose finalisation frees more
  collect();
  collect();
}

/** bytes retained after a full collection: heapUsed, plus external memory when `external` is set */
export function retainedBytes(options: { readonly external?: boolean } = {}): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + (options.external === true ? usage.external : 0);
}
