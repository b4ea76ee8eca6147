// Lists the functions in src/ longer than 80 lines and fails when there is one outside the
// allow-list: a function a reader cannot hold on one screen is split into named parts.
// Run by `npm run lint`; `tsx scripts/function-lengths.ts --all` prints every function over the
// limit, allowed ones included.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const MAX_LINES = 80;
const root = fileURLToPath(new URL('..', import.meta.url));
const srcDir = join(root, 'src');

// Files whose functions may be longer, up to a bound of their own, each with its reason. Data
// tables and schemas are read entry by entry, so their length costs a reader nothing; none is
// written as a function today. A path ending in / stands for the files under it.
const allowed: Readonly<Record<string, { readonly maxLines: number; readonly reason: string }>> = {
  // The factories only wire parts, one line each; 130 lines is the bound set for them.
  'src/createTrail.ts': { maxLines: 130, reason: 'factory wiring' },
  'src/node/createTrail.ts': { maxLines: 130, reason: 'factory wiring' },
};

interface LongFunction {
  readonly file: string;
  readonly line: number;
  readonly name: string;
  readonly lines: number;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

// The name a reader would search for: the declaration's own, or the variable or property it is
// assigned to.
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) {
    return parent.name.getText(source);
  }
  return '(anonymous)';
}

function longFunctions(path: string): LongFunction[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const file = relative(root, path).split('\\').join('/');
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const declaration = node as ts.FunctionLikeDeclaration;
      // From the signature to the closing brace; the doc comment above does not count.
      const first = source.getLineAndCharacterOfPosition(declaration.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(declaration.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_LINES) found.push({ file, line: first + 1, name: nameOf(declaration, source), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const allowanceFor = (file: string) =>
  Object.entries(allowed).find(([path]) => file === path || (path.endsWith('/') && file.startsWith(path)))?.[1];

const showAll = process.argv.includes('--all');
const all = sourceFiles(srcDir).sort().flatMap(longFunctions);
const failing = all.filter((f) => f.lines > (allowanceFor(f.file)?.maxLines ?? MAX_LINES));
for (const f of showAll ? all : failing) {
  const allowance = allowanceFor(f.file);
  const note = allowance && !failing.includes(f) ? ` (allowed: ${allowance.reason})` : '';
  console.log(`${f.file}:${f.line} ${f.name}: ${f.lines} lines${note}`);
}
if (failing.length > 0) {
  console.error(`${failing.length} function(s) in src/ over ${MAX_LINES} lines: split them into named parts.`);
  process.exitCode = 1;
}
