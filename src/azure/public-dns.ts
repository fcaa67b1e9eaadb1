// Azure DNS adapter for the user's public zone: the TXT records of ACME DNS-01 challenges.
import { DnsManagementClient } from '@azure/arm-dns';
import { toAppError } from './azure-error.js';
import type { AzureConnection } from './connection.js';

/**
 * TXT records in a public Azure DNS zone, for ACME DNS-01. Each record set carries metadata that
 * marks it as ours. Deleting an absent record set (404) succeeds.
 */
export interface PublicDnsZone {
  readonly zone: string;
  setTxt(relativeName: string, values: readonly string[], ttl: number): Promise<void>;
  deleteTxt(relativeName: string): Promise<void>;
  /** The zone's authoritative name servers, as Azure assigned them. */
  nameServers(): Promise<string[]>;
}

export function createPublicDnsZone(
  connection: AzureConnection,
  target: { subscriptionId: string; resourceGroup: string; zone: string },
): PublicDnsZone {
  const client = new DnsManagementClient(
    connection.credential,
    target.subscriptionId,
    connection.armOptions,
  );
  const { resourceGroup, zone } = target;
  const where = (name: string) => `TXT ${name}.${zone}`;
  return {
    zone,
    async setTxt(relativeName, values, ttl) {
      try {
        await client.recordSets.createOrUpdate(resourceGroup, zone, relativeName, 'TXT', {
          ttl,
          txtRecords: values.map((value) => ({ value: [value] })),
          metadata: { 'managed-by': 'aci-vnet-sidecars' },
        });
      } catch (error) {
        throw toAppError(error, `PUT ${where(relativeName)}`);
      }
    },
    async deleteTxt(relativeName) {
      try {
        await client.recordSets.delete(resourceGroup, zone, relativeName, 'TXT');
      } catch (error) {
        const failure = toAppError(error, `DELETE ${where(relativeName)}`);
        if (failure.kind !== 'not-found') throw failure;
      }
    },
    async nameServers() {
      try {
        return (await client.zones.get(resourceGroup, zone)).nameServers ?? [];
      } catch (error) {
        throw toAppError(error, `GET dnsZones/${zone} in ${resourceGroup}`);
      }
    },
  };
}
