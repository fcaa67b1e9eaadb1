// The local container runtime: what ACI and Application Gateway do with the emulator's records,
// done on this machine. It follows the emulator (one poll of its admin API every POLL_MS), runs
// every container group reported Running as processes on the group's loopback address
// (supervisor.ts, group-run.ts), gives their containers managed identity tokens as ACI's IMDS does
// (identity/), keeps a PostgreSQL twin of the Azure SQL database (database/), and serves each
// Application Gateway on 127.0.0.1 with its rules, probes and Key Vault certificate (gateway/).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorAdmin } from './emulator-admin.js';
import { startGroupRun, type GroupRunDeps } from './group-run.js';
import { loopbackMap } from './loopback.js';
import { installedNginxReadsHttp2Directive } from './nginx-http2.js';
import { startStatusServer } from './status-server.js';
import { createSupervisor } from './supervisor.js';
import type { ArmRecord } from './types.js';
import { startWorkloadServices, type WorkloadServices } from './services.js';

export interface RuntimeOptions {
  /** The emulator's ARM origin, https://127.0.0.1:P (its admin API lives under it). */
  armUrl: string;
  caFile: string;
  caPem: string;
  /** The emulator's DNS server, `127.0.0.1:P`: the VNet's resolver for the containers. */
  dnsServer: string;
  /** `.state/runtime`: group folders and the database's data. */
  stateDir: string;
  /** `.state/logs`: `<group>/<container>.log`, `postgres.log`. */
  logsDir: string;
  /** `dist/image-contexts`. */
  imagesDir: string;
  timeScale: number;
  /** Local port of a gateway's frontend port; 0 picks a free one. */
  gatewayPort: (frontendPort: number) => number;
  statusPort: number;
  /**
   * Roots the gateways trust besides Node's bundled ones, as Azure's gateway trusts well-known CAs:
   * the local ACME CA standing in for Let's Encrypt.
   */
  wellKnownRoots?: readonly string[];
  log: (line: string) => void;
}

export interface RuntimeHandle {
  readonly statusUrl: string;
  stop(): Promise<void>;
}

const POLL_MS = 250;

export const FOLLOWED_TYPES = [
  'Microsoft.ContainerInstance/containerGroups',
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  'Microsoft.Network/applicationGateways',
  'Microsoft.Sql/servers',
  'Microsoft.Sql/servers/databases',
] as const;

const ofType = (records: readonly ArmRecord[], type: string) =>
  records.filter((r) => r.type.toLowerCase() === type.toLowerCase());

export async function startRuntime(options: RuntimeOptions): Promise<RuntimeHandle> {
  const groupsDir = join(options.stateDir, 'groups');
  mkdirSync(groupsDir, { recursive: true });
  mkdirSync(options.logsDir, { recursive: true });
  const admin = emulatorAdmin(options.armUrl, options.caPem);
  const path = `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin:/sbin`;
  const nginxHttp2Directive = installedNginxReadsHttp2Directive(path);
  if (nginxHttp2Directive === undefined) {
    options.log('runtime: no nginx found (apt-get install nginx-light): the sidecars cannot start');
  }
  const services: WorkloadServices = await startWorkloadServices(options, admin);
  const deps: GroupRunDeps = {
    launch: {
      imagesDir: options.imagesDir,
      loopback: loopbackMap,
      baseEnv: {
        // nginx (the sidecar's) lives in /usr/sbin, which a non-root PATH may lack.
        PATH: path,
        ACI_VNET_SIDECARS_CLOUD: 'local',
        // DefaultAzureCredential tries only what runs in Azure (managed identity), never a
        // developer tool that would reach Entra over the internet.
        AZURE_TOKEN_CREDENTIALS: 'prod',
        ACI_VNET_SIDECARS_ARM_ENDPOINT: options.armUrl,
        ACI_VNET_SIDECARS_CA_FILE: options.caFile,
        DNS_SERVERS: options.dnsServer,
      },
      owner: { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 },
      timeScale: options.timeScale,
      nginxHttp2Directive: nginxHttp2Directive ?? true,
    },
    groupsDir,
    logsDir: options.logsDir,
    identity: services.identity,
    database: services.databaseEnv,
    identities: services.identities,
    reportExit: (containerGroupId, container, exit) =>
      admin.post('/_emulator/container-instance/exits', { containerGroupId, container, ...exit }),
    log: options.log,
    stopGraceMs: 3_000,
  };
  const supervisor = createSupervisor(
    (record, privateIp) => startGroupRun(record, privateIp, deps),
    options.log,
  );
  let failures = 0;
  let stopped = false;
  const poll = async () => {
    try {
      const records = await admin.resources(FOLLOWED_TYPES);
      failures = 0;
      await services.follow(records);
      supervisor.sync(ofType(records, FOLLOWED_TYPES[0]));
    } catch (error) {
      // Say it once per outage, not four times a second.
      if (failures++ === 0) options.log(`runtime: cannot read the emulator: ${String(error)}`);
    }
  };
  const loop = (async () => {
    while (!stopped) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  const status = await startStatusServer(options.statusPort, () => ({
    groups: supervisor.statuses(),
    ...services.status(),
  }));
  options.log(`runtime: status at ${status.url}`);
  return {
    statusUrl: status.url,
    async stop() {
      stopped = true;
      await loop;
      options.log('runtime: stopping every container group, the gateways and PostgreSQL');
      await Promise.all([supervisor.stopAll(), services.stop()]);
      await status.close();
      admin.close();
    },
  };
}
