// The dashboard container's entry: the only file that reads the environment or opens a port.
import { connect } from '../../../src/azure/connection.js';
import { createResourceStore } from '../../../src/azure/resources.js';
import { readSettings } from '../../../src/settings.js';
import { boundPort, closeOnSignals, portFrom, serve } from '../../shared/serve.js';
import { createDashboardApp } from './app.js';
import { readGroupStatuses } from './group-status.js';

const env = process.env;
const log = (line: string) => process.stderr.write(`${line}\n`);

function fail(message: string): never {
  log(`dashboard: ${message}`);
  process.exit(2);
}

const settings = readSettings(env);
if (!settings.ok) {
  fail(`invalid settings: ${settings.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
}
const ids = (env.CONTAINER_GROUP_IDS ?? '')
  .split(',')
  .map((id) => id.trim())
  .filter(Boolean);
const subscriptionId = /^\/subscriptions\/([^/]+)\//i.exec(ids[0] ?? '')?.[1];
if (!subscriptionId) {
  fail('CONTAINER_GROUP_IDS must list container group resource ids, comma-separated');
}
// In Azure: DefaultAzureCredential, which picks the dashboard's identity from AZURE_CLIENT_ID.
const store = createResourceStore(connect(settings.settings), subscriptionId);
const app = createDashboardApp({
  environment: env.ENVIRONMENT_NAME || 'environment',
  readGroups: () => readGroupStatuses(store, ids, log),
  now: () => new Date(),
});
const port = portFrom(env.PORT, 80);
const server = await serve(app, { port, log });
closeOnSignals(server);
log(`dashboard: listening on port ${boundPort(server)}, showing ${ids.length} container groups`);
