// A spec names a system, numbers its contract rules and says what a module implementing it
// must export. Suites, the grader and the reports all speak in these rule ids, so a failure
// reads "violates LRU-4: ..." rather than "test 17 failed".

export type RuleTable = Readonly<Record<string, string>>;

export interface SpecDefinition<Rules extends RuleTable, Module> {
  /** kebab-case system id: the file name in spec/, impl/, properties/, scenarios/, perf/ */
  readonly id: string;
  readonly title: string;
  /** rule id (e.g. "LRU-3") to the rule, one sentence */
  readonly rules: Rules;
  /** exports the module must have, each a function: "default" is the factory */
  readonly exports: readonly (keyof Module & string)[];
  /** the smallest use of a freshly loaded module: it must return (or resolve) without throwing */
  readonly smoke: (module: Module) => unknown;
}

export interface Spec<Rules extends RuleTable = RuleTable, Module = unknown>
  extends SpecDefinition<Rules, Module> {
  readonly ruleIds: readonly (keyof Rules & string)[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rules and module appear in both
   co- and contravariant positions (keyof, smoke's parameter), so "any spec" needs any */
export type AnySpec = Spec<any, any>;
export type RuleId<S extends AnySpec> = S extends Spec<infer R, any> ? keyof R & string : never;
export type ModuleOf<S extends AnySpec> = S extends Spec<any, infer M> ? M : never;
/* eslint-enable @typescript-eslint/no-explicit-any */

const ruleIdPattern = /^[A-Z][A-Z0-9]*-\d+$/;
/** a system id: kebab-case, lower-case letters and digits */
export const systemIdPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** a rule prefix: capitals and digits, starting with a capital */
export const rulePrefixPattern = /^[A-Z][A-Z0-9]*$/;

export function defineSpec<const Rules extends RuleTable, Module>(
  definition: SpecDefinition<Rules, Module>,
): Spec<Rules, Module> {
  if (!systemIdPattern.test(definition.id)) {
    throw new Error(`spec id must be kebab-case, got "${definition.id}"`);
  }
  const ruleIds = Object.keys(definition.rules);
  if (ruleIds.length === 0) throw new Error(`${definition.id}: a spec needs at least one rule`);
  const prefixes = new Set(ruleIds.map((id) => id.replace(/-\d+$/, '')));
  for (const id of ruleIds) {
    if (!ruleIdPattern.test(id)) throw new Error(`${definition.id}: rule id "${id}" is not like "LRU-3"`);
  }
  if (prefixes.size !== 1) {
    throw new Error(`${definition.id}: rule ids share one prefix, got ${[...prefixes].join(', ')}`);
  }
  if (!definition.exports.includes('default' as keyof Module & string)) {
    throw new Error(`${definition.id}: the factory is the default export, so exports must list "default"`);
  }
  return { ...definition, ruleIds: ruleIds as (keyof Rules & string)[] };
}

/** The name a check carries in vitest and in every report: "[LRU-1 LRU-4] behaviour". */
export function checkName(rules: readonly string[], behaviour: string): string {
  if (rules.length === 0) throw new Error(`check "${behaviour}" names no rule`);
  return `[${rules.join(' ')}] ${behaviour}`;
}

/** Inverse of checkName: the rule ids a check name carries, or [] for a name without them. */
export function rulesOfCheck(name: string): string[] {
  const match = /^\[([A-Z][A-Z0-9]*-\d+(?: [A-Z][A-Z0-9]*-\d+)*)\] /.exec(name);
  return match?.[1] ? match[1].split(' ') : [];
}
