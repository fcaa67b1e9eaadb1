// The api container's entry: the only file that reads the environment or opens a port.
import { promises as dns } from 'node:dns';
import { hostname, networkInterfaces } from 'node:os';
import { connect } from '../../../src/azure/connection.js';
import { readSettings } from '../../../src/settings.js';
import { openWorkloadDatabase } from '../../shared/database/open.js';
import { readDatabaseSettings } from '../../shared/database/settings.js';
import { firstPrivateIpv4 } from '../../shared/private-ip.js';
import { boundPort, closeOnSignals, portFrom, serve } from '../../shared/serve.js';
import { createApiApp, type Instance } from './app.js';
import { parsePrivateZones } from './private-zones.js';

const env = process.env;
const log = (line: string) => process.stderr.write(`${line}\n`);

function fail(problems: string[]): never {
  throw new Error(`api: invalid settings: ${problems.join('; ')}`);
}

/** In Azure: DefaultAzureCredential, which picks the app groups' identity from AZURE_CLIENT_ID. */
function azureCredential() {
  const settings = readSettings(env);
  if (!settings.ok) fail(settings.problems.map((p) => `${p.path} ${p.message}`));
  return connect(settings.settings).credential;
}

function instance(): Instance {
  return {
    containerGroup: env.CONTAINER_GROUP_NAME || null,
    hostname: hostname(),
    // CONTAINER_GROUP_IP: set only by the local runtime, where no interface carries the group's IP.
    privateIp: env.CONTAINER_GROUP_IP || (firstPrivateIpv4(networkInterfaces())?.address ?? null),
  };
}

const databaseSettings = readDatabaseSettings(env);
if (!databaseSettings.ok) fail(databaseSettings.problems);
const zones = parsePrivateZones(env.PRIVATE_DNS_ZONES);
if (zones.problems.length > 0) fail(zones.problems);

// DNS_SERVERS (`127.0.0.1:5353,…`): set only by the local runtime, whose DNS is the emulator's;
// in ACI the group asks the VNet's resolver, the system default.
const resolver = new dns.Resolver();
if (env.DNS_SERVERS) resolver.setServers(env.DNS_SERVERS.split(',').map((s) => s.trim()));

const database = databaseSettings.settings
  ? openWorkloadDatabase(databaseSettings.settings, { azureCredential, log })
  : undefined;
const app = createApiApp({
  instance,
  ...(database ? { database } : {}),
  privateZones: zones.zones,
  resolveIpv4: (name) => resolver.resolve4(name),
  log,
});
const server = await serve(app, {
  port: portFrom(env.PORT, 8080),
  host: env.HOST || undefined,
  log,
});
// After the drain, the pool's sessions end cleanly rather than by the process's exit; bounded, as
// a query cut by the drain deadline would hold its connection.
const closeDatabase = () =>
  Promise.race([database?.close(), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
closeOnSignals(server, {
  log,
  exit: (code) =>
    void closeDatabase()
      .catch((error: unknown) => log(`api: closing the database pool: ${String(error)}`))
      .finally(() => process.exit(code)),
});
log(`api: listening on port ${boundPort(server)}`);
