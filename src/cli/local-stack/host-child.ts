// The local Functions host as a child process (`aci-vnet-sidecars host`), run in the generated
// app folder so it reads that folder's local.settings.json, and trusting the emulator's CA.
import type { AppDir } from './app-dir.js';
import { cliErrorIn } from './log-tail.js';
import { loopbackRequest } from './loopback-http.js';
import type { CodeLayout } from './paths.js';
import type { Session } from './session.js';
import { pollUntil } from './wait.js';

/** Settings for the app come from local.settings.json only, not from the caller's shell. */
function hostEnvironment(caFile: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ACI_VNET_SIDECARS_')),
  );
  return { ...env, NODE_EXTRA_CA_CERTS: caFile };
}

export async function startHostChild(
  session: Session,
  layout: CodeLayout,
  options: { app: AppDir; port: number; stateDir: string; caFile: string; logFile: string },
): Promise<{ url: string }> {
  session.children.start({
    name: 'host',
    command: process.execPath,
    args: [
      ...layout.cliArgs,
      'host',
      ...['--port', String(options.port), '--state-dir', options.stateDir],
      ...['--entry', layout.functionsEntry],
    ],
    cwd: options.app.root,
    env: hostEnvironment(options.caFile),
    logFile: options.logFile,
  });
  const url = `http://127.0.0.1:${options.port}`;
  await session.guard(
    pollUntil(async () => (await loopbackRequest(`${url}/admin/host/status`)).status === 200, {
      what: `the Functions host at ${url}`,
      attempts: 600,
      intervalMs: 100,
      logFile: options.logFile,
      failed: () => cliErrorIn(options.logFile),
    }),
  );
  return { url };
}
