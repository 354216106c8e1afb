// Loads the implementation a suite grades: the module the grader named for this system, or
// the reference implementation in impl/ by default. Suites reach implementations only through
// here, never by importing impl/ (a unit test enforces that), so one suite grades any module.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { guard } from './guard.ts';
import { readSettings, repositoryRoot } from './settings.ts';
import type { AnySpec, ModuleOf } from './spec.ts';

export class ImplementationLoadError extends Error {
  override readonly name = 'ImplementationLoadError';
}

/** The reference implementation's module path: impl/<id>.ts or impl/<id>/index.ts. */
export function referenceModulePath(systemId: string): string {
  const file = join(repositoryRoot, 'impl', `${systemId}.ts`);
  return existsSync(file) ? file : join(repositoryRoot, 'impl', systemId, 'index.ts');
}

export function implementationModulePath(systemId: string): string {
  return readSettings().implementations[systemId] ?? referenceModulePath(systemId);
}

/** Imports a module and checks it has every export the spec asks for, each a function. */
export async function importImplementation<S extends AnySpec>(spec: S, modulePath: string): Promise<ModuleOf<S>> {
  if (!existsSync(modulePath)) {
    throw new ImplementationLoadError(`${spec.id}: no module at ${modulePath}`);
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(modulePath).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ImplementationLoadError(`${spec.id}: importing ${modulePath} failed: ${reason}`);
  }
  const module: Record<string, unknown> = {};
  for (const name of spec.exports) {
    const value = loaded[name];
    if (typeof value !== 'function') {
      const what = name === 'default' ? 'a default export (the factory)' : `an export named "${name}"`;
      throw new ImplementationLoadError(
        `${spec.id}: ${modulePath} must have ${what} that is a function, got ${typeof value}`,
      );
    }
    module[name] = guard(value, name === 'default' ? `${spec.id} factory` : `${spec.id} ${name}`);
  }
  return module as ModuleOf<S>;
}

/** The implementation under test for a spec: what suites call. */
export function implementationOf<S extends AnySpec>(spec: S): Promise<ModuleOf<S>> {
  return importImplementation(spec, implementationModulePath(spec.id));
}
