// The vitest configuration StrykerJS runs for one system: that system's properties and
// scenarios only (named by TOUCHSTONE_MUTATION_SYSTEM, which cli/mutation.ts sets), with the
// repository's own timeouts. Everything else comes from Stryker's vitest runner.

import { defineConfig } from 'vitest/config';

const id = process.env.TOUCHSTONE_MUTATION_SYSTEM;
if (id === undefined || id === '') throw new Error('TOUCHSTONE_MUTATION_SYSTEM names the system whose suites run under mutation');

export default defineConfig({
  root: new URL('..', import.meta.url).pathname,
  test: {
    // harness/loads.test.ts fails when a mutant breaks module load (see there)
    include: [`properties/${id}.test.ts`, `scenarios/${id}.test.ts`, 'harness/loads.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
