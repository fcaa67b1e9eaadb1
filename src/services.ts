// The services workflows use outside themselves (Azure clients, DNS, clock), built from settings.
import { lookup as lookupHost } from 'node:dns/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AzureConnection } from './azure/connection.js';
import { createVault, type Vault } from './azure/key-vault.js';
import { createPublicDnsZone, type PublicDnsZone } from './azure/public-dns.js';
import { createResourceStore, type ResourceStore } from './azure/resources.js';
import { authoritativeTxtLookup, type TxtLookup } from './certs/txt-lookup.js';
import type { AppSettings } from './settings.js';

/** Everything a stage touches outside itself, built once per process from the settings. */
export interface AppServices {
  settings: AppSettings;
  connection: AzureConnection;
  store: (subscriptionId: string) => ResourceStore;
  vault: (url: string) => Vault;
  publicZone: (target: {
    subscriptionId: string;
    resourceGroup: string;
    zone: string;
  }) => PublicDnsZone;
  /** Asks the zone's authoritative server (locally: the emulator's DNS server). */
  txtLookup: (zone: PublicDnsZone) => Promise<TxtLookup>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: (line: string) => void;
}

export function createAppServices(
  settings: AppSettings,
  connection: AzureConnection,
  log: (line: string) => void,
): AppServices {
  return {
    settings,
    connection,
    store: (subscriptionId) => createResourceStore(connection, subscriptionId),
    vault: (url) => createVault(connection, url),
    publicZone: (target) => createPublicDnsZone(connection, target),
    txtLookup: async (zone) => {
      if (settings.dnsServer) return authoritativeTxtLookup(settings.dnsServer);
      // In Azure: the first of the zone's own name servers, so no resolver cache stands between.
      const [nameServer] = await zone.nameServers();
      if (!nameServer) throw new Error(`the public zone ${zone.zone} reports no name servers`);
      const { address } = await lookupHost(nameServer.replace(/\.$/, ''));
      return authoritativeTxtLookup({ host: address, port: 53 });
    },
    now: () => new Date(),
    sleep: (ms) => sleep(ms).then(() => undefined),
    log,
  };
}
