// Command-line parsing shared by the grader and the perf runner. Misuse is a UsageError, which
// the entry points turn into exit code 2 with a one-line reason on stderr.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type FlagKind = 'string' | 'integer' | 'list' | 'boolean';

export interface FlagSpec {
  readonly kind: FlagKind;
  /** may be given more than once (string flags only): values are collected */
  readonly repeatable?: boolean;
  readonly minimum?: number;
}

export type ParsedFlags = Record<string, string | number | boolean | string[] | undefined>;

/** Parses `--name value` and `--name=value` pairs; positional arguments are misuse. */
export function parseFlags(argv: readonly string[], specs: Readonly<Record<string, FlagSpec>>): ParsedFlags {
  const parsed: ParsedFlags = {};
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (!word.startsWith('--')) throw new UsageError(`unexpected argument "${word}" (flags start with --)`);
    const equals = word.indexOf('=');
    const name = equals === -1 ? word.slice(2) : word.slice(2, equals);
    const spec = specs[name];
    if (spec === undefined) throw new UsageError(`unknown flag --${name} (see --help)`);
    if (spec.kind === 'boolean') {
      if (equals !== -1) throw new UsageError(`--${name} takes no value`);
      parsed[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) value = word.slice(equals + 1);
    else value = argv[++index];
    if (value === undefined || (equals === -1 && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value`);
    }
    parsed[name] = convert(name, spec, value, parsed[name]);
  }
  return parsed;
}

function convert(name: string, spec: FlagSpec, value: string, previous: ParsedFlags[string]): ParsedFlags[string] {
  switch (spec.kind) {
    case 'integer': {
      // decimal digits only: Number() would also take 1e1, 0x10, ' 7' and 1_0 apart
      const number = Number(value);
      const minimum = spec.minimum ?? 0;
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(number) || number < minimum) {
        throw new UsageError(`--${name} expects a decimal integer >= ${minimum}, got "${value}"`);
      }
      return number;
    }
    case 'list': {
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      if (items.length === 0) throw new UsageError(`--${name} needs at least one item, got "${value}"`);
      return [...((previous as string[] | undefined) ?? []), ...items];
    }
    default:
      if (spec.repeatable) return [...((previous as string[] | undefined) ?? []), value];
      if (previous !== undefined) throw new UsageError(`--${name} given twice`);
      return value;
  }
}

export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const consoleIo: CommandIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The exit code of a command that failed in itself (a bug of ours), apart from 2, which is misuse. */
export const internalErrorExitCode = 3;

/**
 * Runs a command's main when its file is the process's entry point (and not when a test
 * imports it): the exit code becomes the process's; an unexpected throw is an internal error.
 */
export function runIfEntryPoint(moduleUrl: string, command: string, main: (argv: readonly string[]) => Promise<number>): void {
  const entry = process.argv[1];
  if (entry === undefined || moduleUrl !== pathToFileURL(resolve(entry)).href) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${command}: internal error (a bug of the command, not of your input): ${error instanceof Error ? error.stack : String(error)}`);
      process.exitCode = internalErrorExitCode;
    },
  );
}
