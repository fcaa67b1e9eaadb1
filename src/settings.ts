/**
 * The app's settings, read from the environment once, in the composition root, and passed down
 * typed. Every setting is documented in local.settings.sample.json and the README. None is a
 * secret: in Azure the app authenticates with its managed identity, and the one credential it
 * needs from outside, the notification webhook's URL, stays in Key Vault (the setting names the
 * secret; the notify activity reads it when it sends: src/notifications/webhook-secret.ts).
 */

import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { identityEndpointProblem, identityEndpointSettings } from './managed-identity-endpoint.js';
import { notifySettings, type NotifySettings } from './notifications/webhook-secret.js';
import { formatPath } from './spec/problems.js';
import { ROLE_ASSIGNMENT_APPLIES_MS } from './retry-policies.js';
import type { AcmeDirectoryPolicy } from './spec/acme-directory.js';
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

/** A comma-separated setting: each entry cleaned, empty ones dropped, and each one checked. */
function commaSeparated(
  clean: (entry: string) => string,
  problem: (entry: string, index: number) => string | undefined,
) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const entries = (v ?? '').split(',').map(clean).filter(Boolean);
      entries.forEach((entry, i) => {
        const message = problem(entry, i);
        if (message) ctx.addIssue({ code: 'custom', message });
      });
      return entries;
    });
}

/** `https://ca.internal/acme/directory,https://…`: ACME directories a spec may name besides Let's Encrypt's. */
const allowedAcmeDirectories = commaSeparated(
  (u) => u.trim(),
  (url) =>
    /^https:\/\/[^\s]+$/.test(url) ? undefined : `"${url}" must be an https:// ACME directory URL`,
);

/**
 * The roots of those directories' CAs, each a base64 DER certificate (a PEM body without its
 * armour), comma-separated: the gateway validates the backend chain against them.
 */
const acmeTrustedRoots = commaSeparated(
  (r) => r.replace(/\s+/g, ''),
  (root, i) => {
    const problem = rootCertificateProblem(root);
    return problem && `entry ${i + 1} ${problem}`;
  },
);

/** Why `base64` is not a CA certificate Application Gateway could trust as a root, if it is not. */
function rootCertificateProblem(base64: string): string | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return 'is not base64';
  try {
    const certificate = new X509Certificate(Buffer.from(base64, 'base64'));
    return certificate.ca ? undefined : `(${certificate.subject}) is not a CA certificate`;
  } catch {
    return 'is not a DER certificate';
  }
}

/** Where one DNS server answers. */
export interface DnsServerAddress {
  host: string;
  port: number;
}

/** A name server's name as the map is keyed: lower case, without the root's trailing dot. */
export function nameServerKey(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

const NAME_SERVER_ENTRY = /^([a-z0-9.-]+\.?)=([\w.-]+):(\d{1,5})$/i;

/**
 * `ns1-01.azure-dns.com.=127.0.0.1:5301,ns2-01.azure-dns.net.=127.0.0.1:5302,…`: where a local run
 * reaches each name server a public zone lists. In Azure it is empty: every name server is asked
 * at its own address, on port 53.
 */
const nameServerAddresses = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const addresses = new Map<string, DnsServerAddress>();
    const entries = (v ?? '').split(',').map((e) => e.trim());
    for (const entry of entries.filter(Boolean)) {
      const match = NAME_SERVER_ENTRY.exec(entry);
      if (!match) {
        ctx.addIssue({
          code: 'custom',
          message: `"${entry}" must be name=host:port, such as ns1-01.azure-dns.com.=127.0.0.1:5301`,
        });
        continue;
      }
      const [, name = '', host = '', port = ''] = match;
      addresses.set(nameServerKey(name), { host, port: Number(port) });
    }
    return addresses;
  });

/** Locally every connection stays on loopback: 127.0.0.0/8 or localhost. */
const isLoopback = (host: string) => host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The setting's text for a list of name servers and their loopback ports (local runs, tests). */
export function nameServersSetting(
  nameServers: readonly { name: string; host: string; port: number }[],
): string {
  return nameServers.map((ns) => `${ns.name}=${ns.host}:${ns.port}`).join(',');
}

