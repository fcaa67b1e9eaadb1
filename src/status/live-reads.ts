// The reads behind the page's live parts (ARM and Key Vault now), each bounded in time and caught:
// a part that cannot be read says why, and the rest of the page still shows.
import { createGatewayOperations } from '../azure/gateway.js';
import { acmeDirectoryUrl } from '../certs/directory.js';
import { environmentContext, type EnvironmentContext } from '../environments/index.js';
import { apiVersionOf, containerGroupRoles, planIds } from '../plan/index.js';
import { deadlineAfter } from '../activity-deadline.js';
import { forActivityRun, type AppServices } from '../services.js';
import { certificateView, groupView, poolsView } from './arm-views.js';
import type { CertificateView, GroupView, Part, PoolsView } from './types.js';

/** Every read of one refresh stops waiting on Azure after this (a page is no activity). */
export const READ_BUDGET_MS = 20_000;

export interface LiveParts {
  groups: Part<GroupView[]>;
  pools: Part<PoolsView>;
  certificate: Part<CertificateView | null>;
}

async function part<T>(read: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function readLiveParts(services: AppServices, rawSpec: unknown): Promise<LiveParts> {
  const bounded = forActivityRun(
    services,
    deadlineAfter(READ_BUDGET_MS, () => services.now().getTime()),
  );
  const ctx = environmentContext(bounded, rawSpec, 'status');
  const groups = await part(() => readGroups(ctx));
  const [pools, certificate] = await Promise.all([
    part(() => readPools(ctx, groups.ok ? groups.value : [])),
    part(() => readCertificate(ctx)),
  ]);
  return { groups, pools, certificate };
}

/** One GET per group: only a group's own GET carries its instance view (restart counts). */
async function readGroups(ctx: EnvironmentContext): Promise<GroupView[]> {
  const version = apiVersionOf('Microsoft.ContainerInstance/containerGroups');
  return Promise.all(
    containerGroupRoles(ctx.spec, planIds(ctx.spec)).map(async (role) =>
      groupView(role, await ctx.apply.store.get(role.id, version)),
    ),
  );
}

async function readPools(ctx: EnvironmentContext, groups: GroupView[]): Promise<PoolsView> {
  const gateway = await ctx.apply.store.get(
    planIds(ctx.spec).gateway,
    apiVersionOf('Microsoft.Network/applicationGateways'),
  );
  if (!gateway) return { pools: [], healthError: 'the gateway does not exist yet' };
  const health = await createGatewayOperations(
    ctx.services.connection,
    ctx.spec.subscriptionId,
    ctx.services.deadline,
  )
    .backendHealth(ctx.spec.resourceGroup, ctx.spec.names.gateway)
    .catch((error: unknown) => ({
      error: error instanceof Error ? error.message : String(error),
    }));
  return poolsView(gateway, health, groups);
}

async function readCertificate(ctx: EnvironmentContext): Promise<CertificateView | null> {
  const { spec, services } = ctx;
  const vault = await ctx.apply.store.get(
    planIds(spec).keyVault,
    apiVersionOf('Microsoft.KeyVault/vaults'),
  );
  const vaultUri = vault?.properties?.vaultUri;
  if (typeof vaultUri !== 'string') return null;
  const held = await services.vault(vaultUri).getCertificate(spec.names.certificate);
  const directoryUrl = acmeDirectoryUrl(
    spec.certificates.acmeDirectory,
    services.settings.acmeDirectoryOverride,
    services.settings.acmeDirectories.allowed,
  );
  return certificateView(
    held,
    {
      names: spec.certificates.names,
      directoryUrl,
      renewBeforeDays: spec.certificates.renewBeforeDays,
    },
    services.now(),
  );
}
