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
import { startDnsServer } from './edge/dns-server.js';
import { createHttpsServer } from './edge/https-edge.js';
import { listen } from './edge/listen.js';
import { createPump } from './edge/pump.js';
import { closeServer, vaultListeners } from './edge/vault-listeners.js';
import { ROLE_ASSIGNMENT_DELAY_MS } from './providers/authorization/data-access.js';
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
  /** Whether a restart gives a container group a new IP: always (default), never, or a probability. */
  restartIp?: RestartIpPolicy;
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
  tenantId: string;
  /**
   * The emulator's context (state, clock, operations), for in-process inspection in tests. The
   * field keeps its historical name so the public handle does not change.
   */
  engine: EmulatorContext;
  stop: () => Promise<void>;
}

const HOST = '127.0.0.1';

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
    freshSubscription: options.freshSubscription ?? true,
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
  return {
    armUrl: config.armOrigin,
    adminUrl: `${config.armOrigin}/_emulator`,
    caFile: certs.caFile,
    caPem: certs.caPem,
    dnsPort: dns.port,
    dnsAddress: `${HOST}:${dns.port}`,
    tenantId,
    engine: ctx,
    stop: async () => {
      await pump.stop();
      await Promise.all([closeServer(arm), vaults.close(), dns.close()]);
    },
  };
}
