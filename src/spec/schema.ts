/**
 * The environment spec a user writes. Every optional field has a default, so a minimal spec names
 * only the subscription, resource group, public DNS zone, host name and contact email.
 * Cross-field rules (subnets inside the address space, certificate names covering the host name, …)
 * live in checks.ts so that every problem is reported at once, not just the first.
 */

import { z } from 'zod';

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** Lower-case letters, digits and hyphens: the environment name feeds every resource name. */
const environmentName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{1,18}[a-z0-9]$/,
    'must be 3 to 20 characters: lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
  )
  .refine((s) => !s.includes('--'), 'must not contain two hyphens in a row');

const subscriptionId = z
  .string()
  .regex(
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    'must be a subscription GUID such as 00000000-0000-0000-0000-000000000000',
  )
  .transform((s) => s.toLowerCase());

/** Azure resource group names: 1-90 of letters, digits, `_ - . ( )`, not ending with a period. */
const resourceGroupName = z
  .string()
  .regex(
    /^[-\w.()]{0,89}[-\w()]$/,
    'must be 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending with a period',
  );

const location = z
  .string()
  .regex(/^[a-z0-9]{3,40}$/, 'must be an Azure region name such as westeurope or eastus2');

/** CIDR syntax is checked in checks.ts so the message can quote the bad value. */
const cidr = z.string().min(1, 'must be a CIDR block such as 192.168.1.0/24');

/**
 * A DNS name as written; one trailing dot (the root, as `dig` and zone files print names) is
 * accepted and dropped here, so nothing after parsing ever sees it. The rest of the syntax is
 * checked in checks.ts, where the message can quote the name.
 */
const dnsName = z
  .string()
  .min(1, 'must be a DNS name')
  .transform((name) => (name.length > 1 && name.endsWith('.') ? name.slice(0, -1) : name));

/** Let's Encrypt's "Names per Certificate" limit (letsencrypt.org/docs/rate-limits). */
export const MAX_CERTIFICATE_NAMES = 100;
/** Source ranges of the dashboard's allow list (one NSG rule; Azure's cap is 4,000 per NSG). */
export const MAX_DASHBOARD_SOURCE_RANGES = 20;

const percentPositive = (max: number, unit: string) =>
  z.number().positive(`must be greater than 0 ${unit}`).max(max, `must be at most ${max} ${unit}`);

/** ACI sizes: CPU in cores (multiples of 0.1 are accepted by ACI), memory in GB. */
export const containerResourcesSchema = z.strictObject({
  cpu: percentPositive(4, 'cores').multipleOf(0.1, 'must be a multiple of 0.1 cores'),
  memoryInGB: percentPositive(16, 'GB').multipleOf(0.1, 'must be a multiple of 0.1 GB'),
});
export type ContainerResources = z.infer<typeof containerResourcesSchema>;

/**
 * An image is either imported into the environment's registry from a source reference
 * (`mcr.microsoft.com/azuredocs/aci-helloworld:latest`) or built there by ACR Tasks from a folder
 * of this app's bundle (`{ "build": "images/web" }`).
 */
export const imageSourceSchema = z.union(
  [
    z.string().regex(/^[\w.-]+(:\d+)?\/[\w./-]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/, {
      message:
        'must be an image reference with a registry and a tag, such as mcr.microsoft.com/org/web:1.2',
    }),
    z.strictObject({
      build: z
        .string()
        .regex(/^images\/[a-z0-9-]+$/, 'must name a folder of this app such as images/web'),
      tag: z
        .string()
        .regex(/^[\w][\w.-]{0,127}$/, 'must be a valid image tag')
        .default('latest'),
    }),
  ],
  {
    error:
      'must be an image reference such as mcr.microsoft.com/org/web:1.2, or { "build": "images/<folder>" }',
  },
);
export type ImageSource = z.infer<typeof imageSourceSchema>;

const image = (folder: string) =>
  imageSourceSchema.default({ build: `images/${folder}`, tag: 'latest' });
const resources = (cpu: number, memoryInGB: number) =>
  containerResourcesSchema.default({ cpu, memoryInGB });

