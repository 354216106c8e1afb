// Sizes of the repository's own source files, for the layout ratchet: lines per file, and the
// longest function in each (declarations, methods, accessors, arrows and function expressions,
// nested ones counted on their own as well as inside their parent).

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export interface FunctionSize {
  readonly name: string;
  /** 1-based line where the function starts */
  readonly line: number;
  readonly lines: number;
}

export interface SourceSize {
  readonly file: string;
  readonly lines: number;
  /** undefined for a file with no function */
  readonly longestFunction: FunctionSize | undefined;
}

export const sourceExtensions = /\.(ts|mts|cts|js|mjs|cjs)$/;

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined) return named.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  if (ts.isCallExpression(parent)) {
    const label = parent.arguments.find((argument) => ts.isStringLiteralLike(argument) || ts.isTemplateLiteral(argument));
    const callee = parent.expression.getText(source);
    return label === undefined ? `callback of ${callee}` : `${callee}(${label.getText(source).slice(0, 60)})`;
  }
  return '<anonymous>';
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/** The size of one file's text; file is only its label. */
export function measureSource(file: string, text: string): SourceSize {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS);
  let longestFunction: FunctionSize | undefined;
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body !== undefined) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line + 2 - line;
      if (longestFunction === undefined || lines > longestFunction.lines) longestFunction = { name: nameOf(node, source), line, lines };
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
  return { file, lines, longestFunction };
}

export function measureFile(root: string, file: string): SourceSize {
  return measureSource(file, readFileSync(join(root, file), 'utf8'));
}

/** The repository's files as git sees them (tracked, or new and not ignored), relative to root. */
export function repositoryFiles(root: string): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file !== '' && existsSync(join(root, file)));
}
