import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The example specs, read fresh for each test so mutations never leak between tests. */
export function exampleInput(name: 'minimal' | 'full'): Record<string, unknown> {
  const file = fileURLToPath(new URL(`../../examples/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** A copy of the minimal example with `patch` deep-merged in; `undefined` values delete keys. */
export function specWith(
  patch: Record<string, unknown>,
  base = exampleInput('minimal'),
): Record<string, unknown> {
  return merge(base, patch) as Record<string, unknown>;
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The same spec with every built image replaced by an import, so a test does not depend on the
 * build contexts of images/ (ACR builds are covered by their own tests).
 */
export function withImportedImages(spec: Record<string, unknown>): Record<string, unknown> {
  // Pinned by digest, as the plan asks of imported images (no ImageNotPinnedByDigest warning).
  const pinned = (role: string, digit: string) =>
    `mcr.microsoft.com/aci-vnet-sidecars/${role}@sha256:${digit.repeat(64)}`;
  return specWith(
    {
      app: {
        images: {
          init: pinned('init', '1'),
          sidecar: pinned('sidecar', '2'),
          web: pinned('web', '3'),
          api: pinned('api', '4'),
        },
      },
    },
    spec,
  );
}
