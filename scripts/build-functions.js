#!/usr/bin/env node
// Bundles the Functions app with esbuild: dist/functions-bundle/index.js is package.json "main",
// what Azure runs and what `npm start` hosts. ESM with code splitting: each package an adapter
// imports with `import()` (src/azure/on-first-use.ts) lands in chunks/ and is parsed only when an
// activity first calls it, so the entry's start-up holds little more than the registrations.
// test/integration/functions-bundle checks both; bench/cold-start measures the start-up.
// Usage: node scripts/build-functions.js [--out DIR]   (default: dist/functions-bundle)
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const FUNCTIONS_SOURCE = 'functions/index.ts';
export const BUNDLE_DIR = join(root, 'dist', 'functions-bundle');

/**
 * Not bundled: `@azure/functions-core` is no npm package, the Functions worker serves it to
 * `require` ("a built-in module that ships directly in Azure, not through npm",
 * Azure/azure-functions-nodejs-library#201). Everything else is in the bundle, @azure/functions
 * and durable-functions included: their few hundred files (axios, lodash, validator, moment) are
 * most of what an unbundled start-up still reads once the SDK packages load lazily.
 * `@azure/monitor-opentelemetry` stays in node_modules (azure.yaml ships it): its
 * instrumentations patch modules as `require` loads them, which a bundle's inlined copies never
 * are, and it loads only in Azure, where APPLICATIONINSIGHTS_CONNECTION_STRING is set.
 */
export const EXTERNAL = ['@azure/functions-core', '@azure/monitor-opentelemetry'];

// Bundled CommonJS calls require() (node built-ins, and @azure/functions-core, which the worker
// serves through Module.prototype.require); an ESM chunk has none, so each chunk makes its own.
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Builds the bundle into `outDir` (emptied first); answers its entry file and esbuild's metafile. */
export async function buildFunctionsBundle(outDir = BUNDLE_DIR) {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { index: FUNCTIONS_SOURCE },
    outdir: outDir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: ['node20', 'node22'],
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    // Copyright comments the packages marked as legal (`/*!`, @license) stay, at each file's end.
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  // Read by test/integration/functions-bundle: what each file holds and imports, and how.
  writeFileSync(join(outDir, 'metafile.json'), JSON.stringify(result.metafile));
  return { entry: join(outDir, 'index.js'), metafile: result.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const outAt = argv.indexOf('--out');
  try {
    const outDir = outAt >= 0 ? resolve(argv[outAt + 1] ?? '') : BUNDLE_DIR;
    const { entry } = await buildFunctionsBundle(outDir);
    process.stdout.write(`${FUNCTIONS_SOURCE} → ${relative(process.cwd(), entry) || '.'}\n`);
  } catch (error) {
    process.stderr.write(`build-functions: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  }
}
