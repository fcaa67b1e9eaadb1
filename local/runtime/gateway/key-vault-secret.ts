// Reads a listener certificate's secret from an emulated vault as the gateway's identity: the
// Key Vault data plane's Get Secret (`GET {vault}/secrets/{name}?api-version=7.4` with a bearer
// token for https://vault.azure.net; "If not specified the latest version of the secret will be
// retrieved"). The emulator's vaults live at https://127.0.0.1:PORT; anything else is refused
// before a connection is opened.
import { request } from 'node:https';
import type { MintToken } from '../types.js';
import { isLoopback } from '../loopback.js';
import type { GatewaySecret, ReadSecret } from './types.js';

const API_VERSION = '7.4';
const KEY_VAULT_AUDIENCE = 'https://vault.azure.net';
const TIMEOUT_MS = 10_000;

export interface KeyVaultSecretReaderOptions {
  /** The emulator's CA, which signs the vaults' certificates. */
  caPem: string;
  mintToken: MintToken;
}

/** The secret's URL to GET, or why the id cannot be read locally. */
export function secretUrl(secretId: string): URL | string {
  let id: URL;
  try {
    id = new URL(secretId);
  } catch {
    return `"${secretId}" is not a Key Vault secret identifier`;
  }
  const match = /^\/secrets\/([0-9a-zA-Z-]+)(?:\/([0-9a-zA-Z]+))?\/?$/.exec(id.pathname);
  if (id.protocol !== 'https:' || !match) {
    return `${secretId} is not https://{vault}/secrets/{name}[/{version}]`;
  }
  const host = id.hostname.replace(/^\[|\]$/g, '');
  if (!isLoopback(host)) {
    return `${secretId} is not an emulated vault on this machine's loopback (https://127.0.0.1:PORT); the local gateway reads no other`;
  }
  const url = new URL(`${id.origin}/secrets/${match[1]}${match[2] ? `/${match[2]}` : ''}`);
  url.searchParams.set('api-version', API_VERSION);
  return url;
}

function describe(status: number, body: string): string {
  try {
    const error = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
    if (error) return `${status} ${error.code ?? ''}: ${error.message ?? ''}`;
  } catch {
    // not JSON: the status says enough
  }
  return String(status);
}

export function keyVaultSecretReader(options: KeyVaultSecretReaderOptions): ReadSecret {
  return (secretId, identity) =>
    new Promise<GatewaySecret>((resolve, reject) => {
      const url = secretUrl(secretId);
      if (typeof url === 'string') {
        reject(new Error(url));
        return;
      }
      const token = options.mintToken(identity.principalId, KEY_VAULT_AUDIENCE);
      const req = request(
        url,
        { method: 'GET', ca: options.caPem, headers: { authorization: `Bearer ${token}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200) {
              reject(
                new Error(`GET ${url.pathname} answered ${describe(res.statusCode ?? 0, body)}`),
              );
              return;
            }
            const bundle = JSON.parse(body) as Partial<GatewaySecret>;
            if (typeof bundle.value !== 'string' || typeof bundle.id !== 'string') {
              reject(new Error(`GET ${url.pathname} answered a bundle without value or id`));
              return;
            }
            resolve({
              value: bundle.value,
              id: bundle.id,
              ...(typeof bundle.contentType === 'string'
                ? { contentType: bundle.contentType }
                : {}),
            });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`GET ${url.pathname} timed out`)));
      req.on('error', reject);
      req.end();
    });
}
