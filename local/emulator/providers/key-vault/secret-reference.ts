// How another service (Application Gateway) resolves a Key Vault secret identifier
// `https://{vault}/secrets/{name}[/{version}]` against the emulator's vaults: by the vault's
// loopback origin, or by `{vault}.vault.azure.net`. Names are case-insensitive in Key Vault.
import type { EmulatorContext } from '../../core/context.js';
import type { VaultData, VaultSecretVersion } from '../../core/model.js';
import { readPfx } from './data-plane/pkcs12.js';

export type SecretResolution =
  | { kind: 'found'; vault: VaultData; name: string; secret: VaultSecretVersion }
  | { kind: 'vault-not-found'; host: string }
  | { kind: 'deleted'; vault: VaultData; name: string }
  | { kind: 'not-found'; vault: VaultData; name: string; version?: string };

/** The secret name and optional version of an identifier, or nothing when it is not one. */
export function parseSecretId(
  id: string,
): { url: URL; name: string; version?: string } | undefined {
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    return undefined;
  }
  const match = /^\/secrets\/([0-9a-zA-Z-]+)(?:\/([0-9a-zA-Z]+))?\/?$/.exec(url.pathname);
  if (url.protocol !== 'https:' || !match?.[1]) return undefined;
  return { url, name: match[1], ...(match[2] ? { version: match[2] } : {}) };
}

function vaultAt(ctx: EmulatorContext, url: URL): VaultData | undefined {
  const vaults = [...ctx.state.vaults.values()];
  const byPort = vaults.find((v) => url.port !== '' && v.port === Number(url.port));
  const label = url.hostname.endsWith('.vault.azure.net') ? url.hostname.split('.')[0] : undefined;
  return byPort ?? vaults.find((v) => v.name.toLowerCase() === label?.toLowerCase());
}

/**
 * The secret version an identifier names: the pinned one, `version` when given (a version the
 * caller already holds), else the latest.
 */
export function resolveSecret(
  ctx: EmulatorContext,
  id: string,
  version?: string,
): SecretResolution | undefined {
  const ref = parseSecretId(id);
  if (!ref) return undefined;
  const vault = vaultAt(ctx, ref.url);
  if (!vault) return { kind: 'vault-not-found', host: ref.url.host };
  const lower = ref.name.toLowerCase();
  const entry = [...vault.secrets].find(([n]) => n.toLowerCase() === lower);
  if (!entry) {
    const deleted = vault.deleted.has(`secrets/${lower}`);
    return deleted
      ? { kind: 'deleted', vault, name: ref.name }
      : { kind: 'not-found', vault, name: ref.name };
  }
  const [name, versions] = entry;
  const wanted = ref.version ?? version;
  const secret = wanted ? versions.find((v) => v.version === wanted) : versions.at(-1);
  if (!secret) return { kind: 'not-found', vault, name, ...(wanted ? { version: wanted } : {}) };
  return { kind: 'found', vault, name, secret };
}

/** Whether a base64 PFX without password opens and holds a private key. */
export function pfxHasPrivateKey(value: string): boolean {
  try {
    return readPfx(value, '').keyPem !== undefined;
  } catch {
    return false;
  }
}
