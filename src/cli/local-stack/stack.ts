// Starts the whole local system as child processes, in dependency order: the emulator, Pebble
// (trusting the emulator's certificate, validating through the slowest of the public zones' name
// servers), the container runtime that runs the emulator's container groups (for `start`), the
// user's public zone, then the Functions host with settings pointing at both.
import { LOCAL_PRINCIPAL_ID, nameServersSetting } from '../../settings.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { prepareAppDir, type AppDir } from './app-dir.js';
import { startEmulatorChild, type EmulatorEndpoints } from './emulator-child.js';
import { StackError } from './errors.js';
import { startHostChild } from './host-child.js';
import { codeLayout, missingFiles } from './paths.js';
import { ACME_CERTIFICATE_DAYS, ensurePebble, startPebbleChild } from './pebble-child.js';
import { assertPortFree, portOrFree } from './ports.js';
import { grantEnvironmentAccess, type EnvironmentAccessTarget } from './environment-access.js';
import { createPublicZone, type PublicZoneTarget } from './public-zone.js';
import type { Session } from './session.js';
import { startRuntimeChild, type RuntimeEndpoints } from './runtime-child.js';
import { writeStackFile } from './stack-file.js';
import { lockStateDir } from './state-lock.js';
import {
  reconcileCoalesceSeconds,
  reconcileSchedule,
  roleAssignmentApplyMs,
} from './timer-schedules.js';

export interface StackOptions {
  readonly stateDir: string;
  readonly hostPort: number;
  readonly timeScale: number;
  /** The emulator's subscription starts with only Azure's default namespaces registered. */
  readonly freshSubscription: boolean;
  readonly publicZone: PublicZoneTarget;
  /** The environment's resource group, which `azd provision` prepares in Azure. */
  readonly environment: Omit<EnvironmentAccessTarget, 'principalId'>;
  /**
   * Run the container groups as local processes, with their gateway on 127.0.0.1 (`start`);
   * absent: the groups exist only as ARM records (`demo`).
   */
  readonly workload?: { readonly gatewayPort: number };
  /** How long the local ACME CA's certificates last; Let's Encrypt's 90 days unless told. */
  readonly acmeCertificateDays?: number;
  /** Progress lines while starting. */
  readonly say: (line: string) => void;
}

export interface RunningStack {
  readonly hostUrl: string;
  readonly emulator: EmulatorEndpoints;
  readonly app: AppDir;
  readonly logsDir: string;
  readonly runtime?: RuntimeEndpoints;
  /** PEM of the ACME CA's root (Pebble's). */
  readonly acmeRootFile: string;
}

