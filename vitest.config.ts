// One configuration for `npm test`, `npm run coverage` and the grader's workers (which pass
// their own file list and reporters). Coverage covers the code we ship: impl/, harness/, cli/.

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'scenarios/**/*.test.ts', 'harness/**/*.test.ts', 'cli/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      reportsDirectory: 'reports/coverage',
      reporter: ['text-summary', 'html', 'json-summary'],
      include: ['impl/**/*.ts', 'harness/**/*.ts', 'cli/**/*.ts'],
      // the grading worker runs only as a child process (cli/grade.test.ts drives it end to
      // end), where in-process v8 coverage cannot follow; its steps are in cli/worker-steps.ts
      exclude: ['**/*.test.ts', 'cli/grade-worker.ts', 'cli/perf-worker.ts'],
      thresholds: {
        'impl/**': { lines: 90, branches: 90 },
        'harness/**': { lines: 90, branches: 90 },
        'cli/**': { lines: 90, branches: 90 },
      },
    },
  },
});
