// The ACI container groups (app groups and dashboard): init container, nginx TLS sidecar, workload.
import { idRef, planned, userAssigned, type PlanContext } from './context.js';
import { sqlServerFqdn } from './database.js';
import { SQL_PRIVATE_ZONE } from './ids.js';
import { grantIds, groupIdentity } from './identity.js';
import { imageName, workloadImage, type ImageRole } from './images.js';
import { vaultUri } from './key-vault.js';
import { renderNginxConf, SIDECAR_FILES, UPSTREAMS, type Http2Syntax } from './nginx.js';
import { ref } from './references.js';
import { loginServer } from './registry.js';
import type { JsonObject, PlannedResource } from './types.js';
import type { EnvironmentSpec } from '../spec/index.js';
import type { PlanIds } from './ids.js';

const TLS_VOLUME = 'tls';

/**
 * The sidecar image's unprivileged user (nginx in nginx:stable-alpine): ACI creates emptyDir
 * volumes owned by root, so the init container hands the volume to it.
 */
const SIDECAR_USER = '101:101';

type Env = Record<string, string>;

function env(vars: Env): JsonObject[] {
  // Plain `value` only, because nothing here is a secret: secrets stay in Key Vault and are read at
  // run time with the managed identity. A `secureValue` would still sit in the plan and the request.
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}

function image(ctx: PlanContext, role: ImageRole): string {
  return imageName(workloadImage(role, ctx.spec.app.images[role]), loginServer(ctx));
}

/** What DefaultAzureCredential reads (AZURE_CLIENT_ID) to pick the group's identity. */
function clientId(identityId: string): string {
  return ref(identityId, 'properties.clientId');
}

export interface GroupRole {
  id: string;
  /** The group's name, which its containers report as CONTAINER_GROUP_NAME. */
  name: string;
  /** Relative name of the group's A record in the private zone, e.g. `app-1`. */
  recordName: string;
  routes: 'app' | 'dashboard';
}

/**
 * The init container prepares the shared volume (nginx.conf, its owner) and nothing else: ACI
 * gives init containers no managed identity and no IP (MicrosoftDocs/azure-docs PR #101684), so
 * it gets no identity, no Key Vault and no DNS settings.
 */
function initContainer(ctx: PlanContext, group: GroupRole): JsonObject {
  const nginxConf = renderNginxConf({
    serverName: ctx.spec.gateway.hostName,
    routes: group.routes,
    certPath: SIDECAR_FILES.certificate,
    keyPath: SIDECAR_FILES.privateKey,
    http2: sidecarHttp2(ctx),
  });
  return {
    name: 'init',
    properties: {
      image: image(ctx, 'init'),
      environmentVariables: env({
        TLS_DIR: SIDECAR_FILES.directory,
        NGINX_CONF_BASE64: Buffer.from(nginxConf, 'utf8').toString('base64'),
        SIDECAR_USER: SIDECAR_USER,
      }),
      volumeMounts: [{ name: TLS_VOLUME, mountPath: SIDECAR_FILES.directory, readOnly: false }],
    },
  };
}

/**
 * The sidecar built from images/sidecar runs nginx:stable-alpine, past 1.25.1, so it gets
 * `http2 on;`. An imported sidecar image runs an nginx of unknown version: it gets the
 * `listen … http2` form every nginx from 1.9.5 reads.
 */
function sidecarHttp2(ctx: PlanContext): Http2Syntax {
  return typeof ctx.spec.app.images.sidecar === 'string' ? 'listen-parameter' : 'directive';
}

/**
 * The database settings the api and the dashboard share (images/shared/database): Azure SQL,
 * reached by its public name, which the linked privatelink zone resolves to the private endpoint.
 */
function databaseEnv(ctx: PlanContext): Env {
  return {
    DATABASE_ENGINE: 'azuresql',
    SQL_SERVER_FQDN: sqlServerFqdn(ctx),
    SQL_DATABASE: ctx.spec.database.name,
  };
}

/**
 * The only zones the API's `/api/dns` resolves names in: the environment's own private zone (the
 * groups' records) and the SQL private endpoint's, so it cannot be used to look up anything else.
 */
function privateDnsZones(ctx: PlanContext): string {
  return [ctx.spec.dns.privateZone, SQL_PRIVATE_ZONE].join(',');
}

interface ContainerInput {
  name: string;
  role: ImageRole;
  port: number;
  env?: Env;
  /** The shared volume where nginx.conf, the certificate and the key live. */
  mountTls?: 'read-write';
}

function container(ctx: PlanContext, input: ContainerInput): JsonObject {
  const { cpu, memoryInGB } = ctx.spec.app.resources[input.role];
  const properties: JsonObject = {
    image: image(ctx, input.role),
    ports: [{ port: input.port, protocol: 'TCP' }],
    environmentVariables: env(input.env ?? {}),
    resources: { requests: { cpu, memoryInGB } },
  };
  if (input.mountTls) {
    properties.volumeMounts = [
      { name: TLS_VOLUME, mountPath: SIDECAR_FILES.directory, readOnly: false },
    ];
  }
  return { name: input.name, properties };
}

/**
 * The TLS sidecar uses the group's identity: it reads the certificate's PKCS#12 secret from Key
 * Vault, writes the key and chain next to nginx.conf, starts nginx, and reloads it when Key Vault
 * holds a new version (images/sidecar).
 */
