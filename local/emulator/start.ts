// Wires the pieces: certificates, engine, ARM/admin HTTPS server, vault listeners, DNS server and
// the pump that completes operations and delivers events.
import { resolve } from 'node:path';
import { ensureCertificates, type EmulatorCertificates } from './certs.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { createContext, type Engine } from './context.js';
import { dispatchArm, dispatchVault } from './dispatch.js';
import { startDnsServer } from './dns/server.js';
import { createHttpsServer } from './edge/https-edge.js';
import { listen } from './edge/listen.js';
import { createPump } from './edge/pump.js';
import { closeServer, vaultListeners } from './edge/vault-listeners.js';
import { emptyState } from './state.js';
import type { EmulatorConfig, RestartIpPolicy } from './types.js';

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
  /** The engine, for in-process inspection in tests. */
  engine: Engine;
  stop: () => Promise<void>;
}

const HOST = '127.0.0.1';

/** The engine, its vault listeners and the pump, before any socket listens. */
function assemble(options: EmulatorOptions, certs: EmulatorCertificates, tenantId: string) {
  const vaults = vaultListeners(HOST, (nameAt) =>
    createHttpsServer(
      certs,
      () => vaults.originFor(nameAt() ?? ''),
      (req) => dispatchVault(engine, nameAt() ?? '', req),
      () => pump.kick(),
      engine.clock,
    ),
  );
  const config: EmulatorConfig = {
    timeScale: options.timeScale ?? 1,
    restartIp: options.restartIp ?? 'always',
    tenantId,
    armOrigin: '',
    vaultOrigin: (name: string) => vaults.originFor(name),
  };
  const engine = createContext(emptyState(), options.clock ?? systemClock, config, options.random);
  const pump = createPump(engine, certs.caPem);
  return { engine, pump, vaults, config };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const certs = ensureCertificates(resolve(options.stateDir ?? '.state/emulator'));
  const tenantId = options.tenantId ?? '72f988bf-0000-4000-8000-00000000e1a7';
  const { engine, pump, vaults, config } = assemble(options, certs, tenantId);
  const arm = createHttpsServer(
    certs,
    () => config.armOrigin,
    async (req) => {
      await vaults.ready();
      return dispatchArm(engine, req);
    },
    () => pump.kick(),
    engine.clock,
  );
  const port = await listen(arm, HOST, options.port ?? 0);
  config.armOrigin = `https://${HOST}:${port}`;
  await vaults.ready();
  const dns = await startDnsServer(engine, HOST, options.dnsPort ?? 0);
  return {
    armUrl: config.armOrigin,
    adminUrl: `${config.armOrigin}/_emulator`,
    caFile: certs.caFile,
    caPem: certs.caPem,
    dnsPort: dns.port,
    dnsAddress: `${HOST}:${dns.port}`,
    tenantId,
    engine,
    stop: async () => {
      await pump.stop();
      await Promise.all([closeServer(arm), vaults.close(), dns.close()]);
    },
  };
}