/** The principal id a local run gives this app; the emulator's Key Vault checks its roles. */
export const LOCAL_PRINCIPAL_ID = '00000000-0000-4000-8000-0000000000a0';

const settingsSchema = z.object({
  ACI_VNET_SIDECARS_CLOUD: z.enum(['azure', 'local']).default('azure'),
  ACI_VNET_SIDECARS_ARM_ENDPOINT: optionalUrl,
  ACI_VNET_SIDECARS_CA_FILE: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined)),
  ACI_VNET_SIDECARS_NAME_SERVERS: nameServerAddresses,
  ACI_VNET_SIDECARS_ACME_DIRECTORY: optionalUrl,
  ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES: allowedAcmeDirectories,
  ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS: acmeTrustedRoots,
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
  // Empty, as local.settings.sample.json leaves it, means Azure's default, not 0.
  ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number()
      .int('must be a whole number of milliseconds')
      .min(0, 'must be at least 0')
      .max(3_600_000, 'must be at most 3600000 (one hour)')
      .default(ROLE_ASSIGNMENT_APPLIES_MS),
  ),
  ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID: z
    .string()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine(
      (v) =>
        v === undefined ||
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(
          v,
        ),
      "must be the resource id of this app's VNet integration subnet (/subscriptions/…/virtualNetworks/…/subnets/…)",
    ),
  ACI_VNET_SIDECARS_RECONCILE_SCHEDULE: ncrontab.default('0 */5 * * * *'),
  ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must be at least 0')
    .max(300, 'must be at most 300')
    .default(10),
  ACI_VNET_SIDECARS_RENEWAL_SCHEDULE: ncrontab.default('0 0 3 * * *'),
  // Checked in readSettings (notifySettings), whose messages never quote the value.
  ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: z.string().optional(),
  ACI_VNET_SIDECARS_NOTIFY_FORMAT: z.string().optional(),
  // Refused when set (notifySettings): the URL belongs in Key Vault, not in the environment.
  ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_URL: z.string().optional(),
  // Set by infra/app.bicep in Azure: where telemetry goes, and the identity that may send it.
  APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().trim().min(1).optional(),
  AZURE_CLIENT_ID: z.string().trim().min(1).optional(),
  ...identityEndpointSettings,
});

export interface AppSettings {
  cloud: 'azure' | 'local';
  /** ARM base URL; undefined means Azure's public cloud. */
  armEndpoint: string | undefined;
  /** PEM file of a CA to trust for every Azure call (the local emulator's); never set in Azure. */
  caFile: string | undefined;
  /**
   * Where a local run reaches each of a public zone's name servers (keyed by `nameServerKey`);
   * empty in Azure, where each is asked at its own address.
   */
  nameServerAddresses: ReadonlyMap<string, DnsServerAddress>;
  /** ACME directory used instead of each spec's, for local runs against Pebble. */
  acmeDirectoryOverride: string | undefined;
  /** ACME directories a spec may name besides Let's Encrypt's, and their CAs' roots. */
  acmeDirectories: AcmeDirectoryPolicy;
  /** Where Event Grid delivers container-group events: this app's function, or a local webhook. */
  eventHandlerId: string | undefined;
  eventWebhookUrl: string | undefined;
  /** Object id of this app's managed identity: granted certificate rights on each vault it creates. */
  principalId: string | undefined;
  /** Long-running operation poll interval; undefined leaves it to the service's Retry-After. */
  pollIntervalMs: number | undefined;
  /**
   * How long after its creation a role assignment is counted as applied where the app cannot test
   * it (retry-policies.ts ROLE_ASSIGNMENT_APPLIES_MS); a local run scales it with the emulator.
   */
  roleAssignmentApplyMs: number;
  /**
   * The subnet this app's outbound traffic leaves from in Azure (its VNet integration): each
   * environment's Key Vault firewall lets it in. Undefined locally.
   */
  outboundSubnetId: string | undefined;
  reconcileSchedule: string;
  /** How long a reconcile waits for a burst of container group events to settle. */
  reconcileCoalesceSeconds: number;
  renewalSchedule: string;
  /**
   * The Key Vault secret holding the webhook URL where deployments, renewals and heals are
   * announced, and the format; undefined when notifications are off.
   */
  notifications: NotifySettings | undefined;
  /**
   * A local container's managed identity endpoint (AZURE_POD_IDENTITY_AUTHORITY_HOST, loopback
   * only): its tokens come through DefaultAzureCredential, as in ACI. Undefined in Azure and for
   * the local Functions host.
   */
  managedIdentityEndpoint: string | undefined;
  /**
   * Application Insights, in Azure: traces and logs are exported there with the app's identity
   * (src/telemetry). Undefined locally, where they are printed on the console.
   */
  applicationInsights: ApplicationInsightsSettings | undefined;
}

