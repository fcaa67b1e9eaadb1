// The Functions app as it ships: the esbuild bundle of functions/index.ts that `npm run build`
// makes (scripts/build-functions.js), built from the sources as they are now. One build serves
// every test process of a run: bundles are kept under node_modules/.cache by a hash of what goes
// into them, so a test never runs a stale bundle and most test files build none.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { buildFunctionsBundle, type BundleMetafile } from '../../scripts/build-functions.js';
import { repoRoot } from './cli.js';

const cacheDir = join(repoRoot, 'node_modules', '.cache', 'aci-vnet-sidecars', 'functions-bundles');

/** Bundles of other sources, unused for this long, are removed. */
const STALE_MS = 24 * 3_600_000;

export interface FunctionsBundle {
  /** The entry file: what package.json "main" names in the build. */
  entry: string;
  dir: string;
  metafile: BundleMetafile;
}

let current: Promise<FunctionsBundle> | undefined;

export function functionsBundle(): Promise<FunctionsBundle> {
  current ??= cachedOrBuilt();
  return current;
}

async function cachedOrBuilt(): Promise<FunctionsBundle> {
  const dir = join(cacheDir, sourcesHash());
  if (!existsSync(join(dir, 'metafile.json'))) {
    mkdirSync(cacheDir, { recursive: true });
    const scratch = mkdtempSync(join(cacheDir, 'building-'));
    await buildFunctionsBundle(scratch);
    try {
      renameSync(scratch, dir);
    } catch {
      // Another test process built the same sources first: use its bundle.
      rmSync(scratch, { recursive: true, force: true });
    }
    removeStale(dir);
  }
  const metafile = JSON.parse(readFileSync(join(dir, 'metafile.json'), 'utf8')) as BundleMetafile;
  return { entry: join(dir, 'index.js'), dir, metafile };
}

/** Everything the bundle is made of: the app's sources, the locked packages, the build script. */
function sourcesHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...filesUnder(join(repoRoot, 'functions')),
    ...filesUnder(join(repoRoot, 'src')),
    join(repoRoot, 'package-lock.json'),
    join(repoRoot, 'scripts', 'build-functions.js'),
  ];
  for (const file of files) {
    hash
      .update(`${relative(repoRoot, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(full) : [full];
    });
}

function removeStale(keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(cacheDir)) {
    const dir = join(cacheDir, name);
    if (dir !== keep && now - statSync(dir).mtimeMs > STALE_MS) {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
