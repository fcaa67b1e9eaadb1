import type { Vault } from '../../../src/azure/key-vault.js';
import type { ResourceStore } from '../../../src/azure/resources.js';
import { AppError, classifyFailure } from '../../../src/errors.js';
import { firstPrivateIpv4, type Interfaces } from '../../shared/private-ip.js';
import { writeFileAtomic } from './atomic-write.js';
import type { InitConfig } from './config.js';
import { upsertARecord } from './dns-record.js';
import { retryForbidden, type ForbiddenRetry } from './retry-forbidden.js';
import { splitPemBundle } from './tls-bundle.js';

export interface InitDeps {
  store: Pick<ResourceStore, 'get' | 'put'>;
  vault: Pick<Vault, 'getSecret'>;
  interfaces: () => Interfaces;
  retry: ForbiddenRetry;
  log: (line: string) => void;
}

export interface InitResult {
  ip: string;
  record: 'created' | 'updated' | 'unchanged';
  files: string[];
}

/** Adds what to do to a failure of one step, keeping its kind and code. */
function explained(error: unknown, hint: (kind: string) => string | undefined): AppError {
  const failure = classifyFailure(error);
  const advice = hint(failure.kind);
  return new AppError(
    failure.kind,
    failure.code,
    advice ? `${failure.message}; ${advice}` : failure.message,
    {
      cause: error,
    },
  );
}

function privateIp(deps: InitDeps): string {
  const found = firstPrivateIpv4(deps.interfaces());
  if (!found) {
    throw new AppError(
      'unexpected',
      'NoPrivateIp',
      'no network interface has a non-internal IPv4 address; the container group must be deployed into a VNet subnet (subnetIds)',
    );
  }
  deps.log(`init: private IP ${found.address} (${found.interfaceName})`);
  return found.address;
}

async function registerIp(config: InitConfig, deps: InitDeps, ip: string) {
  const input = { zoneId: config.zoneId, name: config.recordName, ip, ttl: config.ttl };
  try {
    return await retryForbidden(
      `writing A record ${config.recordName}`,
      () => upsertARecord(deps.store, input),
      deps.retry,
    );
  } catch (error) {
    throw explained(error, (kind) =>
      kind === 'forbidden'
        ? `grant the workload identity (AZURE_CLIENT_ID) Private DNS Zone Contributor on ${config.zoneId}`
        : kind === 'not-found'
          ? `create the private DNS zone ${config.zoneId} first (deploy the environment)`
          : undefined,
    );
  }
}

async function fetchBundle(config: InitConfig, deps: InitDeps) {
  const name = config.certificateName;
  let pem: string | undefined;
  try {
    pem = await retryForbidden(
      `reading secret ${name}`,
      () => deps.vault.getSecret(name),
      deps.retry,
    );
  } catch (error) {
    throw explained(error, (kind) =>
      kind === 'forbidden'
        ? `grant the workload identity (AZURE_CLIENT_ID) Key Vault Secrets User on the vault ${config.vaultUrl}`
        : undefined,
    );
  }
  if (pem === undefined) {
    throw new AppError(
      'not-found',
      'CertificateNotFound',
      `certificate ${name} is not in ${config.vaultUrl}; issue it first (the certificate stage of the deployment)`,
    );
  }
  return splitPemBundle(pem, name);
}

/**
 * The init container's job, in order: the group's IP from its own interface, the A record in the
 * private zone, the certificate from Key Vault, then tls.crt, tls.key and nginx.conf written into
 * TLS_DIR. Throws an AppError whose message says what failed and what to do.
 */
export async function runInit(config: InitConfig, deps: InitDeps): Promise<InitResult> {
  const ip = privateIp(deps);
  const record = await registerIp(config, deps, ip);
  deps.log(`init: A record ${config.recordName} → ${ip}: ${record}`);
  const bundle = await fetchBundle(config, deps);
  const files = [
    { name: 'tls.crt', content: bundle.chainPem, mode: 0o644 },
    { name: 'tls.key', content: bundle.keyPem, mode: 0o600 },
    { name: 'nginx.conf', content: config.nginxConf, mode: 0o644 },
  ];
  try {
    for (const file of files) await writeFileAtomic(config.tlsDir, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new AppError(
      'unexpected',
      'TlsDirUnwritable',
      `cannot write into TLS_DIR ${config.tlsDir} (${code}); mount the shared emptyDir volume there, writable`,
      { cause: error },
    );
  }
  const expires = bundle.leaf.notAfter.toISOString();
  deps.log(
    `init: wrote ${files.map((f) => f.name).join(', ')} to ${config.tlsDir} (${bundle.leaf.subject}, ${bundle.leaf.count} certificates, expires ${expires})`,
  );
  return { ip, record, files: files.map((f) => f.name) };
}
