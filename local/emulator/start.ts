// Wires the pieces: certificates, the context, the ARM/admin HTTPS server, vault listeners, the
// DNS server and the pump that completes operations and delivers events.
import { resolve } from 'node:path';
import { dispatchAdmin } from './admin/routes.js';
import { dispatchArm } from './arm/dispatch.js';
import { systemClock, type Clock } from './core/clock.js';
import { createContext, type EmulatorContext } from './core/context.js';
import type { EmulatorConfig, RestartIpPolicy } from './core/model.js';
import { emptyState } from './core/state.js';
import { ensureCertificates, type EmulatorCertificates } from './edge/certificates.js';
import { startDnsServer, startNameServers, type NameServerListener } from './edge/dns-server.js';
import { createHttpsServer } from './edge/https-edge.js';
import { listen } from './edge/listen.js';
import { createPump } from './edge/pump.js';
import { closeServer, vaultListeners } from './edge/vault-listeners.js';
import { ROLE_ASSIGNMENT_DELAY_MS } from './providers/authorization/data-access.js';
import { NAME_SERVER_DELAYS_MS } from './providers/network/name-servers.js';
import { dispatchVault } from './providers/key-vault/data-plane/dispatch.js';

export interface EmulatorOptions {
  /** ARM port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Where the CA and server certificate live; default `.state/emulator`. */
  stateDir?: string;
  /** Multiplies Azure's typical latencies; default 1 (real durations). */
  timeScale?: number;
  /** DNS port (UDP and TCP) on 127.0.0.1; 0 (default) picks a free one. */
  dnsPort?: number;
  /**
   * Ports (UDP and TCP) on 127.0.0.1 of the public zones' four name servers, in the order of a
   * zone's `nameServers`; 0 or absent picks a free one.
   */
  nameServerPorts?: readonly number[];
  /**
   * How long a public DNS change takes to reach each of the four name servers, in Azure time
   * (scaled by `timeScale`); default 5, 20, 40 and 60 s: "within 60 seconds"
   * (articles/dns/dns-faq.yml). `Infinity`: that name server never gets a change.
   */
  nameServerDelaysMs?: readonly number[];
  /** Whether a restart gives a container group a new IP: always (default), never, or a probability. */
  restartIp?: RestartIpPolicy;
  /**
   * A local container runtime runs the container groups and reports run-once exits
   * (`POST /_emulator/container-instance/exits`); default false: run-once groups end by a timer.
   */
  externalContainerRuntime?: boolean;
  /**
   * How long a new role assignment takes to grant Key Vault data access, in Azure time (scaled by
   * `timeScale`); default 10 minutes, the most Azure documents
   * (articles/role-based-access-control/troubleshooting.md).
   */
  roleAssignmentDelayMs?: number;
  /**
   * Every subscription starts as a new Azure subscription (default): only the namespaces Azure
   * registers by default are Registered, and a write to any other fails with 409
   * MissingSubscriptionRegistration until `POST …/providers/{namespace}/register` has finished.
   * `false`: every namespace is Registered, as in a subscription that has used them before.
   */
  freshSubscription?: boolean;
  /**
   * Responses shaped as ARM shapes them (default): its id casing, the defaults it adds, secure
   * values left out (arm/arm-shape.ts). `false` echoes the request as stored.
   */
  armShape?: boolean;
  clock?: Clock;
  random?: () => number;
  tenantId?: string;
}

export interface EmulatorHandle {
  armUrl: string;
  adminUrl: string;
  caFile: string;
  caPem: string;
  dnsPort: number;
  dnsAddress: string;
  /**
   * The public zones' four name servers: each name as a zone's `nameServers` lists it, and the
   * loopback port where it answers (the app's `ACI_VNET_SIDECARS_NAME_SERVERS`, Pebble's
   * `-dnsserver`).
   */
  nameServers: readonly NameServerHandle[];
  tenantId: string;
  /**
   * The emulator's context (state, clock, operations), for in-process inspection in tests. The
   * field keeps its historical name so the public handle does not change.
   */
  engine: EmulatorContext;
  stop: () => Promise<void>;
}

const HOST = '127.0.0.1';

export interface NameServerHandle {
  name: string;
  host: string;
  port: number;
  /** Its propagation delay in Azure time (not scaled), as configured. */
  delayMs: number;
}

/** The context, its vault listeners and the pump, before any socket listens. */
function assemble(options: EmulatorOptions, certs: EmulatorCertificates, tenantId: string) {
  const vaults = vaultListeners(HOST, (nameAt) =>
    createHttpsServer(
      certs,
      () => vaults.originFor(nameAt() ?? ''),
      (req) => dispatchVault(ctx, nameAt() ?? '', req),
      () => pump.kick(),
      ctx.clock,
    ),
  );
  const config: EmulatorConfig = {
    timeScale: options.timeScale ?? 1,
    roleAssignmentDelayMs: options.roleAssignmentDelayMs ?? ROLE_ASSIGNMENT_DELAY_MS,
    restartIp: options.restartIp ?? 'always',
    externalContainerRuntime: options.externalContainerRuntime ?? false,
    ...(options.nameServerDelaysMs ? { nameServerDelaysMs: options.nameServerDelaysMs } : {}),
    freshSubscription: options.freshSubscription ?? true,
    armShape: options.armShape ?? true,
    tenantId,
    armOrigin: '',
    vaultOrigin: (name: string) => vaults.originFor(name),
  };
  const ctx = createContext(emptyState(), options.clock ?? systemClock, config, options.random);
  const pump = createPump(ctx, certs.caPem);
  return { ctx, pump, vaults, config };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const certs = ensureCertificates(resolve(options.stateDir ?? '.state/emulator'));
  const tenantId = options.tenantId ?? '72f988bf-0000-4000-8000-00000000e1a7';
  const { ctx, pump, vaults, config } = assemble(options, certs, tenantId);
  const arm = createHttpsServer(
    certs,
    () => config.armOrigin,
    async (req) => {
      await vaults.ready();
      // The admin API shares the ARM origin under `/_emulator/`.
      return req.path.startsWith('/_emulator/') ? dispatchAdmin(ctx, req) : dispatchArm(ctx, req);
    },
    () => pump.kick(),
    ctx.clock,
  );
  const port = await listen(arm, HOST, options.port ?? 0);
  config.armOrigin = `https://${HOST}:${port}`;
  await vaults.ready();
  const dns = await startDnsServer(ctx, HOST, options.dnsPort ?? 0);
  const nameServers = await startNameServers(ctx, HOST, options.nameServerPorts);
  return {
    armUrl: config.armOrigin,
    adminUrl: `${config.armOrigin}/_emulator`,
    caFile: certs.caFile,
    caPem: certs.caPem,
    dnsPort: dns.port,
    dnsAddress: `${HOST}:${dns.port}`,
    nameServers: nameServers.map((ns, index) => nameServerHandle(ns, config, index)),
    tenantId,
    engine: ctx,
    stop: async () => {
      await pump.stop();
      await Promise.all([
        closeServer(arm),
        vaults.close(),
        dns.close(),
        ...nameServers.map((ns) => ns.close()),
      ]);
    },
  };
}

function nameServerHandle(
  listener: NameServerListener,
  config: EmulatorConfig,
  index: number,
): NameServerHandle {
  const delays = config.nameServerDelaysMs ?? NAME_SERVER_DELAYS_MS;
  return {
    name: listener.name,
    host: listener.host,
    port: listener.port,
    delayMs: delays[index] ?? NAME_SERVER_DELAYS_MS[index] ?? 0,
  };
}
