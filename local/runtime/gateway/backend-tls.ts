// Where and how the gateway connects to a pool member: only ever the loopback address the
// runtime's map gives, with end-to-end TLS checked as Application Gateway v2 checks it.
import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { isLoopback } from '../loopback.js';
import type { LoopbackMap } from '../types.js';

/**
 * The loopback address and port of a member's private IP and backend port; throws when the map
 * gives anything but a loopback address (nothing here may connect elsewhere).
 */
export function loopbackTarget(
  loopback: LoopbackMap,
  ipAddress: string,
  port: number,
): { host: string; port: number } {
  const host = loopback.address(ipAddress);
  if (!isLoopback(host)) {
    throw new Error(
      `the loopback map gave ${host} for pool member ${ipAddress}; the local gateway connects only to 127.0.0.0/8 and ::1`,
    );
  }
  return { host, port: loopback.port(port) };
}

export interface BackendTrust {
  trustedRootsPem: readonly string[];
  validateCertChainAndExpiry: boolean;
  validateSni: boolean;
}

export interface BackendTlsOptions {
  ca: string[];
  rejectUnauthorized: boolean;
  servername?: string;
  checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined;
}

/**
 * TLS to a backend. The chain must end in one of the settings' trusted roots ("Application Gateway
 * will only communicate with backends whose server certificate's root certificate matches one of
 * the list of trusted root certificates in the backend http setting"), or, without any, in a
 * well-known CA; the certificate must carry `name`, which is also the SNI ("Application Gateway v2
 * sets the Server Name Indication (SNI) extension to the Host specified in the backend http
 * setting", ssl-overview.md, "End-to-end TLS with the v2 SKU"). An IP literal is never sent as SNI
 * ("SNI won't be set as per RFC 6066"), but the certificate is still checked against it.
 */
export function backendTlsOptions(
  trust: BackendTrust,
  name: string,
  wellKnownRoots: readonly string[],
): BackendTlsOptions {
  return {
    ca: [...(trust.trustedRootsPem.length > 0 ? trust.trustedRootsPem : wellKnownRoots)],
    rejectUnauthorized: trust.validateCertChainAndExpiry,
    ...(isIP(name) === 0 ? { servername: name } : {}),
    checkServerIdentity: trust.validateSni
      ? (_host, cert) => checkServerIdentity(name, cert)
      : () => undefined,
  };
}