export const specSchema = z.strictObject({
  name: environmentName,
  subscriptionId,
  resourceGroup: resourceGroupName,
  location,
  network: z
    .strictObject({
      addressSpace: cidr.default('192.168.0.0/16'),
      subnets: z
        .strictObject({
          gateway: cidr.default('192.168.0.0/24'),
          containers: cidr.default('192.168.1.0/24'),
          privateEndpoints: cidr.default('192.168.2.0/27'),
        })
        .prefault({}),
      natGateway: z
        .strictObject({
          // ACI in a VNet: a NAT gateway is "the only supported configuration for outbound
          // connectivity" (container-instances-virtual-network-concepts.md); opting out warns.
          enabled: z.boolean().default(true),
          idleTimeoutInMinutes: z
            .number()
            .int('must be a whole number of minutes')
            .min(4, 'must be at least 4 minutes')
            .max(120, 'must be at most 120 minutes')
            .default(4),
        })
        .prefault({}),
    })
    .prefault({}),
  dns: z.strictObject({
    publicZone: dnsName,
    publicZoneResourceGroup: resourceGroupName.optional(),
    privateZone: dnsName.optional(),
    ttl: z
      .number()
      .int('must be a whole number of seconds')
      .min(1, 'must be at least 1 second')
      .max(86400, 'must be at most 86400 seconds (one day)')
      .default(300),
  }),
  certificates: z.strictObject({
    acmeDirectory: z
      .string()
      .refine(
        (s) => s === 'letsencrypt' || s === 'letsencrypt-staging' || isHttpsUrl(s),
        'must be letsencrypt, letsencrypt-staging or an https:// ACME directory URL',
      )
      .default('letsencrypt'),
    email: z.email('must be an email address LetsEncrypt can write to about expiry'),
    keyType: z.enum(['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072']).default('ec-p256'),
    names: z
      .array(dnsName)
      .min(1, 'must list at least one name')
      // Let's Encrypt: "up to a limit of 100 Names per Certificate" (letsencrypt.org/docs/rate-limits).
      .max(
        MAX_CERTIFICATE_NAMES,
        `must list at most ${MAX_CERTIFICATE_NAMES} names (Let's Encrypt's limit per certificate)`,
      )
      .optional(),
    renewBeforeDays: z
      .number()
      .int('must be a whole number of days')
      .min(1, 'must be at least 1 day')
      .max(60, 'must be at most 60 days (LetsEncrypt certificates last 90)')
      .default(30),
    // How often each sidecar asks Key Vault for a new version. At most four hours, Application
    // Gateway's own interval, so the shortest renewal window (1 day) is always more than twice
    // the slowest pick-up.
    checkEveryMinutes: z
      .number()
      .int('must be a whole number of minutes')
      .min(5, 'must be at least 5 minutes')
      .max(240, "must be at most 240 minutes (Application Gateway's own 4-hour interval)")
      .default(60),
  }),
  app: z
    .strictObject({
      instances: z
        .number()
        .int('must be a whole number')
        .min(1, 'must be at least 1 container group')
        .max(20, 'must be at most 20 container groups')
        .default(2),
      images: z
        .strictObject({
          init: image('init'),
          sidecar: image('sidecar'),
          web: image('web'),
          api: image('api'),
          dashboard: image('dash'),
          // The run-once database migration (images/migrate), run by the database-migration stage.
          migrate: image('migrate'),
        })
        .prefault({}),
      resources: z
        .strictObject({
          init: resources(0.1, 0.2),
          sidecar: resources(0.2, 0.3),
          web: resources(0.5, 1),
          api: resources(0.5, 1),
          dashboard: resources(0.3, 0.5),
          migrate: resources(0.5, 0.5),
        })
        .prefault({}),
    })
    .prefault({}),
  dashboard: z
    .strictObject({
      enabled: z.boolean().default(true),
      // Private by default: without this block the gateway has no dashboard listener. With it, the
      // listener opens on gateway.dashboardPort to these source ranges only (CIDR syntax is
      // checked in checks.ts). They become one NSG rule's source prefixes; Azure allows 4,000
      // prefixes per security group (includes/azure-virtual-network-limits.md), shared with the
      // other rules: a short administrators' allow list stays far below it.
      publicAccess: z
        .strictObject({
          allowedSourceRanges: z
            .array(cidr)
            .min(1, 'must list at least one source range (CIDR) allowed to reach the dashboard')
            .max(
              MAX_DASHBOARD_SOURCE_RANGES,
              `must list at most ${MAX_DASHBOARD_SOURCE_RANGES} source ranges`,
            ),
        })
        .optional(),
    })
    .prefault({}),
  database: z
    .strictObject({
      name: z
        .string()
        .regex(
          /^[A-Za-z0-9][\w-]{0,127}$/,
          'must be 1 to 128 letters, digits, underscores or hyphens',
        )
        .default('appdb'),
      sku: z
        .string()
        .regex(/^[A-Za-z0-9_]+$/, 'must be an Azure SQL SKU name such as S0 or GP_S_Gen5_1')
        .default('S0'),
    })
    .prefault({}),
  gateway: z.strictObject({
    sku: z.enum(['Standard_v2', 'WAF_v2']).default('Standard_v2'),
    minCapacity: z
      .number()
      .int('must be a whole number')
      .min(0, 'must be at least 0')
      .max(125, 'must be at most 125')
      .default(1),
    maxCapacity: z
      .number()
      .int('must be a whole number')
      .min(2, 'must be at least 2')
      .max(125, 'must be at most 125')
      .default(3),
    hostName: dnsName,
    dashboardPort: z
      .number()
      .int('must be a whole port number')
      .min(1, 'must be a port from 1 to 65199')
      .max(65199, 'must be at most 65199 (Application Gateway v2 reserves 65200-65535)')
      .default(8443),
    sslPolicy: z
      .enum(['AppGwSslPolicy20220101S', 'AppGwSslPolicy20220101'])
      .default('AppGwSslPolicy20220101S'),
  }),
  // A deployment deletes what this environment created and the spec no longer plans (a container
  // group beyond app.instances, its A record, its backend address); false only adds and updates.
  prune: z.boolean().default(true),
});

/** The spec as written, after static defaults. */
export type ParsedSpec = z.infer<typeof specSchema>;
/** The spec as written, before defaults. */
export type SpecInput = z.input<typeof specSchema>;
