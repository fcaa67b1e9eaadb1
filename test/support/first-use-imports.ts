// The npm packages the Functions app imports on first use (src/azure/on-first-use.ts): every
// `import('<package>')` in src/ but the CLI, with the names the code reads from it. The bundle
// test checks those names against the chunks esbuild made; bench/cold-start imports the packages
// up front to measure the start-up the app had before.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './cli.js';

export interface FirstUseImport {
  /** `src/azure/gateway.ts:29` */
  where: string;
  packageName: string;
  /** The exports read: `default` for `commonJsExports(import(…))`; empty when not understood. */
  names: string[];
}

const IMPORT = /import\('([^.'][^']*)'\)/g;

export function firstUseImports(dir = join(repoRoot, 'src')): FirstUseImport[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'cli' ? [] : firstUseImports(path);
      return entry.name.endsWith('.ts') ? importsIn(path) : [];
    });
}

function importsIn(file: string): FirstUseImport[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => {
    const at = match.index;
    const line = text.slice(0, at).split('\n').length;
    return {
      where: `${relative(repoRoot, file)}:${line}`,
      packageName: match[1] ?? '',
      names: namesRead(text.slice(Math.max(0, at - 160), at), text.slice(at + match[0].length)),
    };
  });
}

/**
 * The three forms the adapters use: `(await import('p')).Name`, `const { A, B } = await
 * import('p')` and `commonJsExports(import('p'))` (its `default`).
 */
function namesRead(before: string, after: string): string[] {
  if (/commonJsExports\(\s*$/.test(before)) return ['default'];
  const member = /^\)\s*\.\s*(\w+)/.exec(after);
  if (/\(\s*await\s*$/.test(before) && member?.[1]) return [member[1]];
  const destructured = /const\s*\{([^}]*)\}\s*=\s*await\s*$/.exec(before);
  if (!destructured?.[1]) return [];
  return destructured[1]
    .split(',')
    .map((part) => part.split(':')[0]?.trim() ?? '')
    .filter(Boolean);
}
