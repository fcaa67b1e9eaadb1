// The gateway resource as the local gateway uses it: sub-resources resolved by id (lower case).

export type Protocol = 'Http' | 'Https';

export interface ListenerConfig {
  id: string;
  name: string;
  frontendPort: number;
  protocol: Protocol;
  /** `hostName` or `hostNames`; empty for a basic listener (any host). */
  hostNames: string[];
  sslCertificateId?: string;
}

export interface RuleConfig {
  id: string;
  name: string;
  priority: number;
  listenerId: string;
  poolId?: string;
  settingsId?: string;
  redirectId?: string;
}

export interface PoolMember {
  /** As the pool lists it: the IP address, or the FQDN. */
  address: string;
  ipAddress?: string;
}

export interface PoolConfig {
  /** Lower case, as references are compared; `armId` as ARM spells it. */
  id: string;
  armId: string;
  name: string;
  members: PoolMember[];
}

export interface ProbeConfig {
  protocol: Protocol;
  hostHeader: string;
  /** SNI and the name the backend certificate must carry; none: the member's address. */
  serverName?: string;
  path: string;
  port?: number;
  intervalSeconds: number;
  timeoutSeconds: number;
  unhealthyThreshold: number;
  /** `match.statusCodes`: "200", "200-399". */
  statusCodes: string[];
  /** `match.body`: a substring the body must contain. */
  body?: string;
}

export interface SettingsConfig {
  id: string;
  armId: string;
  name: string;
  port: number;
  protocol: Protocol;
  hostName?: string;
  pickHostNameFromBackendAddress: boolean;
  requestTimeoutSeconds: number;
  /** PEM of the referenced trusted roots; empty: the well-known CAs. */
  trustedRootsPem: string[];
  validateCertChainAndExpiry: boolean;
  validateSni: boolean;
  probe: ProbeConfig;
}

export type RedirectType = 'Permanent' | 'Found' | 'SeeOther' | 'Temporary';

export interface RedirectConfig {
  id: string;
  name: string;
  redirectType: RedirectType;
  targetListenerId?: string;
  targetUrl?: string;
  includePath: boolean;
  includeQueryString: boolean;
}

export interface SslCertificateConfig {
  id: string;
  name: string;
  keyVaultSecretId?: string;
}

export interface GatewayConfig {
  id: string;
  /** The user-assigned identity the gateway reads Key Vault with. */
  identityId?: string;
  principalId?: string;
  listeners: ListenerConfig[];
  /** By priority, lowest first: the order v2 evaluates listeners in. */
  rules: RuleConfig[];
  pools: Map<string, PoolConfig>;
  settings: Map<string, SettingsConfig>;
  redirects: Map<string, RedirectConfig>;
  sslCertificates: Map<string, SslCertificateConfig>;
  /** `globalConfiguration.enableResponseBuffering`, on unless set to false. */
  responseBuffering: boolean;
  /** What the record asks for that the local gateway does not do, for one log line each. */
  unsupported: string[];
}
