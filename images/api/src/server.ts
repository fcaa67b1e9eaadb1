// The api container's entry: the only file that reads the environment or opens a port.
import { hostname, networkInterfaces } from 'node:os';
import { connect } from '../../../src/azure/connection.js';
import { readSettings } from '../../../src/settings.js';
import { firstPrivateIpv4 } from '../../shared/private-ip.js';
import { boundPort, closeOnSignals, portFrom, serve } from '../../shared/serve.js';
import { createApiApp, type InstanceInfo } from './app.js';
import { sqlProbe } from './sql-probe.js';

const env = process.env;
const log = (line: string) => process.stderr.write(`${line}\n`);
const sqlServer = env.SQL_SERVER_FQDN || undefined;
const databaseName = env.SQL_DATABASE || 'appdb';

function info(): InstanceInfo {
  return {
    group: env.CONTAINER_GROUP_NAME || null,
    hostname: hostname(),
    ip: firstPrivateIpv4(networkInterfaces())?.address ?? null,
    database: sqlServer ? { server: sqlServer, name: databaseName } : null,
  };
}

function probe() {
  if (!sqlServer) return undefined;
  const settings = readSettings(env);
  if (!settings.ok) {
    throw new Error(
      `api: invalid settings: ${settings.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  }
  // In Azure: DefaultAzureCredential, which picks the app groups' identity from AZURE_CLIENT_ID.
  const { credential } = connect(settings.settings);
  return sqlProbe({ server: sqlServer, database: databaseName, credential });
}

const port = portFrom(env.PORT, 8080);
const app = createApiApp({ info, probeDatabase: probe(), log });
const server = await serve(app, { port, log });
closeOnSignals(server);
log(`api: listening on port ${boundPort(server)}`);
