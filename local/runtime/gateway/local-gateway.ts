// The local Application Gateway: one emulated gateway resource served on 127.0.0.1 — its listeners
// with the Key Vault certificate, its rules, its probes, its backend health.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { ArmRecord } from '../types.js';
import { backendTlsOptions, loopbackTarget } from './backend-tls.js';
import {
  createCertificateStore,
  refreshIntervalMs,
  type WantedCertificate,
} from './certificate-store.js';
import type { GatewayConfig, ListenerConfig, SettingsConfig } from './config-types.js';
import { gatewayConfig } from './gateway-config.js';
import { healthReport, settingsUsedWith, targetKey } from './health-report.js';
import { createHealthReporter } from './health-reporter.js';
import { NEW_MEMBER, nextHealth, type MemberHealth } from './health-state.js';
import { hostOnly, listenerServes, listenersOnPort } from './listener-match.js';
import { createListenerServers } from './listener-servers.js';
import { sendProbe } from './probe-request.js';
import { createProber, type ProbeJob } from './prober.js';
import { handleRequest, type HandlerContext } from './request-handler.js';
import { createRoundRobin } from './round-robin.js';
import type { LocalGateway, LocalGatewayOptions } from './types.js';

function wantedCertificates(config: GatewayConfig): WantedCertificate[] {
  const ids = new Set(
    config.listeners.filter((l) => l.protocol === 'Https').flatMap((l) => l.sslCertificateId ?? []),
  );
  return [...config.sslCertificates.values()].flatMap((c) =>
    ids.has(c.id) && c.keyVaultSecretId
      ? [{ id: c.id, name: c.name, keyVaultSecretId: c.keyVaultSecretId }]
      : [],
  );
}

function portsOf(config: GatewayConfig, log: (line: string) => void) {
  const ports = new Map<number, ListenerConfig['protocol']>();
  for (const l of config.listeners) {
    const held = ports.get(l.frontendPort);
    if (held && held !== l.protocol) log(`listener ${l.name}: port ${l.frontendPort} is ${held}`);
    else ports.set(l.frontendPort, l.protocol);
  }
  return [...ports].map(([frontendPort, protocol]) => ({ frontendPort, protocol }));
}

/**
 * A record is served once its PUT has succeeded: while it runs (`Updating`, for minutes: "Most
 * deployments that use the v2 SKU take around 6 minutes", application-gateway-faq.md) and after
 * it failed or was canceled, the gateway keeps serving the last configuration that succeeded.
 * Inferred: no page says when an instance switches to a new configuration; the end of the
 * operation is the reading the emulator's time model supports. Returns why a record waits.
 */
function notYet(record: ArmRecord): string | undefined {
  const state = record.properties.provisioningState;
  if (state === undefined || state === 'Succeeded') return undefined;
  return typeof state === 'string' ? state : JSON.stringify(state);
}