function derToPem(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Event Grid delivers container-group events to this function of the local host. */
export function eventWebhookUrl(hostUrl: string): string {
  return `${hostUrl}/runtime/webhooks/eventgrid?functionName=onContainerGroupEvent`;
}

export async function startStack(session: Session, options: StackOptions): Promise<RunningStack> {
  const layout = codeLayout();
  const missing = missingFiles(layout);
  if (missing.length > 0) {
    throw new StackError(`missing ${missing.join(', ')}; run \`npm run build\` first`);
  }
  const hostPort = await portOrFree(options.hostPort);
  await assertPortFree(hostPort, '--port');
  const dirs = stateDirs(session, options.stateDir);
  await ensurePebble(join(dirs.logs, 'apt-get.log'), options.say);
  const emulator = await startEmulatorChild(session, layout, {
    stateDir: dirs.emulator,
    logFile: join(dirs.logs, 'emulator.log'),
    timeScale: options.timeScale,
    freshSubscription: options.freshSubscription,
    externalContainerRuntime: options.workload !== undefined,
  });
  options.say(startedLine(session, 'emulator', emulator.armUrl));
  const pebbleLog = join(dirs.logs, 'pebble.log');
  const pebble = await startPebbleChild(session, emulator, {
    stateDir: dirs.pebble,
    logFile: pebbleLog,
    certificateDays: options.acmeCertificateDays ?? ACME_CERTIFICATE_DAYS,
  });
  options.say(startedLine(session, 'pebble', pebble.directoryUrl));
  // Pebble's root signs the certificate the gateway serves: a browser or curl needs it.
  const acmeRootFile = join(dirs.pebble, 'root.pem');
  writeFileSync(acmeRootFile, derToPem(pebble.rootCertificate));
  // Pebble stands in for Let's Encrypt, whose root Application Gateway trusts as well known.
  const runtime = options.workload
    ? await startRuntimeChild(session, layout, emulator, {
        stateDir: dirs.runtime,
        logsDir: dirs.logs,
        logFile: join(dirs.logs, 'runtime.log'),
        timeScale: options.timeScale,
        gatewayPort: options.workload.gatewayPort,
        acmeRootFile,
      })
    : undefined;
  if (runtime) options.say(startedLine(session, 'runtime', runtime.statusUrl));
  await session.guard(createPublicZone(emulator, options.publicZone));
  await session.guard(
    grantEnvironmentAccess(
      emulator,
      { ...options.environment, principalId: LOCAL_PRINCIPAL_ID },
      options.timeScale,
    ),
  );
  const hostUrl = `http://127.0.0.1:${hostPort}`;
  const app = prepareAppDir(dirs.app, layout, {
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: emulator.armUrl,
    ACI_VNET_SIDECARS_CA_FILE: emulator.caFile,
    ACI_VNET_SIDECARS_NAME_SERVERS: nameServersSetting(emulator.nameServers),
    ACI_VNET_SIDECARS_ACME_DIRECTORY: pebble.directoryUrl,
    // Pebble is an operator-allowed directory: a spec may name it, and its root is trusted.
    ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES: pebble.directoryUrl,
    ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS: pebble.rootCertificate,
    ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: eventWebhookUrl(hostUrl),
    ACI_VNET_SIDECARS_POLL_INTERVAL_MS: String(pollIntervalMs(options.timeScale)),
    ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: String(roleAssignmentApplyMs(options.timeScale)),
    ACI_VNET_SIDECARS_RECONCILE_SCHEDULE: reconcileSchedule(options.timeScale),
    ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS: String(
      reconcileCoalesceSeconds(options.timeScale),
    ),
    ACI_VNET_SIDECARS_RENEWAL_SCHEDULE: '0 0 3 * * *',
    // This app's identity: its local tokens carry it, and the emulator's Key Vault checks the
    // roles the deployment grants it.
    ACI_VNET_SIDECARS_PRINCIPAL_ID: LOCAL_PRINCIPAL_ID,
  });
  const hostLog = join(dirs.logs, 'host.log');
  await startHostChild(session, layout, {
    app,
    port: hostPort,
    stateDir: dirs.host,
    caFile: emulator.caFile,
    logFile: hostLog,
  });
  options.say(startedLine(session, 'host', hostUrl));
  session.afterStop(
    writeStackFile(options.stateDir, {
      armUrl: emulator.armUrl,
      caFile: emulator.caFile,
      hostUrl,
      ...(runtime ? { runtimeStatusUrl: runtime.statusUrl } : {}),
      appSettingsFile: app.settingsFile,
    }),
  );
  return {
    hostUrl,
    emulator,
    app,
    logsDir: dirs.logs,
    acmeRootFile,
    ...(runtime ? { runtime } : {}),
  };
}

/**
 * The app's poll interval on the emulator's time scale: 50 ms up to `--time-scale 0.01` (the
 * default of `start`), longer beyond, so that a wait counted in polls (the DNS propagation wait,
 * src/retry-policies.ts) spans as much emulated time as it does in Azure: at `--time-scale 1`,
 * the ten seconds between DNS polls that Azure gets.
 */
function pollIntervalMs(timeScale: number): number {
  return Math.min(60_000, Math.max(50, Math.round(5_000 * timeScale)));
}

/** "emulator  https://127.0.0.1:P  (pid N, log: FILE)": the pid lets a user (or a test) check it. */
function startedLine(session: Session, name: string, url: string): string {
  const child = session.children.running.find((c) => c.name === name);
  return `${name.padEnd(9)} ${url}  (pid ${child?.pid ?? '?'}, log: ${child?.logFile ?? '?'})`;
}

/**
 * The emulator keeps its state in memory, so every run starts from an empty Azure; the host's
 * durable histories are cleared to match (a half-done orchestration would otherwise resume
 * against resources that no longer exist). The CA and the function key are kept.
 */
function stateDirs(session: Session, stateDir: string) {
  const root = resolve(stateDir);
  mkdirSync(root, { recursive: true });
  session.afterStop(lockStateDir(root));
  const dirs = {
    emulator: join(root, 'emulator'),
    pebble: join(root, 'pebble'),
    app: join(root, 'app'),
    host: join(root, 'host'),
    runtime: join(root, 'runtime'),
    logs: join(root, 'logs'),
  };
  rmSync(dirs.host, { recursive: true, force: true });
  // Every run starts from an empty Azure: no group folder or database of the last one.
  rmSync(dirs.runtime, { recursive: true, force: true });
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  return dirs;
}