export interface ApplicationInsightsSettings {
  connectionString: string;
  /** The user-assigned identity that holds Monitoring Metrics Publisher on the resource. */
  clientId: string | undefined;
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
  // The override replaces every spec's directory without the allow list: for Pebble, locally.
  if (!local && s.ACI_VNET_SIDECARS_ACME_DIRECTORY) {
    return {
      ok: false,
      problems: [
        {
          path: 'ACI_VNET_SIDECARS_ACME_DIRECTORY',
          message:
            "is for local runs only (ACI_VNET_SIDECARS_CLOUD local); in Azure each spec names its directory, Let's Encrypt's or one listed in ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES",
        },
      ],
    };
  }
  const offLoopback = [...s.ACI_VNET_SIDECARS_NAME_SERVERS].filter(
    ([, address]) => !isLoopback(address.host),
  );
  if (local && offLoopback.length > 0) {
    return {
      ok: false,
      problems: [
        {
          path: 'ACI_VNET_SIDECARS_NAME_SERVERS',
          message: `must point at 127.0.0.1 when ACI_VNET_SIDECARS_CLOUD is local: ${offLoopback.map(([name, a]) => `${name}=${a.host}`).join(', ')}`,
        },
      ],
    };
  }
  const identityProblem = identityEndpointProblem(s, local);
  if (identityProblem) return { ok: false, problems: [identityProblem] };
  const notifications = notifySettings(
    s.ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET,
    s.ACI_VNET_SIDECARS_NOTIFY_FORMAT,
    s.ACI_VNET_SIDECARS_CLOUD,
    s.ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_URL,
  );
  if (!notifications.ok)
    return { ok: false, problems: [{ path: notifications.path, message: notifications.message }] };
  return {
    ok: true,
    settings: {
      cloud: s.ACI_VNET_SIDECARS_CLOUD,
      armEndpoint: s.ACI_VNET_SIDECARS_ARM_ENDPOINT,
      caFile: s.ACI_VNET_SIDECARS_CA_FILE,
      nameServerAddresses: s.ACI_VNET_SIDECARS_NAME_SERVERS,
      acmeDirectoryOverride: s.ACI_VNET_SIDECARS_ACME_DIRECTORY,
      acmeDirectories: {
        allowed: s.ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES,
        trustedRoots: s.ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS,
      },
      eventHandlerId: s.ACI_VNET_SIDECARS_EVENT_HANDLER_ID,
      eventWebhookUrl: s.ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL,
      principalId: s.ACI_VNET_SIDECARS_PRINCIPAL_ID,
      pollIntervalMs: s.ACI_VNET_SIDECARS_POLL_INTERVAL_MS,
      roleAssignmentApplyMs: s.ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS,
      outboundSubnetId: s.ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID,
      reconcileSchedule: s.ACI_VNET_SIDECARS_RECONCILE_SCHEDULE,
      reconcileCoalesceSeconds: s.ACI_VNET_SIDECARS_RECONCILE_COALESCE_SECONDS,
      renewalSchedule: s.ACI_VNET_SIDECARS_RENEWAL_SCHEDULE,
      notifications: notifications.notify,
      managedIdentityEndpoint: s.AZURE_POD_IDENTITY_AUTHORITY_HOST,
      applicationInsights:
        local || s.APPLICATIONINSIGHTS_CONNECTION_STRING === undefined
          ? undefined
          : {
              connectionString: s.APPLICATIONINSIGHTS_CONNECTION_STRING,
              clientId: s.AZURE_CLIENT_ID,
            },
    },
  };
}
