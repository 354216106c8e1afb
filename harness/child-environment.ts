// The environment for a child process or worker thread that runs the implementation under
// test. Under StrykerJS the active mutant lives in this process's global namespace; the
// instrumented code reads __STRYKER_ACTIVE_MUTANT__ from the environment when it loads in a
// fresh process or thread, so without it the child would run the unmutated code.

interface StrykerGlobal {
  readonly __stryker__?: { readonly activeMutant?: unknown };
}

/** process.env, plus the active mutant when StrykerJS has one. */
export function childEnvironment(): NodeJS.ProcessEnv {
  const activeMutant = (globalThis as StrykerGlobal).__stryker__?.activeMutant;
  return activeMutant === undefined ? { ...process.env } : { ...process.env, __STRYKER_ACTIVE_MUTANT__: String(activeMutant) };
}
