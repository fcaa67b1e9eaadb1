// What runs around the container groups: the managed identity endpoint their containers get
// tokens from, the PostgreSQL twin of Azure SQL, and one local gateway per Application Gateway.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { EmulatorAdmin } from './emulator-admin.js';
import { containerDatabaseEnv, followAzureSqlTwin, startPostgresServer } from './database/index.js';
import {
  BACKEND_HEALTH_ROUTE,
  createLocalGateway,
  keyVaultSecretReader,
  type LocalGateway,
} from './gateway/index.js';
import { identityLookup, IDENTITY_TYPE, type IdentityLookup } from './group-identities.js';
import type { IdentityRegistry } from './group-run.js';
import { emulatorTokenMinter, startImdsEndpoint } from './identity/index.js';
import { loopbackMap } from './loopback.js';
import type { ArmRecord } from './types.js';

export interface ServiceOptions {
  armUrl: string;
  caPem: string;
  stateDir: string;
  logsDir: string;
  timeScale: number;
  gatewayPort: (frontendPort: number) => number;
  wellKnownRoots?: readonly string[];
  log: (line: string) => void;
}

export interface WorkloadServices {
  identity: IdentityRegistry;
  identities: () => IdentityLookup;
  databaseEnv: (
    env: Record<string, string>,
    group: { identityName: string | undefined; address: string },
  ) => Record<string, string>;
  follow(records: readonly ArmRecord[]): Promise<void>;
  status(): Record<string, unknown>;
  stop(): Promise<void>;
}

const GATEWAY_TYPE = 'microsoft.network/applicationgateways';
const SQL_TYPES = ['microsoft.sql/servers', 'microsoft.sql/servers/databases'];

export async function startWorkloadServices(
  options: ServiceOptions,
  admin: EmulatorAdmin,
): Promise<WorkloadServices> {
  const mintToken = emulatorTokenMinter();
  const imds = await startImdsEndpoint({ mintToken, log: options.log });
  options.log(`runtime: managed identity endpoint at ${imds.url}`);
  const dataDir = postgresDataDir(options.stateDir);
  const postgres = await startPostgresServer({
    dataDir: dataDir.path,
    logFile: join(options.logsDir, 'postgres.log'),
  });
  options.log(`runtime: PostgreSQL (the twin of Azure SQL) on 127.0.0.1:${postgres.port}`);
  const sqlTwin = followAzureSqlTwin(postgres, options.log);
  let lookup: IdentityLookup = identityLookup([]);
  const gateways = new Map<string, LocalGateway>();
  const readSecret = keyVaultSecretReader({ caPem: options.caPem, mintToken });

  function gatewayFor(record: ArmRecord): LocalGateway {
    const key = record.id.toLowerCase();
    let gateway = gateways.get(key);
    if (!gateway) {
      gateway = createLocalGateway({
        loopback: loopbackMap,
        listenPort: options.gatewayPort,
        readSecret,
        timeScale: options.timeScale,
        reportHealth: (report) =>
          admin.post(BACKEND_HEALTH_ROUTE, { gatewayId: record.id, ...report }, 'PUT'),
        log: (line) => options.log(`${record.name}: ${line}`),
        now: Date.now,
        principalIdOf: (id) => lookup(id)?.principalId,
        wellKnownRoots: [...rootCertificates, ...(options.wellKnownRoots ?? [])],
      });
      gateways.set(key, gateway);
    }
    return gateway;
  }

  return {
    identity: imds,
    identities: () => lookup,
    databaseEnv: (env, group) =>
      containerDatabaseEnv(env, group, { host: postgres.host, port: postgres.port }),
    async follow(records) {
      lookup = identityLookup(
        records.filter((r) => r.type.toLowerCase() === IDENTITY_TYPE.toLowerCase()),
      );
      await sqlTwin.follow(records.filter((r) => SQL_TYPES.includes(r.type.toLowerCase())));
      const seen = new Set<string>();
      for (const record of records) {
        if (record.type.toLowerCase() !== GATEWAY_TYPE) continue;
        seen.add(record.id.toLowerCase());
        gatewayFor(record).update(record);
      }
      for (const [key, gateway] of gateways) {
        if (seen.has(key)) continue;
        gateways.delete(key);
        await gateway.close();
      }
    },
    status: () => ({
      identityEndpoint: imds.url,
      database: { host: postgres.host, port: postgres.port, ...sqlTwin.status() },
      gateways: [...gateways.entries()].map(([id, gateway]) => ({
        id,
        name: id.slice(id.lastIndexOf('/') + 1),
        listeners: gateway.listeners(),
        certificates: gateway.certificates(),
        health: poolHealth(gateway),
      })),
    }),
    async stop() {
      await Promise.all([...gateways.values()].map((g) => g.close()));
      await imds.close();
      await postgres.stop();
      dataDir.remove();
    },
  };
}

/**
 * Where the cluster lives. As root, PostgreSQL runs as the `postgres` user, which must enter every
 * folder above its data; a state dir under a private folder (0700, as mkdtemp makes) would stop
 * it, so the cluster then lives in its own folder under the system's temporary directory.
 */
function postgresDataDir(stateDir: string): { path: string; remove: () => void } {
  if (process.getuid?.() !== 0)
    return { path: join(stateDir, 'postgres'), remove: () => undefined };
  const parent = mkdtempSync(join(tmpdir(), 'avs-postgres-'));
  chmodSync(parent, 0o711);
  return {
    path: join(parent, 'data'),
    remove: () => rmSync(parent, { recursive: true, force: true }),
  };
}

/** Per pool: each server's address and health, flattened over backend settings. */
function poolHealth(gateway: LocalGateway) {
  return gateway.health().backendAddressPools.map((pool) => ({
    pool: pool.backendAddressPool.id.slice(pool.backendAddressPool.id.lastIndexOf('/') + 1),
    servers: pool.backendHttpSettingsCollection.flatMap((s) =>
      s.servers.map((server) => ({ address: server.address, health: server.health })),
    ),
  }));
}
