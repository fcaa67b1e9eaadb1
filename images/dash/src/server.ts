// The dashboard container's entry: the only file that reads the environment, files or a port.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { connect } from '../../../src/azure/connection.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { createSecretMetadata } from '../../../src/azure/secret-properties.js';
import { readSettings } from '../../../src/settings.js';
import { openWorkloadDatabase } from '../../shared/database/open.js';
import { readDatabaseSettings } from '../../shared/database/settings.js';
import { boundPort, closeOnSignals, portFrom, serve } from '../../shared/serve.js';
import { createDashboardApp } from './app.js';
import { readCertificateExpiry } from './certificate-expiry.js';
import { readDashboardConfig } from './config.js';
import { readGroupStatuses } from './group-status.js';

const env = process.env;
const log = (line: string) => process.stderr.write(`${line}\n`);

function fail(message: string): never {
  log(`dashboard: ${message}`);
  process.exit(2);
}

/** public/dashboard.js: beside the bundled main.js in the image, beside src/ in the repository. */
function clientScript(): string {
  const candidates = ['./public/dashboard.js', '../public/dashboard.js'].map((p) =>
    fileURLToPath(new URL(p, import.meta.url)),
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) fail(`public/dashboard.js is missing (looked in ${candidates.join(', ')})`);
  return readFileSync(found, 'utf8');
}

const settings = readSettings(env);
const config = readDashboardConfig(env);
const database = readDatabaseSettings(env);
const problems = [
  ...(settings.ok ? [] : settings.problems.map((p) => `${p.path} ${p.message}`)),
  ...(config.ok ? [] : config.problems),
  ...(database.ok ? [] : database.problems),
];
if (!settings.ok || !config.ok || !database.ok) fail(`invalid settings: ${problems.join('; ')}`);

// In Azure: DefaultAzureCredential, which picks the dashboard's identity from AZURE_CLIENT_ID.
const connection = connect(settings.settings);
const store = createResourceStore(connection, config.config.subscriptionId);
const certificate = config.config.certificate;
const metadata = certificate && createSecretMetadata(connection, certificate.vaultUrl);
const now = () => new Date();

const app = createDashboardApp({
  environment: config.config.environment,
  readGroups: () => readGroupStatuses(store, config.config.groupIds, log),
  now,
  // As the dashboard's own database user: it may only read the access table.
  ...(database.settings
    ? {
        database: openWorkloadDatabase(database.settings, {
          azureCredential: () => connection.credential,
          log,
        }),
      }
    : {}),
  ...(certificate && metadata
    ? { readCertificate: () => readCertificateExpiry(metadata, certificate.name, now, log) }
    : {}),
  clientScript: clientScript(),
  log,
});
const port = portFrom(env.PORT, 80);
const server = await serve(app, { port, host: env.HOST || undefined, log });
closeOnSignals(server);
log(
  `dashboard: listening on port ${boundPort(server)}, showing ${config.config.groupIds.length} container groups`,
);
if (!database.settings) log('dashboard: no database configured (DATABASE_ENGINE): no access chart');
