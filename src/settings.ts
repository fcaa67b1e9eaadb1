/**
 * The app's settings, read from the environment once, in the composition root, and passed down
 * typed. Every setting is documented in local.settings.sample.json and the README. None is a
 * secret: in Azure the app authenticates with its managed identity.
 */

import { z } from 'zod';
import { formatPath } from './spec/problems.js';
import type { SpecProblem } from './spec/types.js';

const ncrontab = z
  .string()
  .regex(/^(\S+\s+){5}\S+$/, 'must be a six-field NCRONTAB schedule such as "0 */5 * * * *"');

const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine((v) => v === undefined || /^https:\/\/[^\s]+$/.test(v), 'must be an https:// URL');

/** Event Grid webhooks are https in Azure; the local emulator also delivers to http on loopback. */
const webhookUrl = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine(
    (v) =>
      v === undefined ||
      /^https:\/\/[^\s]+$/.test(v) ||
      /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(v),
    'must be an https:// URL, or http:// on loopback for a local run',
  );

const hostPort = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine(
    (v) => v === undefined || /^[\w.-]+:\d{1,5}$/.test(v),
    'must be host:port, such as 127.0.0.1:5353',
  );

/** The principal id a local run gives this app; the emulator's Key Vault checks its roles. */
export const LOCAL_PRINCIPAL_ID = '00000000-0000-4000-8000-0000000000a0';

const settingsSchema = z.object({
  ACI_VNET_SIDECARS_CLOUD: z.enum(['azure', 'local']).default('azure'),
  ACI_VNET_SIDECARS_ARM_ENDPOINT: optionalUrl,
  ACI_VNET_SIDECARS_CA_FILE: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  ACI_VNET_SIDECARS_DNS_SERVER: hostPort,
  ACI_VNET_SIDECARS_ACME_DIRECTORY: optionalUrl,
  ACI_VNET_SIDECARS_EVENT_HANDLER_ID: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: webhookUrl,
  ACI_VNET_SIDECARS_PRINCIPAL_ID: z
    .string()
    .optional()
    .transform((v) => (v ? v.toLowerCase() : undefined))
    .refine(
      (v) =>
        v === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v),
      "must be the object (principal) id of this app's managed identity, a GUID",
    ),
  ACI_VNET_SIDECARS_POLL_INTERVAL_MS: z.coerce.number().int().min(1).max(60_000).optional(),
  ACI_VNET_SIDECARS_RECONCILE_SCHEDULE: ncrontab.default('0 */5 * * * *'),
  ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(300, 'must be at most 300')
    .default(10),
  ACI_VNET_SIDECARS_RENEWAL_SCHEDULE: ncrontab.default('0 0 3 * * *'),
});

export interface AppSettings {
  cloud: 'azure' | 'local';
  /** ARM base URL; undefined means Azure's public cloud. */
  armEndpoint: string | undefined;
  /** PEM file of a CA to trust for every Azure call (the local emulator's); never set in Azure. */
  caFile: string | undefined;
  /** Authoritative DNS server polled for ACME TXT records; undefined means the zone's name servers. */
  dnsServer: { host: string; port: number } | undefined;
  /** ACME directory used instead of each spec's, for local runs against Pebble. */
  acmeDirectoryOverride: string | undefined;
  /** Where Event Grid delivers container-group events: this app's function, or a local webhook. */
  eventHandlerId: string | undefined;
  eventWebhookUrl: string | undefined;
  /** Object id of this app's managed identity: granted certificate rights on each vault it creates. */
  principalId: string | undefined;
  /** Long-running operation poll interval; undefined leaves it to the service's Retry-After. */
  pollIntervalMs: number | undefined;
  reconcileSchedule: string;
  /** How long a reconcile waits for a burst of container group events to settle. */
  reconcileCoalesceSeconds: number;
  renewalSchedule: string;
}

export type SettingsResult =
  { ok: true; settings: AppSettings } | { ok: false; problems: SpecProblem[] };

export function readSettings(env: Record<string, string | undefined>): SettingsResult {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    };
  }
  const s = parsed.data;
  const local = s.ACI_VNET_SIDECARS_CLOUD === 'local';
  if (local && !s.ACI_VNET_SIDECARS_ARM_ENDPOINT) {
    return {
      ok: false,
      problems: [
        {
          path: 'ACI_VNET_SIDECARS_ARM_ENDPOINT',
          message: 'is required when ACI_VNET_SIDECARS_CLOUD is local',
        },
      ],
    };
  }
  const [host, port] = s.ACI_VNET_SIDECARS_DNS_SERVER?.split(':') ?? [];
  return {
    ok: true,
    settings: {
      cloud: s.ACI_VNET_SIDECARS_CLOUD,
      armEndpoint: s.ACI_VNET_SIDECARS_ARM_ENDPOINT,
      caFile: s.ACI_VNET_SIDECARS_CA_FILE,
      dnsServer: host && port ? { host, port: Number(port) } : undefined,
      acmeDirectoryOverride: s.ACI_VNET_SIDECARS_ACME_DIRECTORY,
      eventHandlerId: s.ACI_VNET_SIDECARS_EVENT_HANDLER_ID,
      eventWebhookUrl: s.ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL,
      principalId: s.ACI_VNET_SIDECARS_PRINCIPAL_ID,
      pollIntervalMs: s.ACI_VNET_SIDECARS_POLL_INTERVAL_MS,
      reconcileSchedule: s.ACI_VNET_SIDECARS_RECONCILE_SCHEDULE,
      reconcileCoalesceSeconds: s.ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS,
      renewalSchedule: s.ACI_VNET_SIDECARS_RENEWAL_SCHEDULE,
    },
  };
}