export function createLocalGateway(options: LocalGatewayOptions): LocalGateway {
  const wellKnownRoots = options.wellKnownRoots ?? rootCertificates;
  const { log } = options;
  let fingerprint: string | undefined;
  let announced: string | undefined;
  let config: GatewayConfig | undefined;
  const states = new Map<string, MemberHealth>();
  const thresholds = new Map<string, number>();
  const agents = new Map<string, HttpAgent | HttpsAgent>();
  const pending = new Set<Promise<unknown>>();
  const logged = new Set<string>();
  const roundRobin = createRoundRobin();
  const reporter = createHealthReporter(options.reportHealth, log);

  const publish = () => {
    if (config) reporter.offer(healthReport(config, states));
  };
  const certificates = createCertificateStore({
    readSecret: options.readSecret,
    log,
    now: options.now,
    refreshMs: refreshIntervalMs(options.timeScale),
    onChange: () => servers.refreshCertificates(),
  });
  const loadedFor = (l: ListenerConfig) =>
    l.sslCertificateId ? certificates.loaded(l.sslCertificateId) : undefined;
  const servingListener = (frontendPort: number, serverName?: string) => {
    const candidates = config
      ? listenersOnPort(config, frontendPort).filter((l) => loadedFor(l))
      : [];
    const named = serverName
      ? candidates.find((l) => l.hostNames.length > 0 && listenerServes(l, hostOnly(serverName)))
      : undefined;
    return named ?? candidates[0];
  };
  const handlerContext: HandlerContext = {
    config: () => config,
    isHealthy: (key) => states.get(key)?.health === 'Healthy',
    roundRobin,
    loopback: options.loopback,
    wellKnownRoots,
    agentFor,
    localPortOf: (port) => servers.bound().find((s) => s.frontendPort === port)?.localPort,
    log,
  };
  const servers = createListenerServers({
    listenPort: options.listenPort,
    log,
    handle: (port, req, res) => handleRequest(handlerContext, port, req, res),
    contextFor: (port, name) => {
      const listener = servingListener(port, name);
      return listener ? loadedFor(listener)?.context : undefined;
    },
    defaultCertificate: (port) => {
      const listener = servingListener(port);
      const loaded = listener ? loadedFor(listener) : undefined;
      return loaded ? { key: loaded.keyPem, cert: loaded.certPem } : undefined;
    },
  });
  const prober = createProber(options.timeScale, (key, result) => {
    const previous = states.get(key) ?? NEW_MEMBER;
    const next = nextHealth(previous, result, thresholds.get(key) ?? 3);
    states.set(key, next);
    if (next.health !== previous.health) {
      log(`backend ${key.split('|')[2] ?? key}: ${next.health} (${next.healthProbeLog})`);
    }
    publish();
  });

  /** Live traffic keeps its connections per backend settings (keep-alive, like any proxy). */
  function agentFor(settings: SettingsConfig): HttpAgent | HttpsAgent {
    const key = JSON.stringify(settings);
    let agent = agents.get(key);
    if (!agent) {
      agent =
        settings.protocol === 'Https'
          ? new HttpsAgent({ keepAlive: true })
          : new HttpAgent({ keepAlive: true });
      agents.set(key, agent);
    }
    return agent;
  }

  function probeJobs(next: GatewayConfig): ProbeJob[] {
    return [...next.pools.values()].flatMap((pool) =>
      settingsUsedWith(next, pool.id).flatMap((settings) =>
        pool.members.flatMap((member) => {
          const ip = member.ipAddress;
          if (!ip) return [];
          const key = targetKey(pool.id, settings.id, member.address);
          const name = settings.probe.serverName ?? ip;
          thresholds.set(key, settings.probe.unhealthyThreshold);
          const run = () => {
            try {
              const at = loopbackTarget(options.loopback, ip, settings.probe.port ?? settings.port);
              return sendProbe({
                ...at,
                probe: settings.probe,
                tls: backendTlsOptions(settings, name, wellKnownRoots),
                hasTrustedRoots: settings.trustedRootsPem.length > 0,
              });
            } catch (err) {
              return Promise.resolve({ ok: false, log: (err as Error).message });
            }
          };
          const job: ProbeJob = {
            key,
            fingerprint: JSON.stringify([settings, ip]),
            intervalSeconds: settings.probe.intervalSeconds,
            run,
          };
          return [job];
        }),
      ),
    );
  }

  function track(work: Promise<unknown>): void {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  }

  function apply(next: GatewayConfig): void {
    config = next;
    for (const problem of next.unsupported) {
      if (!logged.has(problem)) log(`not emulated locally: ${problem}`);
      logged.add(problem);
    }
    const principalId =
      next.principalId ?? (next.identityId ? options.principalIdOf?.(next.identityId) : undefined);
    track(certificates.sync(wantedCertificates(next), principalId));
    track(servers.sync(portsOf(next, log)));
    const jobs = probeJobs(next);
    const keys = new Set(jobs.map((j) => j.key));
    for (const key of [...states.keys()]) if (!keys.has(key)) states.delete(key);
    for (const key of [...thresholds.keys()]) if (!keys.has(key)) thresholds.delete(key);
    prober.sync(jobs);
    publish();
  }

  return {
    update(record: ArmRecord) {
      const waiting = notYet(record);
      if (waiting) {
        const failed = waiting !== 'Updating' && waiting !== 'Creating';
        if (failed && waiting !== announced)
          log(
            `the gateway's last PUT is ${waiting}: serving the last configuration that succeeded`,
          );
        announced = waiting;
        return;
      }
      announced = undefined;
      const next = JSON.stringify([record.id, record.identity, record.properties]);
      if (next === fingerprint) return;
      fingerprint = next;
      apply(gatewayConfig(record));
    },
    listeners: () =>
      (config?.listeners ?? []).flatMap((l) => {
        const bound = servers.bound().find((s) => s.frontendPort === l.frontendPort);
        if (!bound || bound.protocol !== l.protocol) return [];
        const hostName = l.hostNames[0];
        return [
          {
            name: l.name,
            frontendPort: l.frontendPort,
            localPort: bound.localPort,
            protocol: l.protocol,
            ...(hostName ? { hostName } : {}),
          },
        ];
      }),
    health: () => (config ? healthReport(config, states) : { backendAddressPools: [] }),
    certificates: () => certificates.served(),
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async close() {
      prober.close();
      certificates.close();
      reporter.close();
      await servers.close();
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
