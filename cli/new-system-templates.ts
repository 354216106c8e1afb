// The files `npm run new-system` writes for a new id: each the smallest thing that type-checks,
// lints and runs, with every check declared as todo (so the grader reports the system as
// incomplete, never as passing) and a TODO at each place a newcomer fills in.

export interface SystemNames {
  /** kebab-case id, e.g. "bpe-tokenizer" */
  readonly id: string;
  readonly title: string;
  /** the rule prefix, e.g. "BPE" */
  readonly prefix: string;
  /** "BpeTokenizer" */
  readonly pascal: string;
  /** "bpeTokenizer" */
  readonly camel: string;
}

export interface ScaffoldFile {
  /** relative to the repository root */
  readonly path: string;
  readonly text: string;
}

export function namesOf(id: string, title: string, prefix: string): SystemNames {
  const pascal = id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  return { id, title, prefix, pascal, camel: pascal.charAt(0).toLowerCase() + pascal.slice(1) };
}

/** a single-quoted TypeScript string literal */
const quoted = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function spec({ id, title, prefix, pascal, camel }: SystemNames): string {
  return `// ${title}: the contract of ${id}. TODO: say in two lines what the system does, which
// seed exercise it comes from, and what makes its model obviously right.

import { defineSpec } from '../harness/spec.ts';

/** TODO: each option with its default and its range (misuse outside it is thrown) */
export interface ${pascal}Options {
  readonly name?: string;
}

/** TODO: the methods; say for each which inputs are misuse (thrown) and which are outcomes (returned) */
export interface ${pascal} {
  readonly name: string;
}

export type Create${pascal} = (options?: ${pascal}Options) => ${pascal};

export interface ${pascal}Module {
  readonly default: Create${pascal};
}

export const ${camel}Spec = defineSpec({
  id: ${quoted(id)},
  title: ${quoted(title)},
  rules: {
    // TODO: one observable sentence per rule, present tense; misuse rules give the message
    // "${id}.<method>: expected <what>, got <value>"
    '${prefix}-1': 'TODO: the first rule of ${id}.',
  },
  exports: ['default'],
  smoke(module: ${pascal}Module) {
    return module.default();
  },
});

/** The model. TODO: the simplest obviously-right code, independent of the reference's algorithm. */
export function ${camel}Model(options: ${pascal}Options = {}): ${pascal} {
  return { name: options.name ?? ${quoted(id)} };
}
`;
}

function implementation({ id, pascal }: SystemNames): string {
  return `// Reference ${id}. TODO: the algorithm in two lines, and why it is fast.

import type { Create${pascal}, ${pascal}, ${pascal}Options } from '../spec/${id}.ts';

const create${pascal}: Create${pascal} = (options: ${pascal}Options = {}): ${pascal} => {
  // TODO: validate every option at the edge, throwing "${id}.create: expected <what>, got <value>"
  return { name: options.name ?? ${quoted(id)} };
};

export default create${pascal};
`;
}

function properties({ id, prefix, pascal, camel }: SystemNames): string {
  return `// Properties of ${id}. TODO: what the model-based run compares, and the corners it draws.

import { systemSuite } from '../harness/suite.ts';
import { ${camel}Spec } from '../spec/${id}.ts';

const suite = await systemSuite(${camel}Spec);

// TODO: replace each todo with suite.property(['${prefix}-1'], 'behaviour', fc.asyncProperty(...)),
// drawing inputs from harness/generators.ts and blaming rules with suite.rule; while any check
// is todo, the grader reports ${id} as incomplete
suite.todo('${prefix}-1', 'any command sequence agrees with ${pascal}Model, call by call');
suite.todo('${prefix}-1', "a large run, well past the implementation's internal thresholds");
`;
}

function scenarios({ id, prefix, camel }: SystemNames): string {
  return `// Worked examples of ${id}. TODO: the seed's own examples, exactly, and the misuse messages.

import { systemSuite } from '../harness/suite.ts';
import { ${camel}Spec } from '../spec/${id}.ts';

const suite = await systemSuite(${camel}Spec);

// TODO: suite.check('${prefix}-1', "seed's ...", async () => { ... }) for each example
suite.todo('${prefix}-1', "the seed's own examples, exactly");
`;
}

function perfGate({ id }: SystemNames): string {
  return `// Performance gates of ${id}. TODO: ours against the peer SYSTEMS.md names, measured in
// the same run, and the workload each gate uses.

import { defineGates, type Gate } from '../harness/perf.ts';

export default defineGates(${quoted(id)}, (): Gate[] => {
  // TODO: { kind: 'ratio', name, unit, ours, baseline, minRatio }, minRatio being the goal
  return [];
});
`;
}

function fixturesReadme({ id, prefix }: SystemNames): string {
  return `# Broken ${id} implementations

At least three, each the reference with one plausible thing wrong (import it and wrap or
subclass it; never copy its code), exporting the rules it breaks:

\`\`\`ts
export const violates = ['${prefix}-1'];
\`\`\`

\`npm test\` requires the grader to reject each one, naming a rule it declares.
`;
}

export function scaffoldFiles(names: SystemNames): ScaffoldFile[] {
  return [
    { path: `spec/${names.id}.ts`, text: spec(names) },
    { path: `impl/${names.id}.ts`, text: implementation(names) },
    { path: `properties/${names.id}.test.ts`, text: properties(names) },
    { path: `scenarios/${names.id}.test.ts`, text: scenarios(names) },
    { path: `perf/${names.id}.bench.ts`, text: perfGate(names) },
    { path: `fixtures/broken/${names.id}/README.md`, text: fixturesReadme(names) },
  ];
}
