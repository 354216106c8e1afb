// `npm run new-system -- <id>`: writes the spec, implementation, properties, scenarios, perf
// gate and fixtures folder of a new system from cli/new-system-templates.ts, every check todo,
// and marks the system "in progress" in the README's table if it is listed there as planned.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repositoryRoot } from '../harness/settings.ts';
import { rulePrefixPattern, systemIdPattern } from '../harness/spec.ts';
import { consoleIo, parseFlags, runIfEntryPoint, UsageError, type CommandIo, type FlagSpec } from './arguments.ts';
import { namesOf, scaffoldFiles, type ScaffoldFile } from './new-system-templates.ts';
import { loadSpec, systemIds } from './systems.ts';

export const newSystemUsage = `Usage: npm run new-system -- <id> [options]

Creates the files of a new system, ready to fill in: spec/<id>.ts, impl/<id>.ts,
properties/<id>.test.ts, scenarios/<id>.test.ts, perf/<id>.bench.ts and
fixtures/broken/<id>/. Every check starts as todo, so the grader reports the
system as incomplete until each is written. CONTRIBUTING.md ("Adding a system")
says what goes in each file.

Options:
  --title <text>   the spec's title (default: the README's description of <id>, or <id>)
  --prefix <P>     the rule prefix, capitals and digits (default: the id's initials,
                   or its first four letters for a one-word id)
  --help           this text

Exit codes: 0 created; 2 misuse (a bad or existing id, a prefix in use), nothing written.`;

const flags: Record<string, FlagSpec> = {
  title: { kind: 'string' },
  prefix: { kind: 'string' },
  help: { kind: 'boolean' },
};

/** "bpe-tokenizer" -> "BT"; "tokenizer" -> "TOKE" */
export function defaultPrefix(id: string): string {
  const parts = id.split('-');
  return (parts.length > 1 ? parts.map((part) => part.charAt(0)).join('') : id.slice(0, 4)).toUpperCase();
}

/** a README table row for the id: `| \`id\` | what | status | score |` */
function readmeRow(readme: string, id: string): RegExpExecArray | null {
  return new RegExp(`^\\| \`${id}\` \\| (.+?) \\| (\\w[\\w ]*) \\| (.+?) \\|$`, 'm').exec(readme);
}

async function prefixesInUse(root: string): Promise<Map<string, string>> {
  const used = new Map<string, string>();
  for (const id of systemIds(root)) {
    const spec = await loadSpec(id, root);
    for (const rule of spec.ruleIds) used.set(rule.replace(/-\d+$/, ''), id);
  }
  return used;
}

async function plan(id: string | undefined, title: string | undefined, prefix: string | undefined, root: string): Promise<{ files: ScaffoldFile[]; readme?: string }> {
  if (id === undefined) throw new UsageError('give the new system\'s id, e.g. "npm run new-system -- bpe-tokenizer"');
  if (!systemIdPattern.test(id)) throw new UsageError(`the id must be kebab-case (lower-case letters and digits, e.g. "bpe-tokenizer"), got "${id}"`);
  if (systemIds(root).includes(id) || existsSync(join(root, 'impl', id)) || existsSync(join(root, 'impl', `${id}.ts`))) {
    throw new UsageError(`"${id}" exists already: pick another id`);
  }
  const rulePrefix = prefix ?? defaultPrefix(id);
  if (!rulePrefixPattern.test(rulePrefix)) throw new UsageError(`--prefix must be capitals and digits, starting with a capital, got "${rulePrefix}"`);
  const owner = (await prefixesInUse(root)).get(rulePrefix);
  if (owner !== undefined) throw new UsageError(`the rule prefix ${rulePrefix} belongs to ${owner}: choose another with --prefix`);
  const readmePath = join(root, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  const row = readmeRow(readme, id);
  const described = row?.[1] === undefined ? id : row[1].charAt(0).toUpperCase() + row[1].slice(1);
  const files = scaffoldFiles(namesOf(id, title ?? described, rulePrefix));
  const taken = files.find((file) => existsSync(join(root, file.path)));
  if (taken !== undefined) throw new UsageError(`${taken.path} exists already: move it away or pick another id`);
  if (row === null || row[2] !== 'planned') return { files };
  return { files, readme: readme.replace(row[0], row[0].replace('| planned |', '| in progress |')) };
}

export async function main(argv: readonly string[], io: CommandIo = consoleIo, root = repositoryRoot): Promise<number> {
  const [first, ...rest] = argv;
  const positional = first !== undefined && !first.startsWith('--');
  let planned;
  try {
    const parsed = parseFlags(positional ? rest : argv, flags);
    if (parsed.help) {
      io.out(newSystemUsage);
      return 0;
    }
    planned = await plan(positional ? first : undefined, parsed.title as string | undefined, parsed.prefix as string | undefined, root);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`new-system: ${error.message}`);
    return 2;
  }
  for (const file of planned.files) {
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.text, { flag: 'wx' });
    io.out(`created ${file.path}`);
  }
  if (planned.readme !== undefined) {
    writeFileSync(join(root, 'README.md'), planned.readme);
    io.out('README.md: status "in progress"');
  }
  io.out('');
  io.out('Next (CONTRIBUTING.md, "Adding a system"): the rules and model in the spec, then each todo');
  io.out('check, three broken fixtures, the reference, the perf gate and a 90% mutation score.');
  io.out(`\`npm run grade -- --only ${first}\` reports it as incomplete until no check is todo.`);
  return 0;
}

runIfEntryPoint(import.meta.url, 'new-system', (argv) => main(argv));
