// The build contexts ACR Tasks builds images from: located, hashed and packed as a tarball.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.js';

/**
 * Build contexts of the images ACR Tasks builds: `dist/image-contexts/<name>` when the app was
 * built (TypeScript bundled, see scripts/build-images.js), else the `images/<name>` folder itself.
 */
export interface ImageContext {
  dir: string;
  /** SHA-256 over relative paths and contents: changes exactly when the image would. */
  contentHash: string;
}

export function findImageContext(folder: string, root = packageRoot()): ImageContext {
  const name = folder.slice(folder.lastIndexOf('/') + 1);
  const candidates = [join(root, 'dist', 'image-contexts', name), join(root, folder)];
  const dir = candidates.find((c) => existsSync(join(c, 'Dockerfile')));
  if (!dir) {
    throw new AppError(
      'validation',
      'ImageContextMissing',
      `no build context with a Dockerfile for ${folder} (looked in ${candidates.map((c) => relative(root, c)).join(' and ')}); run npm run build, or import the image instead`,
    );
  }
  return { dir, contentHash: hashTree(dir) };
}

export async function tarball(dir: string): Promise<Uint8Array> {
  // Imported on first use, not at start-up (src/azure/on-first-use.ts).
  const { create: createTar } = await import('tar');
  const chunks: Buffer[] = [];
  const stream = createTar({ gzip: true, cwd: dir, portable: true }, ['.']);
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? files(full, base) : [relative(base, full)];
    });
}

function hashTree(dir: string): string {
  const hash = createHash('sha256');
  for (const file of files(dir))
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(dir, file)))
      .update('\0');
  return hash.digest('hex');
}

/** The folder holding this package's package.json, from source (tsx) or from dist/ alike. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) || !isThisPackage(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the aci-vnet-sidecars package root');
    dir = parent;
  }
  return dir;
}

function isThisPackage(file: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'aci-vnet-sidecars'
    );
  } catch {
    return false;
  }
}
