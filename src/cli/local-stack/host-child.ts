// The local Functions host as a child process (`aci-vnet-sidecars host`), run in the generated
// app folder so it reads that folder's local.settings.json, and trusting the emulator's CA. The
// host generates its master key into its state dir; the status poll reads it from there.
import { masterKeyFile, readMasterKey } from '../../../local/host/index.js';
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
  const keyFile = masterKeyFile(options.stateDir);
  const hostRunning = async () => {
    // The key is written before the port opens; until then there is nothing to ask.
    const key = readMasterKey(keyFile);
    if (!key) return false;
    const answer = await loopbackRequest(`${url}/admin/host/status`, {
      headers: { 'x-functions-key': key },
    });
    return answer.status === 200;
  };
  await session.guard(
    pollUntil(hostRunning, {
      what: `the Functions host at ${url}`,
      attempts: 600,
      intervalMs: 100,
      logFile: options.logFile,
      failed: () => cliErrorIn(options.logFile),
    }),
  );
  return { url };
}
