// Passing our own reference proves nothing (DESIGN rule 10): thin adapters over correct,
// popular libraries in peers/<id>/<library>.ts are graded like any user's module and must
// pass. A peer that fails points at a suite that demands an arbitrary choice, or at a bug the
// library really has (then the adapter says so in its header and bridges it).

import { beforeAll, describe, expect, test } from 'vitest';
import { gradeModules, modulesUnder } from './graded-modules.ts';
import type { SystemResult } from './results.ts';

const peers = modulesUnder('peers');
// a seed of its own, not the fixtures': a peer is graded on inputs no one tuned it to
const seed = 20261207;
let results = new Map<string, SystemResult>();

beforeAll(async () => {
  results = await gradeModules(peers, seed);
}, 1_800_000);

describe('correct peer libraries pass, graded like any implementation', () => {
  test('there are peer adapters to grade', () => {
    expect(peers.length).toBeGreaterThan(0);
  });

  test.each(peers.map((peer) => [`${peer.systemId}/${peer.name}`, peer] as const))('%s', (_label, peer) => {
    const result = results.get(peer.file);
    expect(result, `no grade for ${peer.file}`).toBeDefined();
    const failed = (result?.checks ?? []).filter((check) => check.status === 'fail').map((check) => `${check.name}: ${check.message ?? ''}`.slice(0, 600));
    expect({ status: result?.status, message: result?.message, failed }, `${peer.file} (seed ${seed})`).toEqual({ status: 'pass', message: undefined, failed: [] });
  });
});
