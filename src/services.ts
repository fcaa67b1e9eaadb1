// The services workflows use outside themselves (Azure clients, DNS, clock), built from settings.
import { lookup as lookupHost } from 'node:dns/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundedSleep, type ActivityDeadline } from './activity-deadline.js';
import type { AzureConnection } from './azure/connection.js';
import { createVault, type Vault } from './azure/key-vault.js';
import {
  createPublicDnsZone,
  type PublicDnsZone,
  type PublicZoneTarget,
} from './azure/public-dns.js';
import { createResourceStore, type ResourceStore } from './azure/resources.js';
import type { NameServer } from './certs/txt-lookup.js';
import { zoneNameServers } from './certs/zone-name-servers.js';
import type { AppSettings } from './settings.js';
import { scopedSink, type LogScope, type LogSink } from './telemetry/log-scope.js';

/** Everything a stage touches outside itself, built once per process from the settings. */
export interface AppServices {
  settings: AppSettings;
  connection: AzureConnection;
  /** ARM by resource id; with a deadline, every call and wait stops at it (resources.ts). */
  store: (subscriptionId: string, deadline?: ActivityDeadline) => ResourceStore;
  vault: (url: string) => Vault;
  publicZone: (target: PublicZoneTarget) => PublicDnsZone;
  /**
   * Every authoritative name server of the zone, each asked directly (locally: the emulator's
   * name servers, at the addresses ACI_VNET_SIDECARS_NAME_SERVERS gives).
   */
  nameServers: (zone: PublicDnsZone) => Promise<NameServer[]>;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Structured log lines: in an activity run, each carries its environment, stage and instance. */
  log: LogSink;
  /** Set for one activity run (`forActivityRun`): when it must stop waiting on Azure. */
  deadline?: ActivityDeadline;
  /**
   * The Durable instances of this app, for an activity that must know whether another workflow
   * of its environment runs (the gateway's one writer, src/environments/gateway-writers.ts).
   * Absent outside a Functions host.
   */
  instances?: InstanceStatuses;
}

/** The runtime status of a Durable instance (`Running`, `Completed`, …), undefined when unknown. */
export type InstanceStatuses = (instanceId: string) => Promise<string | undefined>;

/**
 * The services of one activity run: the same clients, with its deadline (every store call and
 * sleep stops at it), its log scope on every line, and, when the host gave it one, a view of the
 * app's Durable instances.
 */
export function forActivityRun(
  services: AppServices,
  deadline: ActivityDeadline,
  instances?: InstanceStatuses,
  scope?: LogScope,
): AppServices {
  return {
    ...services,
    deadline,
    sleep: boundedSleep(services.sleep, deadline),
    ...(scope ? { log: scopedSink(services.log, scope) } : {}),
    ...(instances ? { instances } : {}),
  };
}

export function createAppServices(
  settings: AppSettings,
  connection: AzureConnection,
  log: LogSink,
): AppServices {
  return {
    settings,
    connection,
    store: (subscriptionId, deadline) => createResourceStore(connection, subscriptionId, deadline),
    vault: (url) => createVault(connection, url),
    publicZone: (target) => createPublicDnsZone(connection, target),
    nameServers: (zone) =>
      zoneNameServers(zone, settings, async (host) => (await lookupHost(host)).address),
    now: () => new Date(),
    sleep: (ms) => sleep(ms).then(() => undefined),
    log,
  };
}
