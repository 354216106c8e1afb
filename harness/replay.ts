// The one-line command that replays a failing check: the same seed, shrink path and
// implementation, restricted to that check, so fast-check goes straight to the counterexample.

export interface ReplayTarget {
  readonly systemId: string;
  readonly checkName: string;
  /** module path when the implementation is not the reference one */
  readonly modulePath?: string | undefined;
  readonly seed?: number | undefined;
  readonly path?: string | undefined;
  readonly replayPath?: string | undefined;
}

function shellQuote(value: string): string {
  return /^[\w./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

export function replayCommand(target: ReplayTarget): string {
  const words = ['npm', 'run', 'grade', '--', '--only', target.systemId];
  if (target.modulePath !== undefined) words.push('--impl', `${target.systemId}=${target.modulePath}`);
  if (target.seed !== undefined) words.push('--seed', String(target.seed));
  if (target.path !== undefined) words.push('--path', target.path);
  if (target.replayPath !== undefined) words.push('--replay-path', target.replayPath);
  words.push('--check', target.checkName);
  return words.map(shellQuote).join(' ');
}
