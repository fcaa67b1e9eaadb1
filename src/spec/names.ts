/**
 * Deterministic resource names. Globally unique names (Key Vault, registry, SQL server, public IP
 * DNS label) carry a suffix hashed from subscription + resource group + environment name, so the
 * same environment always gets the same names and two environments never collide. Never random.
 */

import { createHash } from 'node:crypto';

export interface NameScope {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** Eight characters of [a-z0-9] from a SHA-256 of the scope (resource groups are case-insensitive). */
export function uniqueSuffix(scope: NameScope, length = 8): string {
  const key = [
    scope.subscriptionId.toLowerCase(),
    scope.resourceGroup.toLowerCase(),
    scope.name,
  ].join('/');
  const digest = createHash('sha256').update(key).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[digest[i]! % alphabet.length];
  return out;
}

/** A GUID derived from its parts, like ARM templates' guid(): role assignment names must be GUIDs. */
export function deterministicGuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('|').toLowerCase()).digest('hex');
  // Version 5-style layout: the version and variant nibbles make it a well-formed RFC 4122 GUID.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Cuts a hyphenated name to `max` characters without leaving a trailing hyphen. */
function cut(value: string, max: number): string {
  return value.slice(0, max).replace(/-+$/, '');
}

export interface ResourceNames {
  /** User-assigned identity of the app groups (sidecar, web and api share it: ACI gives identities per group). */
  appIdentity: string;
  /** User-assigned identity of the dashboard group. */
  dashboardIdentity: string;
  /** User-assigned identity that is the SQL server's Entra administrator and nothing else. */
  sqlAdminIdentity: string;
  gatewayIdentity: string;
  virtualNetwork: string;
  subnets: { gateway: string; containers: string; privateEndpoints: string };
  natGateway: string;
  natGatewayPublicIp: string;
  keyVault: string;
  registry: string;
  sqlServer: string;
  sqlPrivateEndpoint: string;
  gateway: string;
  /** Web application firewall policy, created only for the WAF_v2 gateway SKU. */
  wafPolicy: string;
  gatewayPublicIp: string;
  gatewayDnsLabel: string;
  appContainerGroups: string[];
  dashboardContainerGroup: string;
  /** Key Vault certificate holding the public host name's certificate. */
  certificate: string;
  /** Key Vault secret holding the ACME account key. */
  acmeAccountKeySecret: string;
  eventGridSystemTopic: string;
  eventGridSubscription: string;
}

/**
 * The gateway's user-assigned identity, the one name `azd provision` must know before the first
 * deployment (infra/prepared-environment.bicep names it the same way).
 */
export function gatewayIdentityName(environment: string): string {
  return `id-${environment}-gateway`;
}

export function resourceNames(
  scope: NameScope,
  instances: number,
  hostName: string,
): ResourceNames {
  const n = scope.name;
  const suffix = uniqueSuffix(scope);
  const compact = n.replace(/-/g, '');
  return {
    appIdentity: `id-${n}-app`,
    dashboardIdentity: `id-${n}-dashboard`,
    sqlAdminIdentity: `id-${n}-sql-admin`,
    gatewayIdentity: gatewayIdentityName(n),
    virtualNetwork: `vnet-${n}`,
    subnets: {
      gateway: 'snet-gateway',
      containers: 'snet-containers',
      privateEndpoints: 'snet-private-endpoints',
    },
    natGateway: `ng-${n}`,
    natGatewayPublicIp: `pip-ng-${n}`,
    // Key Vault: 3-24 characters, letters, digits and single hyphens, starting with a letter.
    keyVault: `kv-${cut(n, 12)}-${suffix}`,
    // Container registry: 5-50 alphanumerics only.
    registry: `acr${compact.slice(0, 39)}${suffix}`,
    // SQL server: 1-63 lower-case letters, digits and hyphens.
    sqlServer: `sql-${n}-${suffix}`,
    sqlPrivateEndpoint: `pe-sql-${n}`,
    gateway: `agw-${n}`,
    wafPolicy: `waf-${n}`,
    gatewayPublicIp: `pip-agw-${n}`,
    // Public IP DNS label: 3-63 characters, starting with a letter.
    gatewayDnsLabel: `${n}-${suffix}`,
    appContainerGroups: Array.from({ length: instances }, (_, i) => `ci-${n}-app-${i + 1}`),
    dashboardContainerGroup: `ci-${n}-dashboard`,
    // Key Vault object names: 1-127 letters, digits and hyphens.
    // Stryker disable next-line Regex: without ^ it would also rename a '*.' after the start, which no host name that passes the spec's checks has (gateway.hostName allows no '*' at all)
    certificate: cut(hostName.replace(/^\*\./, 'wildcard.').replace(/\./g, '-'), 127),
    acmeAccountKeySecret: 'acme-account-key',
    eventGridSystemTopic: `evgt-${n}-resource-group`,
    eventGridSubscription: `evgs-${n}-container-groups`,
  };
}
