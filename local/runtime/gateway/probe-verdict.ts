// Whether a probe's answer counts as healthy, and the health probe log Azure writes for it (pure).
// Messages: application-gateway-backend-health-troubleshooting.md ("Error messages"); the success
// line as the portal and API show it, "Success. Received 302 status code"
// (Azure/application-gateway-kubernetes-ingress#869).

export interface ProbeResult {
  ok: boolean;
  log: string;
}

/** `match.statusCodes` entries: "200" or "200-399". */
export function statusMatches(statusCodes: readonly string[], status: number): boolean {
  return statusCodes.some((entry) => {
    const [low, high] = entry.split('-').map((n) => Number(n.trim()));
    if (low === undefined || Number.isNaN(low)) return false;
    return high === undefined ? status === low : status >= low && status <= high;
  });
}

/**
 * A probe answer is healthy when its status is in `match.statusCodes` and, when `match.body` is
 * set, its body contains that string: "The match only looks for presence of user specified string
 * in response body and isn't a full regular expression match"
 * (application-gateway-probe-overview.md, "Probe matching").
 */
export function probeVerdict(
  match: { statusCodes: readonly string[]; body?: string },
  status: number,
  body: string,
): ProbeResult {
  if (!statusMatches(match.statusCodes, status)) {
    return {
      ok: false,
      log: `Status code of the backend's HTTP response did not match the probe setting. Expected:${match.statusCodes.join(',')} Received:${status}.`,
    };
  }
  if (match.body !== undefined && !body.includes(match.body)) {
    return {
      ok: false,
      log: `Body of the backend's HTTP response did not match the probe setting. Received response body doesn't contain ${match.body}.`,
    };
  }
  return { ok: true, log: `Success. Received ${status} status code` };
}

export const TIMEOUT_LOG =
  "Time taken by the backend to respond to application gateway's health probe is more than the timeout threshold in the probe setting.";

const CONNECT_LOG =
  'Application Gateway could not connect to the backend. Check that the backend responds on the port used for the probe. Also check whether any NSG/UDR/Firewall is blocking access to the Ip and port of this backend.';

const NAME_MISMATCH_LOG =
  'The Common Name of the leaf certificate presented by the backend server does not match the Probe or Backend Setting hostname of the application gateway.';

const EXPIRED_LOG =
  'Backend certificate is invalid. Current date is not within the "Valid from" and "Valid to" date range on the certificate.';

const ROOT_MISMATCH_LOG =
  "The root certificate of the server certificate used by the backend doesn't match the trusted root certificate added to the application gateway. Ensure that you add the correct root certificate to allowlist the backend.";

const NOT_WELL_KNOWN_LOG =
  'The backend Server certificate is not signed by a well-known Certificate Authority (CA). To use unknown CA certificates, its Root certificate must be uploaded to the Backend Setting of the application gateway.';

const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** What a failed connection or TLS handshake to a backend means, in Azure's words. */
export function failureLog(code: string | undefined, trustedRoots: boolean): string {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return NAME_MISMATCH_LOG;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return EXPIRED_LOG;
  if (code !== undefined && UNTRUSTED.has(code))
    return trustedRoots ? ROOT_MISMATCH_LOG : NOT_WELL_KNOWN_LOG;
  if (code?.startsWith('ERR_TLS_') || code?.startsWith('ERR_SSL_') || code?.startsWith('CERT_'))
    return `The validity of the backend certificate could not be verified. To find out the reason, check OpenSSL diagnostics for the message associated with error code ${code}`;
  return CONNECT_LOG;
}
