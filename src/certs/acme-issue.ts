// Issues a LetsEncrypt (ACME) certificate with DNS-01 challenges in the public Azure DNS zone.
import { createPrivateKey } from 'node:crypto';
import acme from 'acme-client';
import { AppError } from '../errors.js';
import type { PublicDnsZone } from '../azure/public-dns.js';
import { challengeRecords, type ChallengeValue, type TxtRecord } from './challenge-records.js';
import { waitForTxtRecords, type PropagationOptions } from './propagation.js';

export type KeyType = 'ec-p256' | 'ec-p384' | 'rsa-2048' | 'rsa-3072';

export interface IssueRequest {
  directoryUrl: string;
  email: string;
  names: readonly string[];
  keyType: KeyType;
  /** PEM of the ACME account key (kept in Key Vault and reused). */
  accountKey: string;
  zone: PublicDnsZone;
  /** TTL of the challenge records: short, so a retry is not answered with a stale value. */
  challengeTtl: number;
  propagation: PropagationOptions;
  log: (line: string) => void;
}

export interface IssuedCertificate {
  /** PKCS#8 private key followed by the certificate chain, leaf first: Key Vault's PEM import. */
  pemBundle: string;
}

/**
 * Issues a certificate by ACME DNS-01 on the public Azure DNS zone: order, write every challenge
 * TXT record, wait until the zone's authoritative server answers them, answer the challenges,
 * finalize, download the chain. The TXT records are removed whatever happens.
 */
export async function issueCertificate(request: IssueRequest): Promise<IssuedCertificate> {
  const client = new acme.Client({
    directoryUrl: request.directoryUrl,
    accountKey: request.accountKey,
  });
  let written: TxtRecord[] = [];
  try {
    await client.createAccount({
      termsOfServiceAgreed: true,
      contact: [`mailto:${request.email}`],
    });
    const order = await client.createOrder({
      identifiers: request.names.map((value) => ({ type: 'dns', value })),
    });
    const pending = await pendingChallenges(client, order);
    written = challengeRecords(
      pending.map((p) => p.value),
      request.zone.zone,
    );
    for (const record of written) {
      request.log(
        `writing TXT ${record.relativeName}.${request.zone.zone} (${record.values.length} value${record.values.length === 1 ? '' : 's'})`,
      );
      await request.zone.setTxt(record.relativeName, record.values, request.challengeTtl);
    }
    const attempts = await waitForTxtRecords(written, request.propagation);
    request.log(
      `DNS answers every challenge (after ${attempts} ${attempts === 1 ? 'query' : 'queries'}); asking the ACME server to validate`,
    );
    for (const p of pending) {
      await client.completeChallenge(p.challenge);
      await client.waitForValidStatus(p.authorization);
    }
    const [key, csr] = await acme.crypto.createCsr(
      { commonName: commonName(request.names), altNames: [...request.names] },
      await privateKey(request.keyType),
    );
    const finalized = await client.finalizeOrder(order, csr);
    const chain = await client.getCertificate(finalized);
    const pkcs8 = createPrivateKey(key).export({ format: 'pem', type: 'pkcs8' }).toString();
    return { pemBundle: `${pkcs8.trim()}\n${chain.trim()}\n` };
  } catch (error) {
    throw acmeFailure(error, request.directoryUrl);
  } finally {
    await removeRecords(request, written);
  }
}

interface PendingChallenge {
  authorization: acme.Authorization;
  challenge: Parameters<acme.Client['completeChallenge']>[0];
  value: ChallengeValue;
}

/** Authorizations still to prove; ones the CA already holds as valid need no record. */
async function pendingChallenges(
  client: acme.Client,
  order: acme.Order,
): Promise<PendingChallenge[]> {
  const authorizations = await client.getAuthorizations(order);
  const pending: PendingChallenge[] = [];
  for (const authorization of authorizations) {
    if (authorization.status === 'valid') continue;
    const challenge = authorization.challenges.find((c) => c.type === 'dns-01');
    if (!challenge) {
      throw new AppError(
        'validation',
        'NoDnsChallenge',
        `the ACME server offers no dns-01 challenge for ${authorization.identifier.value}`,
      );
    }
    const value = await client.getChallengeKeyAuthorization(challenge);
    pending.push({
      authorization,
      challenge,
      value: { identifier: authorization.identifier.value, value },
    });
  }
  return pending;
}

async function removeRecords(request: IssueRequest, records: readonly TxtRecord[]): Promise<void> {
  for (const record of records) {
    try {
      await request.zone.deleteTxt(record.relativeName);
    } catch (error) {
      request.log(
        `could not remove TXT ${record.relativeName}.${request.zone.zone}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

function commonName(names: readonly string[]): string {
  return names.find((n) => !n.startsWith('*.')) ?? names[0] ?? '';
}

function privateKey(keyType: KeyType): Promise<Buffer> {
  switch (keyType) {
    case 'ec-p256':
      return acme.crypto.createPrivateEcdsaKey('P-256');
    case 'ec-p384':
      return acme.crypto.createPrivateEcdsaKey('P-384');
    case 'rsa-2048':
      return acme.crypto.createPrivateRsaKey(2048);
    case 'rsa-3072':
      return acme.crypto.createPrivateRsaKey(3072);
  }
}

const NETWORK_ERRORS = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up/;

function acmeFailure(error: unknown, directoryUrl: string): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (NETWORK_ERRORS.test(message)) {
    return new AppError(
      'transient',
      'AcmeUnreachable',
      `cannot reach the ACME server ${directoryUrl}: ${message}`,
      { cause: error },
    );
  }
  const code = /rateLimited/i.test(message) ? 'AcmeRateLimited' : 'AcmeFailed';
  return new AppError('validation', code, `ACME issuance from ${directoryUrl} failed: ${message}`, {
    cause: error,
  });
}
