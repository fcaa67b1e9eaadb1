// The Key Vault data plane of one vault: the bearer challenge first (clients start without a
// token and learn the authority from `WWW-Authenticate`), then the certificate and secret routes.
import type { Engine } from '../context.js';
import type { EmuRequest, EmuResponse } from '../types.js';
import { VaultError } from './bundles.js';
import {
  getCertificate,
  getPolicy,
  importCertificate,
  listCertificateVersions,
  listCertificates,
  updateCertificate,
} from './certificates.js';
import { deleteEntry, getDeleted, purgeDeleted, recoverDeleted } from './deletion.js';
import {
  createCertificate,
  getPendingOperation,
  mergeCertificate,
} from './pending-certificates.js';
import { getSecret, listSecretVersions, listSecrets, setSecret, updateSecret } from './secrets.js';
import type { VaultHandler } from './vault-request.js';

const N = '(?<name>[0-9a-zA-Z-]+)';
const V = '(?<version>[0-9a-zA-Z]*)';

const vaultRoutes: [string, RegExp, VaultHandler][] = [
  ['POST', new RegExp(`^/certificates/${N}/import$`), importCertificate],
  ['POST', new RegExp(`^/certificates/${N}/create$`), createCertificate],
  ['GET', new RegExp(`^/certificates/${N}/pending$`), getPendingOperation],
  ['POST', new RegExp(`^/certificates/${N}/pending/merge$`), mergeCertificate],
  ['DELETE', new RegExp(`^/certificates/${N}/?$`), deleteEntry('Certificate')],
  ['GET', new RegExp(`^/deletedcertificates/${N}/?$`), getDeleted('Certificate')],
  ['DELETE', new RegExp(`^/deletedcertificates/${N}/?$`), purgeDeleted('Certificate')],
  ['POST', new RegExp(`^/deletedcertificates/${N}/recover$`), recoverDeleted('Certificate')],
  ['DELETE', new RegExp(`^/secrets/${N}/?$`), deleteEntry('Secret')],
  ['GET', new RegExp(`^/deletedsecrets/${N}/?$`), getDeleted('Secret')],
  ['DELETE', new RegExp(`^/deletedsecrets/${N}/?$`), purgeDeleted('Secret')],
  ['POST', new RegExp(`^/deletedsecrets/${N}/recover$`), recoverDeleted('Secret')],
  ['GET', new RegExp(`^/certificates/${N}/versions$`), listCertificateVersions],
  ['GET', new RegExp(`^/certificates/${N}/policy$`), getPolicy],
  ['GET', /^\/certificates\/?$/, listCertificates],
  ['GET', new RegExp(`^/certificates/${N}(/${V})?/?$`), getCertificate],
  ['PATCH', new RegExp(`^/certificates/${N}(/${V})?/?$`), updateCertificate],
  ['GET', new RegExp(`^/secrets/${N}/versions$`), listSecretVersions],
  ['GET', /^\/secrets\/?$/, listSecrets],
  ['PUT', new RegExp(`^/secrets/${N}/?$`), setSecret],
  ['GET', new RegExp(`^/secrets/${N}(/${V})?/?$`), getSecret],
  ['PATCH', new RegExp(`^/secrets/${N}(/${V})?/?$`), updateSecret],
];

function vaultError(status: number, code: string, message: string): EmuResponse {
  return { status, body: { error: { code, message } } };
}

function challenge(engine: Engine): EmuResponse {
  const authority = `https://login.microsoftonline.com/${engine.config.tenantId}`;
  return {
    status: 401,
    headers: {
      'www-authenticate': `Bearer authorization="${authority}", resource="https://vault.azure.net"`,
    },
    body: {
      error: {
        code: 'Unauthorized',
        message: 'AKV10000: Request is missing a Bearer or PoP token.',
      },
    },
  };
}

export function keyVaultDispatch(engine: Engine, vaultName: string, req: EmuRequest): EmuResponse {
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return challenge(engine);
  const vault = engine.state.vaults.get(vaultName.toLowerCase());
  if (!vault)
    return vaultError(
      404,
      'VaultNotFound',
      `The vault '${vaultName}' does not exist (deleted or never created through ARM).`,
    );
  if (!req.query.get('api-version'))
    return vaultError(400, 'BadParameter', "The 'api-version' query parameter is missing.");
  for (const [method, pattern, handler] of vaultRoutes) {
    const m = method === req.method ? pattern.exec(req.path) : null;
    if (!m) continue;
    try {
      return handler(engine, vault, {
        params: { ...(m.groups ?? {}) },
        body: req.body,
        origin: req.origin,
        query: req.query,
      });
    } catch (err) {
      if (err instanceof VaultError) return vaultError(err.status, err.code, err.message);
      throw err;
    }
  }
  return vaultError(
    400,
    'BadParameter',
    `The emulator does not serve ${req.method} ${req.path} on Key Vault.`,
  );
}