function sidecar(ctx: PlanContext, identityId: string): JsonObject {
  return container(ctx, {
    name: 'sidecar',
    role: 'sidecar',
    port: 443,
    env: {
      AZURE_CLIENT_ID: clientId(identityId),
      KEY_VAULT_URL: vaultUri(ctx),
      CERTIFICATE_NAME: ctx.spec.names.certificate,
      TLS_DIR: SIDECAR_FILES.directory,
      NGINX_CONF: SIDECAR_FILES.config,
      CHECK_INTERVAL_SECONDS: String(ctx.spec.certificates.checkEveryMinutes * 60),
    },
    mountTls: 'read-write',
  });
}

/**
 * web renders its page from the API's answers, asked server-side over loopback as the original
 * sample's PHP page did (its `API_URL` was `127.0.0.1:8080`), never through the gateway.
 */
function appContainers(ctx: PlanContext, group: GroupRole): JsonObject[] {
  const identityId = groupIdentity(ctx, 'app');
  return [
    sidecar(ctx, identityId),
    container(ctx, {
      name: 'web',
      role: 'web',
      port: 80,
      env: { PORT: '80', CONTAINER_GROUP_NAME: group.name, API_URL: UPSTREAMS.api },
    }),
    container(ctx, {
      name: 'api',
      role: 'api',
      port: 8080,
      env: {
        PORT: '8080',
        CONTAINER_GROUP_NAME: group.name,
        ...databaseEnv(ctx),
        PRIVATE_DNS_ZONES: privateDnsZones(ctx),
        AZURE_CLIENT_ID: clientId(identityId),
      },
    }),
  ];
}

function dashboardContainers(ctx: PlanContext, group: GroupRole): JsonObject[] {
  const identityId = groupIdentity(ctx, 'dashboard');
  return [
    sidecar(ctx, identityId),
    container(ctx, {
      name: 'dashboard',
      role: 'dashboard',
      port: 80,
      env: {
        PORT: '80',
        CONTAINER_GROUP_NAME: group.name,
        AZURE_CLIENT_ID: clientId(identityId),
        ENVIRONMENT_NAME: ctx.spec.name,
        CONTAINER_GROUP_IDS: ctx.ids.appContainerGroups.join(','),
        // The certificate's expiry, read from its secret's attributes with the dashboard's own
        // Key Vault Secrets User grant on that secret (images/dash).
        KEY_VAULT_URL: vaultUri(ctx),
        CERTIFICATE_NAME: ctx.spec.names.certificate,
        ...databaseEnv(ctx),
      },
    }),
  ];
}

function groupBody(ctx: PlanContext, group: GroupRole, containers: JsonObject[]): JsonObject {
  const { ids, spec } = ctx;
  const identityId = groupIdentity(ctx, group.routes);
  return {
    location: spec.location,
    tags: ctx.tags,
    identity: userAssigned(identityId),
    properties: {
      sku: 'Standard',
      osType: 'Linux',
      restartPolicy: 'Always',
      subnetIds: [idRef(ids.subnets.containers)],
      // Private only: reachable from the gateway inside the VNet, never from the internet.
      ipAddress: { type: 'Private', ports: [{ port: 443, protocol: 'TCP' }] },
      // Pulled with the group's identity (AcrPull); no username or password.
      imageRegistryCredentials: [{ server: loginServer(ctx), identity: identityId }],
      initContainers: [initContainer(ctx, group)],
      containers,
      volumes: [{ name: TLS_VOLUME, emptyDir: {} }],
    },
  };
}

/**
 * What must exist before a group is created: its identity and grants, the VNet, the vault and the
 * images' registry. Not the database: the API and the dashboard find the server by its name
 * (known from the spec) through the privatelink zone, and open a connection per request, so a
 * group that starts before the server or its endpoint answers 503 on the SQL routes until they
 * exist, and the gateway's probes (which open no connection) find it healthy.
 */
function groupDependencies(ctx: PlanContext, routes: GroupRole['routes']): string[] {
  const { ids } = ctx;
  const identityId = groupIdentity(ctx, routes);
  const base = [
    identityId,
    ids.virtualNetwork,
    ids.registry,
    ids.keyVault,
    ...grantIds(ctx, identityId, [ids.registry, ids.keyVault]),
  ];
  // The dashboard is told which groups to show, so it comes after them.
  if (routes === 'dashboard') return [...base, ...ids.appContainerGroups];
  return base;
}

function group(ctx: PlanContext, role: GroupRole, containers: JsonObject[]): PlannedResource {
  return planned({
    id: role.id,
    type: 'Microsoft.ContainerInstance/containerGroups',
    area: 'container-groups',
    body: groupBody(ctx, role, containers),
    dependsOn: groupDependencies(ctx, role.routes),
  });
}

/**
 * Every container group with its private DNS record name and the gateway pool it serves: the
 * one list the plan, the DNS records stage and the reconciler share.
 */
export function containerGroupRoles(spec: EnvironmentSpec, ids: PlanIds): GroupRole[] {
  const apps = ids.appContainerGroups.map((id, i): GroupRole => ({
    id,
    name: spec.names.appContainerGroups[i]!,
    recordName: `app-${i + 1}`,
    routes: 'app',
  }));
  if (!spec.dashboard.enabled) return apps;
  return [
    ...apps,
    {
      id: ids.dashboardContainerGroup,
      name: spec.names.dashboardContainerGroup,
      recordName: 'dashboard',
      routes: 'dashboard',
    },
  ];
}

export function containerGroups(ctx: PlanContext): PlannedResource[] {
  return containerGroupRoles(ctx.spec, ctx.ids).map((role) =>
    group(
      ctx,
      role,
      role.routes === 'app' ? appContainers(ctx, role) : dashboardContainers(ctx, role),
    ),
  );
}
