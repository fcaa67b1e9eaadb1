// The Key Vault data plane of one vault: the bearer challenge first (clients start without a
// token and learn the authority from `WWW-Authenticate`), then the caller's RBAC data action
// (rbac.ts), then the certificate and secret routes.
import type { EmulatorContext } from '../../../core/context.js';
import type { EmuRequest, EmuResponse } from '../../../core/model.js';
import { serveWithFaults, type DispatchResult } from '../../../core/pipeline.js';
import { matchRoute, route, type Route } from '../../../core/router.js';
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
import { createCertificate, mergeCertificate } from './pending-certificates.js';
import {
  deletePendingOperation,
  getPendingOperation,
  updatePendingOperation,
} from './pending-operations.js';
import { getSecret, listSecretVersions, listSecrets, setSecret, updateSecret } from './secrets.js';
import { rbacRefusal } from './rbac.js';
import type { VaultHandler } from './vault-request.js';

const N = '(?<name>[0-9a-zA-Z-]+)';
const V = '(?<version>[0-9a-zA-Z]*)';

const vaultRoutes: readonly Route<VaultHandler>[] = [
  route('importCertificate', 'POST', new RegExp(`^/certificates/${N}/import$`), importCertificate),
  route('createCertificate', 'POST', new RegExp(`^/certificates/${N}/create$`), createCertificate),
  route('getPending', 'GET', new RegExp(`^/certificates/${N}/pending$`), getPendingOperation),
  route(
    'cancelPending',
    'PATCH',
    new RegExp(`^/certificates/${N}/pending$`),
    updatePendingOperation,
  ),
  route(
    'deletePending',
    'DELETE',
    new RegExp(`^/certificates/${N}/pending$`),
    deletePendingOperation,
  ),
  route('merge', 'POST', new RegExp(`^/certificates/${N}/pending/merge$`), mergeCertificate),
  route(
    'deleteCertificate',
    'DELETE',
    new RegExp(`^/certificates/${N}/?$`),
    deleteEntry('Certificate'),
  ),
  route(
    'getDeletedCertificate',
    'GET',
    new RegExp(`^/deletedcertificates/${N}/?$`),
    getDeleted('Certificate'),
  ),
  route(
    'purgeCertificate',
    'DELETE',
    new RegExp(`^/deletedcertificates/${N}/?$`),
    purgeDeleted('Certificate'),
  ),
  route(
    'recoverCertificate',
    'POST',
    new RegExp(`^/deletedcertificates/${N}/recover$`),
    recoverDeleted('Certificate'),
  ),
  route('deleteSecret', 'DELETE', new RegExp(`^/secrets/${N}/?$`), deleteEntry('Secret')),
  route('getDeletedSecret', 'GET', new RegExp(`^/deletedsecrets/${N}/?$`), getDeleted('Secret')),
  route('purgeSecret', 'DELETE', new RegExp(`^/deletedsecrets/${N}/?$`), purgeDeleted('Secret')),
  route(
    'recoverSecret',
    'POST',
    new RegExp(`^/deletedsecrets/${N}/recover$`),
    recoverDeleted('Secret'),
  ),
  route(
    'certificateVersions',
    'GET',
    new RegExp(`^/certificates/${N}/versions$`),
    listCertificateVersions,
  ),
  route('certificatePolicy', 'GET', new RegExp(`^/certificates/${N}/policy$`), getPolicy),
  route('listCertificates', 'GET', /^\/certificates\/?$/, listCertificates),
  route('getCertificate', 'GET', new RegExp(`^/certificates/${N}(/${V})?/?$`), getCertificate),
  route(
    'updateCertificate',
    'PATCH',
    new RegExp(`^/certificates/${N}(/${V})?/?$`),
    updateCertificate,
  ),
  route('secretVersions', 'GET', new RegExp(`^/secrets/${N}/versions$`), listSecretVersions),
  route('listSecrets', 'GET', /^\/secrets\/?$/, listSecrets),
  route('setSecret', 'PUT', new RegExp(`^/secrets/${N}/?$`), setSecret),
  route('getSecret', 'GET', new RegExp(`^/secrets/${N}(/${V})?/?$`), getSecret),
  route('updateSecret', 'PATCH', new RegExp(`^/secrets/${N}(/${V})?/?$`), updateSecret),
];

function vaultError(status: number, code: string, message: string, inner?: string): EmuResponse {
  const innererror = inner ? { innererror: { code: inner } } : {};
  return { status, body: { error: { code, message, ...innererror } } };
}

function challenge(ctx: EmulatorContext): EmuResponse {
  const authority = `https://login.microsoftonline.com/${ctx.config.tenantId}`;
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

function vaultResponse(ctx: EmulatorContext, vaultName: string, req: EmuRequest): EmuResponse {
  if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) return challenge(ctx);
  const vault = ctx.state.vaults.get(vaultName.toLowerCase());
  if (!vault)
    return vaultError(
      404,
      'VaultNotFound',
      `The vault '${vaultName}' does not exist (deleted or never created through ARM).`,
    );
  if (!req.query.get('api-version'))
    return vaultError(400, 'BadParameter', "The 'api-version' query parameter is missing.");
  const match = matchRoute(vaultRoutes, req.method, req.path);
  if (!match)
    return vaultError(
      400,
      'BadParameter',
      `The emulator does not serve ${req.method} ${req.path} on Key Vault.`,
    );
  const { params } = match;
  const refusal = rbacRefusal(ctx, vaultName, req, match.route.name, params.name);
  if (refusal) return refusal;
  try {
    return match.route.handler(ctx, vault, {
      params,
      body: req.body,
      origin: req.origin,
      query: req.query,
    });
  } catch (err) {
    if (err instanceof VaultError)
      return vaultError(err.status, err.code, err.message, err.innerCode);
    throw err;
  }
}

/** A request to the origin of vault `vaultName`: faults apply even before the challenge. */
export function dispatchVault(
  ctx: EmulatorContext,
  vaultName: string,
  req: EmuRequest,
): DispatchResult {
  ctx.settle();
  return serveWithFaults(ctx, req, 'keyvault', () => vaultResponse(ctx, vaultName, req));
}
