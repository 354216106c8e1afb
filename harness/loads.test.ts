// Every implementation under test loads and answers the spec's smoke call. In a grading run
// the grader does this first; here it is a check of its own so that a runner counting failed
// checks sees a module that cannot load as a failure: StrykerJS runs this file beside a
// system's suites (cli/mutation-vitest.config.ts), where a mutant that throws at load time
// would otherwise leave the suites with no checks at all, and "no check failed" reads as survived.

import { test } from 'vitest';
import { loadSpec, systemIds } from '../cli/systems.ts';
import { implementationOf } from './implementation.ts';

const only = process.env.TOUCHSTONE_MUTATION_SYSTEM;
const ids = only === undefined || only === '' ? systemIds() : [only];

test.each(ids)('%s loads and answers its smoke call', async (id) => {
  const spec = await loadSpec(id);
  const module = await implementationOf(spec);
  await spec.smoke(module);
});
