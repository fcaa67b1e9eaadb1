// What a renewal announces (src/notifications): a new version, or a failure. Pure.
import { classifyFailure } from '../errors.js';
import type { NotificationEvent } from '../notifications/index.js';
import { parseSpec } from '../spec/index.js';
import type { RenewalCheck } from './renewal.activities.js';

const DAY_MS = 86_400_000;

/** The certificate's name, names and renewal window, from the spec the environment was deployed with. */
function certificateOf(spec: unknown) {
  const parsed = parseSpec(spec);
  if (!parsed.ok) return undefined;
  return {
    certificate: parsed.spec.names.certificate,
    names: parsed.spec.certificates.names,
    renewBeforeDays: parsed.spec.certificates.renewBeforeDays,
  };
}

/** "Certificate renewed": its new expiry and when the renewal timer renews it again. */
export function certificateRenewedNotification(
  environment: string,
  spec: unknown,
  check: RenewalCheck,
  at: string,
): NotificationEvent {
  const held = certificateOf(spec);
  const renewAt = held
    ? new Date(Date.parse(check.notAfter) - held.renewBeforeDays * DAY_MS).toISOString()
    : undefined;
  return {
    type: 'certificate.renewed',
    environment,
    at,
    details: {
      certificate: held?.certificate,
      names: held?.names,
      notAfter: check.notAfter,
      renewAt,
      version: check.version,
      reason: check.message,
    },
  };
}

/** "Renewal failed", with the `[kind/code] message` the renewal activity failed with. */
export function renewalFailedNotification(
  environment: string,
  spec: unknown,
  error: unknown,
  at: string,
): NotificationEvent {
  const held = certificateOf(spec);
  const failure = classifyFailure(error);
  return {
    type: 'certificate.renewal-failed',
    environment,
    at,
    details: {
      certificate: held?.certificate,
      names: held?.names,
      error: { code: failure.code, message: failure.message },
    },
  };
}
