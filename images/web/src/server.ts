// The web container's entry: the only file that reads the environment or opens a port.
import { fileURLToPath } from 'node:url';
import { boundPort, closeOnSignals, serve } from '../../shared/serve.js';
import { forwardedOf, httpApiClient } from './api-client.js';
import { createWebApp } from './app.js';
import { readWebConfig } from './config.js';
import { renderHomePage } from './page.js';
import { loadStaticFiles } from './static-files.js';
import { visit } from './visit.js';

/** Below nginx's proxy_read_timeout (60 s), so the visitor gets the page with what arrived. */
const API_TIMEOUT_MS = 10_000;

const config = readWebConfig(process.env);
if (!config.ok) {
  process.stderr.write(`web failed: invalid environment: ${config.problems.join('; ')}\n`);
  process.exit(2);
}
const { port, apiUrl, containerGroup } = config.config;
// In the image, public/ sits beside the bundled main.js.
const publicDir = process.env.PUBLIC_DIR ?? fileURLToPath(new URL('./public', import.meta.url));
const api = httpApiClient(apiUrl, { timeoutMs: API_TIMEOUT_MS });
const homePage = async (request: Request) =>
  renderHomePage(await visit(api, forwardedOf(request)), { containerGroup });
// HOST: the address to bind; unset in ACI (every address of the group), set by the local runtime.
const server = await serve(createWebApp(loadStaticFiles(publicDir), homePage), {
  port,
  host: process.env.HOST || undefined,
});
closeOnSignals(server);
process.stdout.write(`web: serving ${publicDir} on port ${boundPort(server)}\n`);
