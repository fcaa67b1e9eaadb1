#!/usr/bin/env node
// Prepares the build context of every workload image: the one folder that ACR Tasks (or
// `docker build`) receives. TypeScript that imports src/ is bundled with esbuild into main.js, so a
// context holds no TypeScript and needs no npm install:
//   dist/image-contexts/<folder>/ = Dockerfile + README.md + package.json + main.js
//   + THIRD-PARTY-NOTICES.txt (the bundled packages' licences) (+ public/)
// Usage: node scripts/build-images.js [--out DIR] [folder ...]   (default: every image)
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NOTICES_FILE, thirdPartyNotices } from './third-party-notices.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folder under images/, its entry and what is copied beside main.js. */
export const IMAGES = [
  { folder: 'init', entry: 'src/main.ts', assets: [] },
  { folder: 'sidecar', entry: 'src/main.ts', assets: [] },
  { folder: 'web', entry: 'src/server.ts', assets: ['public'] },
  { folder: 'api', entry: 'src/server.ts', assets: [] },
  { folder: 'dash', entry: 'src/server.ts', assets: ['public'] },
  { folder: 'migrate', entry: 'src/main.ts', assets: [] },
];

// Some bundled CommonJS dependencies call require() for node built-ins; an ESM bundle has none.
const REQUIRE_SHIM =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

async function bundle(image, source, target) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(source, image.entry)],
    outfile: join(target, 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: REQUIRE_SHIM },
    // Copyright comments the packages marked as legal (`/*!`, @license) stay, at the end of main.js.
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(target, NOTICES_FILE), thirdPartyNotices(result.metafile, root, image.folder));
  const manifest = { name: `aci-vnet-sidecars-${image.folder}`, private: true, type: 'module' };
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export async function buildImageContext(image, outDir) {
  const source = join(root, 'images', image.folder);
  const target = join(outDir, image.folder);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const file of ['Dockerfile', 'README.md', ...image.assets]) {
    if (!existsSync(join(source, file)))
      throw new Error(`images/${image.folder}/${file} is missing`);
    cpSync(join(source, file), join(target, file), { recursive: true });
  }
  if (image.entry) await bundle(image, source, target);
  return target;
}

function parseArgs(argv) {
  const outAt = argv.indexOf('--out');
  const outDir = resolve(outAt >= 0 ? argv[outAt + 1] : join(root, 'dist', 'image-contexts'));
  const names = argv.filter((a, i) => !a.startsWith('--') && i !== outAt + 1);
  const unknown = names.filter((n) => !IMAGES.some((i) => i.folder === n));
  if (unknown.length > 0) throw new Error(`unknown image folder: ${unknown.join(', ')}`);
  const images = names.length ? IMAGES.filter((i) => names.includes(i.folder)) : IMAGES;
  return { outDir, images };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { outDir, images } = parseArgs(process.argv.slice(2));
    for (const image of images) {
      const target = await buildImageContext(image, outDir);
      process.stdout.write(`images/${image.folder} → ${relative(process.cwd(), target) || '.'}\n`);
    }
  } catch (error) {
    process.stderr.write(
      `build-images: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
