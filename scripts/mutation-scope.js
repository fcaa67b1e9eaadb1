// The modules under mutation testing, listed once. stryker.config.js mutates them all,
// stryker.ci.config.js the ones marked `ci` (small decision modules, a few minutes),
// scripts/mutation-report.ts prints a score per module, and tsconfig.mutation.json (JSON, so it
// cannot import this file) is checked against `typeCheckedPaths` by
// test/unit/architecture/mutation-scope.test.ts.
//
// A path ending in `/` is a folder: all its .ts files but index.ts and types.ts, which only
// re-export or declare types. A file belongs to the first module that names it, so a file listed
// on its own goes before its folder.

/** @type {{ name: string, paths: string[], ci?: boolean }[]} */
export const MUTATION_MODULES = [
  { name: 'cidr', paths: ['src/spec/cidr.ts'] },
  { name: 'spec', paths: ['src/spec/'] },
  { name: 'drift', paths: ['src/plan/drift.ts'] },
  { name: 'plan', paths: ['src/plan/'] },
  { name: 'reconcile diffs', paths: ['src/environments/group-diffs.ts'], ci: true },
  { name: 'event reader', paths: ['src/reconcile/events.ts'], ci: true },
  { name: 'renewal policy', paths: ['src/certs/renewal-policy.ts'], ci: true },
  { name: 'retry decision', paths: ['src/azure/retry-decision.ts', 'src/errors.ts'], ci: true },
];

const isFolder = (path) => path.endsWith('/');

/** Paths of `modules` that no listed folder already holds. */
function outermost(modules) {
  const paths = modules.flatMap((m) => m.paths);
  const folders = paths.filter(isFolder);
  return [...new Set(paths)].filter(
    (p) => isFolder(p) || !folders.some((folder) => p.startsWith(folder)),
  );
}

/** Stryker `mutate` patterns for `modules`. */
export function mutatePatterns(modules = MUTATION_MODULES) {
  return outermost(modules).flatMap((p) =>
    isFolder(p) ? [`${p}**/*.ts`, `!${p}index.ts`, `!${p}types.ts`] : [p],
  );
}

/** What tsconfig.mutation.json includes: the mutated files and folders, nothing that imports them. */
export function typeCheckedPaths(modules = MUTATION_MODULES) {
  return outermost(modules).map((p) => (isFolder(p) ? p.slice(0, -1) : p));
}

/** The name of the module `file` belongs to, or the file itself when none lists it. */
export function moduleOf(file, modules = MUTATION_MODULES) {
  return (
    modules.find((m) => m.paths.some((p) => (isFolder(p) ? file.startsWith(p) : file === p)))
      ?.name ?? file
  );
}
