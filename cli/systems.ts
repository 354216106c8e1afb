// The systems Touchstone knows: one per file in spec/, each exporting the value defineSpec made.
// The grader and the perf runner discover them here, so adding a system needs no registry edit.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryRoot } from '../harness/settings.ts';
import type { AnySpec } from '../harness/spec.ts';

export function systemIds(root = repositoryRoot): string[] {
  return readdirSync(join(root, 'spec'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

function isSpec(value: unknown): value is AnySpec {
  return typeof value === 'object' && value !== null && 'ruleIds' in value && 'rules' in value && 'id' in value;
}

export async function loadSpec(id: string, root = repositoryRoot): Promise<AnySpec> {
  const module = (await import(pathToFileURL(join(root, 'spec', `${id}.ts`)).href)) as Record<string, unknown>;
  const spec = Object.values(module).find(isSpec);
  if (spec === undefined || spec.id !== id) throw new Error(`spec/${id}.ts exports no spec with id "${id}"`);
  return spec;
}

/** The suite files of a system, in the order they run. */
export function suiteFiles(id: string, root = repositoryRoot): string[] {
  return ['properties', 'scenarios']
    .map((folder) => join(root, folder, `${id}.test.ts`))
    .filter((file) => existsSync(file));
}
