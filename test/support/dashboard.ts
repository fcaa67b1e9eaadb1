// The dashboard on one machine with a real PostgreSQL: two api apps whose database connections
// come from 127.0.0.2 and 127.0.0.3 (as two container groups' private IPs do in the VNet), and the
// dashboard served on 127.0.0.1, reading the access table as its own read-only user. ARM and Key
// Vault are stood in for by the groups and certificate given (their readers have their own tests).
import type { Server } from 'node:http';
import { createApiApp } from '../../images/api/src/app.js';
import { createDashboardApp } from '../../images/dash/src/app.js';
import type { CertificateExpiry } from '../../images/dash/src/certificate-expiry.js';
import type { GroupStatus } from '../../images/dash/src/group-status.js';
import { openPostgresDatabase } from '../../images/shared/database/postgres.js';
import type { WorkloadDatabase } from '../../images/shared/database/workload-database.js';
import type { FetchApp } from '../../images/shared/fetch-app.js';
import { boundPort, serve } from '../../images/shared/serve.js';
import { readFileSync } from 'node:fs';
import { createWorkloadSchema, startPostgres, type PostgresServer } from './postgres.js';

const GROUPS =
  '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg-contoso/providers/Microsoft.ContainerInstance/containerGroups';

/** The two app groups, as ARM would show them, each holding one of the two source addresses. */
export const SOURCES = [
  { address: '127.0.0.2', group: 'ci-contoso-app-1' },
  { address: '127.0.0.3', group: 'ci-contoso-app-2' },
] as const;

export type SourceAddress = (typeof SOURCES)[number]['address'];

const groups: GroupStatus[] = SOURCES.map((s, i) => ({
  id: `${GROUPS}/${s.group}`,
  name: s.group,
  state: 'Running',
  ip: s.address,
  restartCount: i,
}));

export interface DashboardRig {
  /** http://127.0.0.1:<port> */
  url: string;
  postgres: PostgresServer;
  /** Calls the api's `/api/sqlsrciplog` `times` times from the group holding `address`. */
  recordAccesses(address: SourceAddress, times: number): Promise<void>;
  stop(): Promise<void>;
}

async function callLog(api: FetchApp, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const response = await api.fetch(new Request('http://api/api/sqlsrciplog'));
    if (response.status !== 200) {
      throw new Error(`/api/sqlsrciplog answered ${response.status}: ${await response.text()}`);
    }
  }
}

export async function startDashboardRig(
  options: { certificate?: CertificateExpiry; log?: (line: string) => void } = {},
): Promise<DashboardRig> {
  const postgres = await startPostgres();
  const databases: WorkloadDatabase[] = [];
  let server: Server | undefined;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  try {
    await createWorkloadSchema(postgres);
    const apis = new Map<SourceAddress, FetchApp>();
    for (const source of SOURCES) {
      const database = openPostgresDatabase(postgres.settings('api', source.address));
      databases.push(database);
      apis.set(
        source.address,
        createApiApp({
          instance: () => ({
            containerGroup: source.group,
            hostname: source.group,
            privateIp: source.address,
          }),
          database,
          privateZones: [],
          resolveIpv4: () => Promise.resolve([]),
          log,
        }),
      );
    }
    const dashboardDatabase = openPostgresDatabase(postgres.settings('dashboard'));
    databases.push(dashboardDatabase);
    const app = createDashboardApp({
      environment: 'contoso',
      readGroups: () => Promise.resolve(groups),
      now: () => new Date(),
      database: dashboardDatabase,
      ...(options.certificate
        ? { readCertificate: () => Promise.resolve(options.certificate!) }
        : {}),
      clientScript: readFileSync(
        new URL('../../images/dash/public/dashboard.js', import.meta.url),
        'utf8',
      ),
      log,
    });
    server = await serve(app, { port: 0, host: '127.0.0.1', log });
    const listening = server;
    return {
      url: `http://127.0.0.1:${boundPort(listening)}`,
      postgres,
      recordAccesses: (address, times) => callLog(apis.get(address)!, times),
      async stop() {
        listening.closeAllConnections();
        await new Promise((resolve) => listening.close(resolve));
        await Promise.all(databases.map((d) => d.close()));
        await postgres.stop();
      },
    };
  } catch (error) {
    server?.closeAllConnections();
    server?.close();
    await Promise.all(databases.map((d) => d.close().catch(() => undefined)));
    await postgres.stop();
    throw error;
  }
}
