// Version lookup shared by certificates and secrets: the latest version, or a named one.
import type {
  VaultCertificateVersion,
  VaultData,
  VaultSecretVersion,
} from '../../../core/model.js';
import { notFound } from './bundles.js';
import type { VaultRequest } from './vault-request.js';

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

interface VersionOf {
  Certificate: VaultCertificateVersion;
  Secret: VaultSecretVersion;
}

/** The version a request path names (`{name}[/{version}]`); the latest when it names none. */
export function requestedVersion<K extends keyof VersionOf>(
  vault: VaultData,
  kind: K,
  req: VaultRequest,
): { name: string; version: VersionOf[K] } {
  const name = req.params.name ?? '';
  const collection = kind === 'Certificate' ? vault.certificates : vault.secrets;
  const versions = collection.get(name) as VersionOf[K][] | undefined;
  return { name, version: pickVersion(kind, versions, name, req.params.version || undefined) };
}

export const newVersion = (id: string) => id.replace(/-/g, '');
