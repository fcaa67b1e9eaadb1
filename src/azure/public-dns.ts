// Azure DNS adapter for the user's public zone: the TXT records of ACME DNS-01 challenges.
import type { DnsManagementClient, RecordSet } from '@azure/arm-dns';
import { AppError } from '../errors.js';
import { carriesMarks } from '../plan/index.js';
import { toAppError } from './azure-error.js';
import { lazyArmClient, type AzureConnection } from './connection.js';
import { commonJsExports } from './on-first-use.js';

/**
 * TXT records in a public Azure DNS zone, for ACME DNS-01. The zone is the user's and may hold
 * record sets of other teams, so every record set this adapter writes carries the owner's
 * metadata, and one without it is never replaced nor deleted (NotOwned). Writes are conditional
 * (specification/dns/…/2018-05-01/dns.json, RecordSets_CreateOrUpdate / RecordSets_Delete): a
 * create is sent If-None-Match `*`, a replace or delete If-Match the etag read; a 412 (changed
 * since it was read) reads and checks once more, then fails as a conflict. Deleting an absent
 * record set succeeds.
 */
export interface PublicDnsZone {
  readonly zone: string;
  setTxt(relativeName: string, values: readonly string[], ttl: number): Promise<void>;
  deleteTxt(relativeName: string): Promise<void>;
  /** The zone's authoritative name servers, as Azure assigned them. */
  nameServers(): Promise<string[]>;
}

export interface PublicZoneTarget {
  subscriptionId: string;
  resourceGroup: string;
  zone: string;
  /** The metadata that marks a record set as the caller's (src/plan/tags.ts `environmentMarks`). */
  owner: Readonly<Record<string, string>>;
}

type RecordSets = Pick<DnsManagementClient['recordSets'], 'get' | 'createOrUpdate' | 'delete'>;

const ATTEMPTS = 2;

export function createPublicDnsZone(
  connection: AzureConnection,
  target: PublicZoneTarget,
): PublicDnsZone {
  const client = lazyArmClient(
    async () => (await commonJsExports(import('@azure/arm-dns'))).DnsManagementClient,
    connection,
    target.subscriptionId,
  );
  const recordSets: RecordSets = {
    get: async (...call) => (await client()).recordSets.get(...call),
    createOrUpdate: async (...call) => (await client()).recordSets.createOrUpdate(...call),
    delete: async (...call) => (await client()).recordSets.delete(...call),
  };
  return publicDnsZone(recordSets, target, async () => {
    try {
      const { zones } = await client();
      return (await zones.get(target.resourceGroup, target.zone)).nameServers ?? [];
    } catch (error) {
      throw toAppError(error, `GET dnsZones/${target.zone} in ${target.resourceGroup}`);
    }
  });
}

export function publicDnsZone(
  recordSets: RecordSets,
  target: PublicZoneTarget,
  nameServers: () => Promise<string[]>,
): PublicDnsZone {
  const { resourceGroup, zone, owner } = target;
  const where = (name: string) => `TXT ${name}.${zone}`;
  const read = async (name: string): Promise<RecordSet | undefined> => {
    try {
      return await recordSets.get(resourceGroup, zone, name, 'TXT');
    } catch (error) {
      const failure = toAppError(error, `GET ${where(name)}`);
      if (failure.kind === 'not-found') return undefined;
      throw failure;
    }
  };
  /** Runs `write` on a fresh read of a record set that is absent or ours, re-reading once on 412. */
  const conditionally = async (
    name: string,
    what: string,
    write: (current: RecordSet | undefined) => Promise<unknown>,
  ): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const current = await read(name);
      if (current && !carriesMarks(current.metadata, owner))
        throw notOwned(where(name), current, owner);
      try {
        await write(current);
        return;
      } catch (error) {
        const failure = toAppError(error, `${what} ${where(name)}`);
        if (failure.code !== 'PreconditionFailed') throw failure;
        if (attempt >= ATTEMPTS) throw changedMeanwhile(where(name), failure);
      }
    }
  };
  return {
    zone,
    setTxt: (name, values, ttl) =>
      conditionally(name, 'PUT', (current) =>
        recordSets.createOrUpdate(
          resourceGroup,
          zone,
          name,
          'TXT',
          { ttl, txtRecords: values.map((value) => ({ value: [value] })), metadata: { ...owner } },
          current?.etag ? { ifMatch: current.etag } : { ifNoneMatch: '*' },
        ),
      ),
    deleteTxt: (name) =>
      conditionally(name, 'DELETE', async (current) => {
        if (current)
          await recordSets.delete(resourceGroup, zone, name, 'TXT', { ifMatch: current.etag });
      }),
    nameServers,
  };
}

function changedMeanwhile(what: string, failure: AppError): AppError {
  return new AppError(
    'conflict',
    'ChangedMeanwhile',
    `${what} changed between each of ${ATTEMPTS} reads and the write that followed (${failure.detail}): someone else is writing it at the same time. Nothing was overwritten`,
    { cause: failure },
  );
}

/** A record set that exists without the owner's metadata: someone else's, left as it is. */
function notOwned(what: string, current: RecordSet, owner: Readonly<Record<string, string>>) {
  const found = Object.entries(current.metadata ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const wanted = Object.entries(owner)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return new AppError(
    'validation',
    'NotOwned',
    `${what} already exists and is not this environment's: its metadata is ${found ? `{${found}}` : 'empty'}, not {${wanted}}. Nothing was changed. Another process (another environment, a person, another ACME client) is using this name: wait until it is done and remove it if it is a leftover, then deploy again`,
  );
}
