// The local Application Gateway's public contract: what the runtime gives it and gets back.
import type { ArmRecord, LoopbackMap } from '../types.js';

/**
 * A server's health as the `backendhealth` action reports it. The wire values are Healthy,
 * Unhealthy and Unknown (application-gateway-backend-health-troubleshooting.md: "The status
 * retrieved by any of these methods can be any one of the following states: Healthy, Unhealthy,
 * Unknown"; the az CLI filters on `.health == "Healthy"`, Azure/azure-sdk-for-java#1477), although
 * the REST spec's enum says Up/Down (ApplicationGatewayBackendHealthServerHealth).
 */
export type ServerHealth = 'Healthy' | 'Unhealthy' | 'Unknown';

export interface BackendHealthServer {
  /** The address as the pool lists it (the private IP, or the FQDN). */
  address: string;
  health: ServerHealth;
  healthProbeLog: string;
}

/** ARM's `ApplicationGatewayBackendHealth`, as `POST …/backendhealth` answers it. */
export interface BackendHealthReport {
  backendAddressPools: {
    backendAddressPool: { id: string };
    backendHttpSettingsCollection: {
      backendHttpSettings: { id: string };
      servers: BackendHealthServer[];
    }[];
  }[];
}

/** A Key Vault secret bundle, as `GET {vault}/secrets/{name}` answers it (value never logged). */
export interface GatewaySecret {
  value: string;
  contentType?: string;
  /** `https://{vault}/secrets/{name}/{version}`: the version read. */
  id: string;
}

/** Reads the latest version of a version-less secret id as the gateway's identity. */
export type ReadSecret = (
  versionlessSecretId: string,
  gatewayIdentity: { principalId: string },
) => Promise<GatewaySecret>;

export interface LocalGatewayOptions {
  /** Where a pool member's private IP and a backend port live on this machine. */
  loopback: LoopbackMap;
  /** The port to bind on 127.0.0.1 for a frontend port; 0 binds a free port. */
  listenPort: (frontendPort: number) => number;
  readSecret: ReadSecret;
  /** Azure seconds per real second (the emulator's time scale): the probe and Key Vault intervals. */
  timeScale: number;
  /** Called whenever the backend health changes; one call at a time, the latest report wins. */
  reportHealth: (report: BackendHealthReport) => Promise<void>;
  log: (line: string) => void;
  now: () => number;
  /**
   * The gateway identity's principal id when the record's `identity.userAssignedIdentities` entry
   * does not carry it (the emulator stores the request body, which has none). Default: none.
   */
  principalIdOf?: (userAssignedIdentityId: string) => string | undefined;
  /**
   * PEM roots trusted when backend settings name no trusted root certificate: Azure's
   * "well-known CA authorities" (ssl-overview.md). Default: Node's bundled roots.
   */
  wellKnownRoots?: readonly string[];
}

export interface LocalListener {
  name: string;
  frontendPort: number;
  /** The port bound on 127.0.0.1. */
  localPort: number;
  protocol: 'Http' | 'Https';
  hostName?: string;
}

/** A listener certificate the gateway serves: which version of which secret, since when. */
export interface ServedCertificate {
  name: string;
  keyVaultSecretId: string;
  version: string;
  loadedAt: number;
}

export interface LocalGateway {
  /** The latest ARM record of the gateway; cheap when nothing changed. */
  update(record: ArmRecord): void;
  listeners(): LocalListener[];
  health(): BackendHealthReport;
  certificates(): ServedCertificate[];
  /** Resolves once the work the last update started (binding, certificate reads) is done. */
  settled(): Promise<void>;
  close(): Promise<void>;
}
