// The scaffold: what it writes for a new id (type-checked, loadable, its spec and smoke sound,
// every check todo), the README row it marks, and misuse refused with exit 2 and nothing written.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { repositoryRoot } from '../harness/settings.ts';
import { defaultPrefix, main, newSystemUsage } from './new-system.ts';
import { loadSpec } from './systems.ts';

const readme = ['# A house', '', '| id | what | status | mutation score |', '|---|---|---|---|', '| `tiny` | a tiny system | done | — |', '| `word-count` | words counted in a text | planned | — |', ''].join('\n');

/** a repository root with one system, tiny (prefix TINY), and the real harness and packages */
function houseWithOneSystem(): string {
  const root = mkdtempSync(join(tmpdir(), 'touchstone-new-system-'));
  for (const folder of ['harness', 'node_modules']) symlinkSync(join(repositoryRoot, folder), join(root, folder));
  mkdirSync(join(root, 'spec'));
  mkdirSync(join(root, 'impl'));
  writeFileSync(join(root, 'spec', 'tiny.ts'), "import { defineSpec } from '../harness/spec.ts';\nexport const tinySpec = defineSpec({ id: 'tiny', title: 'Tiny', rules: { 'TINY-1': 'It is tiny.' }, exports: ['default'], smoke: () => 1 });\n");
  writeFileSync(join(root, 'README.md'), readme);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  return root;
}

async function run(argv: string[], root: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) }, root);
  return { code, out, err };
}

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
function freshHouse(): string {
  const root = houseWithOneSystem();
  roots.push(root);
  return root;
}

const written = ['spec/word-count.ts', 'impl/word-count.ts', 'properties/word-count.test.ts', 'scenarios/word-count.test.ts', 'perf/word-count.bench.ts', 'fixtures/broken/word-count/README.md'];

describe('npm run new-system', () => {
  test('--help prints the usage', async () => {
    expect(await run(['--help'], freshHouse())).toEqual({ code: 0, out: [newSystemUsage], err: [] });
  });

  test('the default prefix: initials, or the first four letters of a one-word id', () => {
    expect([defaultPrefix('word-count'), defaultPrefix('tokenizer'), defaultPrefix('kv'), defaultPrefix('tf-idf')]).toEqual(['WC', 'TOKE', 'KV', 'TI']);
  });

  test('writes the six files, marks the README row "in progress", and the result type-checks, loads and smokes', async () => {
    const root = freshHouse();
    const { code, out, err } = await run(['word-count'], root);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out.slice(0, written.length)).toEqual(written.map((file) => `created ${file}`));
    for (const file of written) expect(existsSync(join(root, file)), file).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readme.replace('| planned |', '| in progress |'));

    const spec = await loadSpec('word-count', root);
    expect({ id: spec.id, title: spec.title, ruleIds: spec.ruleIds }).toEqual({ id: 'word-count', title: 'Words counted in a text', ruleIds: ['WC-1'] });
    const implementation = (await import(pathToFileURL(join(root, 'impl', 'word-count.ts')).href)) as { default: unknown };
    expect(() => spec.smoke(implementation)).not.toThrow();
    const gates = (await import(pathToFileURL(join(root, 'perf', 'word-count.bench.ts')).href)) as { default: { systemId: string } };
    expect(gates.default.systemId).toBe('word-count');
    for (const suite of ['properties', 'scenarios']) {
      const text = readFileSync(join(root, suite, 'word-count.test.ts'), 'utf8');
      expect(text, `${suite}: checks start as todo`).toMatch(/suite\.todo\('WC-1', /);
      const code = text.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n');
      expect(code, `${suite}: no check that passes without testing anything`).not.toMatch(/suite\.(check|property)\(/);
    }

    const tsconfig = JSON.parse(readFileSync(join(repositoryRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: unknown };
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: tsconfig.compilerOptions, files: written.filter((file) => file.endsWith('.ts')) }));
    const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const typeCheck = spawnSync(process.execPath, [tsc, '--noEmit', '-p', root], { encoding: 'utf8' });
    expect(typeCheck.stdout + typeCheck.stderr).toBe('');
    expect(typeCheck.status).toBe(0);
  }, 120_000);

  test('--title and --prefix are used as given, and an id the README does not list is titled by itself', async () => {
    const root = freshHouse();
    expect((await run(['ring-buffer', '--prefix', 'RING'], root)).code).toBe(0);
    expect((await run(['word-count', '--title', 'Word counts', '--prefix', 'WORD'], root)).code).toBe(0);
    expect((await loadSpec('ring-buffer', root)).title).toBe('ring-buffer');
    const spec = await loadSpec('word-count', root);
    expect({ title: spec.title, ruleIds: spec.ruleIds }).toEqual({ title: 'Word counts', ruleIds: ['WORD-1'] });
  });

});

describe('npm run new-system refuses misuse', () => {
  test.each([
    [[], /new-system: give the new system's id/],
    [['Word_Count'], /new-system: the id must be kebab-case .*, got "Word_Count"/],
    [['tiny'], /new-system: "tiny" exists already/],
    [['word-count', '--prefix', 'TINY'], /new-system: the rule prefix TINY belongs to tiny/],
    [['word-count', '--prefix', 'wc'], /new-system: --prefix must be capitals and digits.*, got "wc"/],
    [['word-count', '--frobnicate'], /new-system: unknown flag --frobnicate/],
    [['word-count', 'extra'], /new-system: unexpected argument "extra"/],
  ])('misuse %j exits 2 with one line and writes nothing', async (argv, message) => {
    const root = freshHouse();
    const { code, out, err } = await run(argv, root);
    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(message);
    expect(existsSync(join(root, 'properties'))).toBe(false);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readme);
  });

  test('a file of the new id already in place is refused, and nothing else is written', async () => {
    const root = freshHouse();
    mkdirSync(join(root, 'perf'));
    writeFileSync(join(root, 'perf', 'word-count.bench.ts'), '// mine\n');
    const { code, err } = await run(['word-count'], root);
    expect({ code, err }).toEqual({ code: 2, err: ['new-system: perf/word-count.bench.ts exists already: move it away or pick another id'] });
    expect(existsSync(join(root, 'spec', 'word-count.ts'))).toBe(false);
    expect(readFileSync(join(root, 'perf', 'word-count.bench.ts'), 'utf8')).toBe('// mine\n');
  });
});
