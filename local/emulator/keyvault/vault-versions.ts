// Version lookup shared by certificates and secrets: the latest version, or a named one.
import { notFound } from './bundles.js';

export function pickVersion<T extends { version: string }>(
  kind: 'Certificate' | 'Secret',
  versions: T[] | undefined,
  name: string,
  version: string | undefined,
): T {
  if (!versions || versions.length === 0) throw notFound(kind, name, version);
  if (!version) return versions[versions.length - 1] as T;
  const found = versions.find((v) => v.version === version);
  if (!found) throw notFound(kind, name, version);
  return found;
}

export const newVersion = (id: string) => id.replace(/-/g, '');
