import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { grantEnvironmentAccess } from '../../src/cli/local-stack/environment-access.js';
import { freePort } from '../../src/cli/local-stack/ports.js';
import { roleAssignmentApplyMs } from '../../src/cli/local-stack/timer-schedules.js';
import { slowestNameServer } from '../../src/cli/local-stack/name-servers.js';
import { LOCAL_PRINCIPAL_ID, nameServersSetting } from '../../src/settings.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorHandle } from '../../local/emulator/index.js';
import { readMasterKey, startHost, type HostHandle } from '../../local/host/index.js';
import { adminRequest } from './admin.js';
import { functionsBundle } from './functions-bundle.js';
import { startHostProcess } from './host-process.js';
import { startPebble, type Pebble } from './pebble.js';
import { registerResourceProvider } from './resource-providers.js';
import { scannedFetch } from './scanned-http.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const FUNCTION_KEY = 'e2e-function-key';

export interface LocalStack {
  emu: EmulatorHandle;
  pebble: Pebble;
  host: HostHandle;
  /** The durable status of an instance, or undefined when there is none. */
  instance(id: string): Promise<Record<string, unknown> | undefined>;
  /** The Durable HTTP API's answer for an instance, whatever its status (202 running, 400 failed). */
  durable(id: string): Promise<{ status: number; body: Record<string, unknown> | undefined }>;
  /** Kills the host process with SIGKILL and starts another on its state (`hostProcess` only). */
  crashHost(): Promise<void>;
  /** What the host process printed (`hostProcess` only; empty otherwise). */
  hostOutput(): string;
  /** Runs a timer function now, like the Functions host's admin endpoint. */
  fire(functionName: string): Promise<void>;
  /**
   * Calls the app like a user: `/api/...` with the function key. Every answer read here (and by
   * `instance`, `durable` and `fire`) is checked for secrets (scanned-http.ts).
   */
  api(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/**
 * The whole local system in-process, as `npm start` runs it in child processes: the emulator,
 * Pebble validating through the slowest of its name servers, and the local host running functions/.
 */
export async function startLocalStack(options: {
  publicZones: { subscriptionId: string; resourceGroup: string; zone: string }[];
  /** Azure's latencies times this; the default keeps tests fast, a larger one makes overlaps visible. */
  timeScale?: number;
  /** How long a new role assignment takes to reach Key Vault, in Azure time (times `timeScale`). */
  roleAssignmentDelayMs?: number;
  /** App settings that replace the defaults below. */
  settings?: Record<string, string>;
  /**
   * Environment resource groups prepared as `azd provision` leaves them (the group, and the app's
   * Key Vault data roles there, already in effect: src/cli/local-stack/environment-access.ts);
   * with `preparedEnvironments`, those environments' gateway identities and their grant too.
   */
  provisioned?: {
    subscriptionId: string;
    resourceGroup: string;
    location: string;
    preparedEnvironments?: string[];
  }[];
  /**
   * Run the Functions host as a child process (`aci-vnet-sidecars host`) instead of in this one,
   * so that `crashHost` can kill it with SIGKILL.
   */
  hostProcess?: boolean;
}): Promise<LocalStack> {
  const timeScale = options.timeScale ?? 0.0001;
  const stateDir = mkdtempSync(join(tmpdir(), 'avs-stack-'));
  const emu = await startEmulator({
    stateDir: join(stateDir, 'emulator'),
    timeScale,
    ...(options.roleAssignmentDelayMs === undefined
      ? {}
      : { roleAssignmentDelayMs: options.roleAssignmentDelayMs }),
  });
  const pebble = await startPebble({
    stateDir: join(stateDir, 'emulator'),
    caPem: emu.caPem,
    dnsPort: slowestNameServer(emu.nameServers).port,
  });
  for (const z of options.publicZones) {
    // The user's zone means its subscription is registered for Microsoft.Network; the app's
    // resource-providers stage registers every other namespace of the fresh subscription.
    await registerResourceProvider(emu, z.subscriptionId, 'Microsoft.Network');
    const group = `/subscriptions/${z.subscriptionId}/resourcegroups/${z.resourceGroup}`;
    await adminRequest(emu, 'PUT', `${group}?api-version=2025-04-01`, { location: 'westeurope' });
    await adminRequest(
      emu,
      'PUT',
      `${group}/providers/Microsoft.Network/dnsZones/${z.zone}?api-version=2018-05-01`,
      { location: 'global' },
    );
  }
  for (const environment of options.provisioned ?? [])
    await grantEnvironmentAccess(
      emu,
      { ...environment, principalId: LOCAL_PRINCIPAL_ID },
      timeScale,
    );
  const port = await freePort();
  const appRoot = join(stateDir, 'app');
  mkdirSync(appRoot);
  copyFileSync(join(repoRoot, 'host.json'), join(appRoot, 'host.json'));
  writeFileSync(join(appRoot, 'package.json'), JSON.stringify({ name: 'e2e-app', type: 'module' }));
  const values = {
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: emu.armUrl,
    ACI_VNET_SIDECARS_CA_FILE: emu.caFile,
    ACI_VNET_SIDECARS_NAME_SERVERS: nameServersSetting(emu.nameServers),
    ACI_VNET_SIDECARS_ACME_DIRECTORY: pebble.directoryUrl,
    ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: `http://127.0.0.1:${port}/runtime/webhooks/eventgrid?functionName=onContainerGroupEvent`,
    // One poll per second of Azure time (at least 1 ms): the DNS-01 wait, counted in polls
    // (src/retry-policies.ts dnsPropagationPoll), then spans the three minutes it gets in Azure,
    // more than the 60 s the slowest emulated name server takes at any time scale.
    ACI_VNET_SIDECARS_POLL_INTERVAL_MS: String(Math.max(1, Math.round(1_000 * timeScale))),
    ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(
      roleAssignmentApplyMs(timeScale, options.roleAssignmentDelayMs),
    ),
    ACI_VNET_SIDECARS_RECONCILE_SCHEDULE: '0 0 0 1 1 *',
    ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS: '0',
    ACI_VNET_SIDECARS_RENEWAL_SCHEDULE: '0 0 0 1 1 *',
    ACI_VNET_SIDECARS_PRINCIPAL_ID: LOCAL_PRINCIPAL_ID,
    ...options.settings,
  };
  writeFileSync(
    join(appRoot, 'local.settings.json'),
    JSON.stringify({ IsEncrypted: false, Values: values, Host: { FunctionKey: FUNCTION_KEY } }),
  );
  // The app as it ships (package.json "main"): the bundle of the current sources.
  const entryPoint = (await functionsBundle()).entry;
  const hostState = join(stateDir, 'host');
  const child = options.hostProcess
    ? await startHostProcess({
        appRoot,
        port,
        stateDir: hostState,
        entry: entryPoint,
        caFile: emu.caFile,
      })
    : undefined;
  const host =
    child?.handle ??
    (await startHost({
      appRoot,
      port,
      stateDir: hostState,
      entryPoint,
      runTimers: false,
      logger: {
        info: (line) => (process.env.AVS_STACK_LOG ? process.stderr.write(`${line}\n`) : undefined),
        error: (line) => process.stderr.write(`${line}\n`),
      },
    }));
  // No master key is configured above, so the host generated one; the /admin and Durable routes
  // accept nothing else. In the header, so that no answer echoes it back in a URL.
  const masterKey = readMasterKey(host.masterKeyFile ?? '');
  if (!masterKey) throw new Error(`the host wrote no master key to ${host.masterKeyFile}`);
  const system = { 'x-functions-key': masterKey };
  const durable = async (id: string) => {
    const answer = await scannedFetch(`${host.url}/runtime/webhooks/durabletask/instances/${id}`, {
      headers: system,
    });
    return {
      status: answer.status,
      body: answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : undefined,
    };
  };
  return {
    emu,
    pebble,
    host,
    async instance(id) {
      const answer = await durable(id);
      return answer.status === 200 ? answer.body : undefined;
    },
    durable,
    async crashHost() {
      if (!child) throw new Error('crashHost needs startLocalStack({ hostProcess: true })');
      await child.crash();
    },
    hostOutput: () => child?.output() ?? '',
    async fire(functionName) {
      const response = await scannedFetch(`${host.url}/admin/functions/${functionName}`, {
        method: 'POST',
        headers: { ...system, 'content-type': 'application/json' },
        body: '{}',
      });
      if (response.status !== 202)
        throw new Error(`firing ${functionName} answered ${response.status}`);
    },
    async api(method, path, body) {
      const response = await scannedFetch(`${host.url}${path}`, {
        method,
        headers: { 'x-functions-key': FUNCTION_KEY, 'content-type': 'application/json' },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return {
        status: response.status,
        body: response.text ? (JSON.parse(response.text) as Record<string, unknown>) : {},
      };
    },
    async stop() {
      // Let running orchestrations (a reconcile after restarts) finish while Azure still answers;
      // stopping anyway after a minute keeps a stuck instance from hanging the run.
      for (let i = 0; i < 2400; i++) {
        const list = JSON.parse(
          (
            await scannedFetch(`${host.url}/runtime/webhooks/durabletask/instances`, {
              headers: system,
            })
          ).text,
        ) as { runtimeStatus: string }[];
        if (!list.some((s) => s.runtimeStatus === 'Running' || s.runtimeStatus === 'Pending'))
          break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await host.stop();
      pebble.stop();
      await emu.stop();
    },
  };
}
