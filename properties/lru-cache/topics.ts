// lru-cache's topic files, wired into properties/lru-cache.test.ts with one call.

import type { Suite } from '../../harness/suite.ts';
import type { lruCacheSpec } from '../../spec/lru-cache.ts';
import { largeChecks } from './large.ts';
import { memoizeChecks } from './memoize.ts';

export function topicChecks(suite: Suite<typeof lruCacheSpec>, badCapacities: readonly unknown[]): void {
  memoizeChecks(suite, badCapacities);
  largeChecks(suite);
}
