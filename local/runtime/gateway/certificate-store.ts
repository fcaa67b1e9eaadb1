// The listeners' certificates, read from Key Vault with the gateway's identity and polled for new
// versions. "The instances poll Key Vault at four-hour intervals to retrieve a renewed version of
// the certificate, if it exists. If an updated certificate is found, the TLS/SSL certificate
// that's currently associated with the HTTPS listener is automatically rotated"
// (application-gateway/key-vault-certs.md, "Supported certificates"). Locally the four hours are
// scaled by the time scale, never below MIN_REFRESH_MS. A read that fails keeps the version
// served (the emulator's refreshGatewayCertificates does the same); a certificate never read
// leaves its listener without one: "If your Application Gateway is unable to fetch the
// certificate, the associated HTTPS listeners will be placed in a disabled state"
// (application-gateway-key-vault-common-errors.md).
import { createSecureContext, type SecureContext } from 'node:tls';
import { readListenerPfx, type ListenerCertificate } from './pfx.js';
import type { ReadSecret, ServedCertificate } from './types.js';

export const KEY_VAULT_POLL_MS = 4 * 60 * 60 * 1000;
export const MIN_REFRESH_MS = 1000;
const PFX = 'application/x-pkcs12';

export function refreshIntervalMs(timeScale: number): number {
  return Math.max(KEY_VAULT_POLL_MS * timeScale, MIN_REFRESH_MS);
}

export interface WantedCertificate {
  /** The sslCertificate's id (lower case). */
  id: string;
  name: string;
  keyVaultSecretId: string;
}

export interface LoadedCertificate extends ListenerCertificate {
  context: SecureContext;
  version: string;
}

interface Entry {
  wanted: WantedCertificate;
  /** The last problem logged, so a poll that keeps failing logs it once. */
  problem?: string;
  loaded?: LoadedCertificate & { loadedAt: number };
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

export interface CertificateStoreOptions {
  readSecret: ReadSecret;
  log: (line: string) => void;
  now: () => number;
  refreshMs: number;
  /** A certificate was loaded or rotated. */
  onChange: () => void;
}

export interface CertificateStore {
  /** Starts reading what is new or changed; resolves when those first reads are done. */
  sync(wanted: readonly WantedCertificate[], principalId: string | undefined): Promise<void>;
  loaded(id: string): LoadedCertificate | undefined;
  served(): ServedCertificate[];
  close(): void;
}

const versionOf = (secretId: string) => new URL(secretId).pathname.split('/').filter(Boolean)[2];

export function createCertificateStore(options: CertificateStoreOptions): CertificateStore {
  const entries = new Map<string, Entry>();
  let principalId: string | undefined;

  async function read(entry: Entry): Promise<void> {
    const { name, keyVaultSecretId } = entry.wanted;
    const what = `sslCertificate ${name} (${keyVaultSecretId})`;
    const problem = (message: string) => {
      if (message !== entry.problem) options.log(`${what}: ${message}`);
      entry.problem = message;
    };
    if (!principalId) {
      problem('the gateway has no user-assigned identity to read Key Vault with');
      return;
    }
    try {
      const secret = await options.readSecret(keyVaultSecretId, { principalId });
      const version = versionOf(secret.id) ?? secret.id;
      if (entry.stopped || version === entry.loaded?.version) return;
      if (secret.contentType !== PFX) {
        problem(
          `version ${version} is ${secret.contentType ?? 'untyped'}, not ${PFX}; keeping what is served`,
        );
        return;
      }
      const pem = readListenerPfx(secret.value);
      const context = createSecureContext({ key: pem.keyPem, cert: pem.certPem });
      const was = entry.loaded ? ` (was ${entry.loaded.version})` : '';
      entry.loaded = { ...pem, context, version, loadedAt: options.now() };
      entry.problem = undefined;
      options.log(`${what}: serving version ${version}${was}`);
      options.onChange();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      problem(`cannot read it from Key Vault, keeping what is served: ${message}`);
    }
  }

  function schedule(entry: Entry): void {
    if (entry.stopped) return;
    entry.timer = setTimeout(() => void read(entry).then(() => schedule(entry)), options.refreshMs);
    entry.timer.unref();
  }

  function stop(id: string): void {
    const entry = entries.get(id);
    if (!entry) return;
    entry.stopped = true;
    clearTimeout(entry.timer);
    entries.delete(id);
  }

  return {
    async sync(wanted, principal) {
      const identityChanged = principal !== principalId;
      principalId = principal;
      const reads: Promise<void>[] = [];
      const keep = new Set(wanted.map((w) => w.id));
      for (const id of [...entries.keys()]) if (!keep.has(id)) stop(id);
      for (const w of wanted) {
        const held = entries.get(w.id);
        if (held && held.wanted.keyVaultSecretId === w.keyVaultSecretId && !identityChanged)
          continue;
        stop(w.id);
        // What is served stays served until the new read replaces it.
        const entry: Entry = {
          wanted: w,
          stopped: false,
          ...(held?.loaded ? { loaded: held.loaded } : {}),
        };
        entries.set(w.id, entry);
        reads.push(read(entry).then(() => schedule(entry)));
      }
      await Promise.all(reads);
    },
    loaded: (id) => entries.get(id)?.loaded,
    served: () =>
      [...entries.values()].flatMap((e) =>
        e.loaded
          ? [
              {
                name: e.wanted.name,
                keyVaultSecretId: e.wanted.keyVaultSecretId,
                version: e.loaded.version,
                loadedAt: e.loaded.loadedAt,
              },
            ]
          : [],
      ),
    close() {
      for (const id of [...entries.keys()]) stop(id);
    },
  };
}
