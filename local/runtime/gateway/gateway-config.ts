// The Microsoft.Network/applicationGateways record, as the local gateway uses it (pure).
import type { ArmRecord } from '../types.js';
import {
  collection,
  flag,
  isJson,
  num,
  protocolOf,
  ref,
  text,
  type Json,
  type SubResource,
} from './arm-json.js';
import type {
  GatewayConfig,
  ListenerConfig,
  PoolConfig,
  RedirectConfig,
  RedirectType,
  RuleConfig,
} from './config-types.js';
import { settingsConfig } from './settings-config.js';

const byId = (items: SubResource[]) => new Map(items.map((i) => [i.id, i]));

function listenerConfig(l: SubResource, ports: Map<string, SubResource>): ListenerConfig {
  const portId = ref(l.props.frontendPort);
  const hostNames = Array.isArray(l.props.hostNames)
    ? l.props.hostNames.filter((h): h is string => typeof h === 'string' && h !== '')
    : [];
  const hostName = text(l.props.hostName);
  const certificate = ref(l.props.sslCertificate);
  return {
    id: l.id,
    name: l.name,
    frontendPort: num(portId ? ports.get(portId)?.props.port : undefined, 0),
    protocol: protocolOf(l.props.protocol),
    hostNames: hostName ? [hostName, ...hostNames] : hostNames,
    ...(certificate ? { sslCertificateId: certificate } : {}),
  };
}

function ruleConfig(r: SubResource, unsupported: string[]): RuleConfig | undefined {
  const p = r.props;
  const listenerId = ref(p.httpListener);
  if (!listenerId) return undefined;
  if (p.ruleType === 'PathBasedRouting') {
    unsupported.push(`${r.name}: path-based routing (the plan uses Basic rules only)`);
    return undefined;
  }
  if (ref(p.rewriteRuleSet)) unsupported.push(`${r.name}: rewrite rule set`);
  const poolId = ref(p.backendAddressPool);
  const settingsId = ref(p.backendHttpSettings);
  const redirectId = ref(p.redirectConfiguration);
  return {
    id: r.id,
    name: r.name,
    priority: num(p.priority, 20000),
    listenerId,
    ...(poolId ? { poolId } : {}),
    ...(settingsId ? { settingsId } : {}),
    ...(redirectId ? { redirectId } : {}),
  };
}

function poolConfig(p: SubResource, unsupported: string[]): PoolConfig {
  const addresses = Array.isArray(p.props.backendAddresses) ? p.props.backendAddresses : [];
  const members = addresses.filter(isJson).flatMap((a) => {
    const ipAddress = text(a.ipAddress);
    const fqdn = text(a.fqdn);
    if (!ipAddress && fqdn) unsupported.push(`${p.name}: FQDN member ${fqdn} (never probed)`);
    const address = ipAddress ?? fqdn;
    return address ? [{ address, ...(ipAddress ? { ipAddress } : {}) }] : [];
  });
  return { id: p.id, armId: p.armId, name: p.name, members };
}

const REDIRECT_TYPES: readonly RedirectType[] = ['Permanent', 'Found', 'SeeOther', 'Temporary'];

function redirectConfig(r: SubResource): RedirectConfig {
  const p = r.props;
  const type = REDIRECT_TYPES.find((t) => t === p.redirectType) ?? 'Permanent';
  const targetListenerId = ref(p.targetListener);
  const targetUrl = text(p.targetUrl);
  return {
    id: r.id,
    name: r.name,
    redirectType: type,
    ...(targetListenerId ? { targetListenerId } : {}),
    ...(targetUrl ? { targetUrl } : {}),
    includePath: flag(p.includePath, false),
    includeQueryString: flag(p.includeQueryString, false),
  };
}

function identityOf(record: ArmRecord): { identityId?: string; principalId?: string } {
  const entries = Object.entries(record.identity?.userAssignedIdentities ?? {});
  const [identityId, entry] = entries[0] ?? [];
  if (!identityId) return {};
  const principalId = text(entry?.principalId);
  return { identityId, ...(principalId ? { principalId } : {}) };
}

function unsupportedFeatures(props: Json): string[] {
  const found: string[] = [];
  const sku = isJson(props.sku) ? text(props.sku.tier) : undefined;
  if (sku === 'WAF_v2' || ref(props.firewallPolicy)) found.push('web application firewall');
  if (collection(props, 'urlPathMaps', '').length > 0) found.push('URL path maps');
  if (collection(props, 'sslProfiles', '').length > 0) found.push('SSL profiles');
  return found;
}

/** The record's listeners, rules, pools, settings, probes and redirects, resolved by id. */
export function gatewayConfig(record: ArmRecord): GatewayConfig {
  const props = record.properties;
  const id = record.id;
  const items = (key: string) => collection(props, key, id);
  const unsupported = unsupportedFeatures(props);
  const ports = byId(items('frontendPorts'));
  const inputs = {
    probes: byId(items('probes')),
    trustedRoots: byId(items('trustedRootCertificates')),
    unsupported,
  };
  const rules = items('requestRoutingRules')
    .flatMap((r) => ruleConfig(r, unsupported) ?? [])
    .sort((a, b) => a.priority - b.priority);
  const global = isJson(props.globalConfiguration) ? props.globalConfiguration : {};
  return {
    id,
    ...identityOf(record),
    listeners: items('httpListeners').map((l) => listenerConfig(l, ports)),
    rules,
    pools: new Map(items('backendAddressPools').map((p) => [p.id, poolConfig(p, unsupported)])),
    settings: new Map(
      items('backendHttpSettingsCollection').map((s) => [s.id, settingsConfig(s, inputs)]),
    ),
    redirects: new Map(items('redirectConfigurations').map((r) => [r.id, redirectConfig(r)])),
    sslCertificates: new Map(
      items('sslCertificates').map((c) => {
        const secretId = text(c.props.keyVaultSecretId);
        return [
          c.id,
          { id: c.id, name: c.name, ...(secretId ? { keyVaultSecretId: secretId } : {}) },
        ];
      }),
    ),
    responseBuffering: flag(global.enableResponseBuffering, true),
    unsupported,
  };
}
