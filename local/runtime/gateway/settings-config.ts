// Backend settings and their probe, as the local gateway uses them.
import { X509Certificate } from 'node:crypto';
import { flag, num, protocolOf, ref, refs, text, type Json, type SubResource } from './arm-json.js';
import type { ProbeConfig, SettingsConfig } from './config-types.js';

/**
 * Request timeout when the settings give none: "By default, this interval is 20 seconds"
 * (application-gateway-troubleshooting-502.md, "Request time-out").
 */
const DEFAULT_REQUEST_TIMEOUT_SECONDS = 20;

/**
 * The default probe: "<protocol>://127.0.0.1:<port>/", every 30 s, a 30 s time-out, unhealthy
 * after 3 failures, 200-399 healthy (application-gateway-probe-overview.md, "Default health probe
 * settings"). 127.0.0.1 is only the Host header; SNI comes from the settings' host name
 * (ssl-overview.md, "For probe traffic").
 */
function defaultProbe(settings: Json): ProbeConfig {
  const hostName = text(settings.hostName);
  return {
    protocol: protocolOf(settings.protocol),
    hostHeader: '127.0.0.1',
    ...(hostName ? { serverName: hostName } : {}),
    path: '/',
    intervalSeconds: 30,
    timeoutSeconds: 30,
    unhealthyThreshold: 3,
    statusCodes: ['200-399'],
  };
}

/**
 * A custom probe. Its `host` is "used both as host header and SNI" on v2
 * (application-gateway-probe-overview.md); `pickHostNameFromBackendHttpSettings` takes the
 * settings' host name instead; SNI precedence is "custom probe > HTTP settings > backend pool"
 * (ssl-overview.md).
 */
function customProbe(probe: Json, settings: Json): ProbeConfig {
  const settingsHost = text(settings.hostName);
  const own = flag(probe.pickHostNameFromBackendHttpSettings, false)
    ? settingsHost
    : text(probe.host);
  const match = (probe.match ?? {}) as Json;
  const codes = Array.isArray(match.statusCodes)
    ? match.statusCodes.filter((c): c is string => typeof c === 'string')
    : [];
  const body = text(match.body);
  const serverName = own ?? settingsHost;
  return {
    protocol: protocolOf(probe.protocol ?? settings.protocol),
    hostHeader: own ?? '127.0.0.1',
    ...(serverName ? { serverName } : {}),
    path: text(probe.path) ?? '/',
    ...(typeof probe.port === 'number' ? { port: probe.port } : {}),
    intervalSeconds: num(probe.interval, 30),
    timeoutSeconds: num(probe.timeout, 30),
    unhealthyThreshold: Math.max(1, num(probe.unhealthyThreshold, 3)),
    statusCodes: codes.length > 0 ? codes : ['200-399'],
    ...(body !== undefined ? { body } : {}),
  };
}

/** A trusted root's `data` (base64 DER, ssl-overview.md) as PEM; undefined when unreadable. */
export function rootPem(data: string): string | undefined {
  try {
    return new X509Certificate(Buffer.from(data, 'base64')).toString();
  } catch {
    return undefined;
  }
}

export interface SettingsInputs {
  probes: Map<string, SubResource>;
  trustedRoots: Map<string, SubResource>;
  unsupported: string[];
}

export function settingsConfig(s: SubResource, inputs: SettingsInputs): SettingsConfig {
  const p = s.props;
  const probeId = ref(p.probe);
  const probe = probeId ? inputs.probes.get(probeId) : undefined;
  const trustedRootsPem = refs(p.trustedRootCertificates).flatMap((id) => {
    const data = text(inputs.trustedRoots.get(id)?.props.data);
    const pem = data ? rootPem(data) : undefined;
    if (!pem) inputs.unsupported.push(`trusted root ${id} has no readable inline data`);
    return pem ? [pem] : [];
  });
  if (p.cookieBasedAffinity === 'Enabled') inputs.unsupported.push(`${s.name}: cookie affinity`);
  if ((p.connectionDraining as Json | undefined)?.enabled === true)
    inputs.unsupported.push(`${s.name}: connection draining`);
  if (text(p.path)) inputs.unsupported.push(`${s.name}: path override`);
  const hostName = text(p.hostName);
  return {
    id: s.id,
    armId: s.armId,
    name: s.name,
    port: num(p.port, 80),
    protocol: protocolOf(p.protocol),
    ...(hostName ? { hostName } : {}),
    pickHostNameFromBackendAddress: flag(p.pickHostNameFromBackendAddress, false),
    requestTimeoutSeconds: num(p.requestTimeout, DEFAULT_REQUEST_TIMEOUT_SECONDS),
    trustedRootsPem,
    validateCertChainAndExpiry: flag(p.validateCertChainAndExpiry, true),
    validateSni: flag(p.validateSNI, true),
    probe: probe ? customProbe(probe.props, p) : defaultProbe(p),
  };
}
