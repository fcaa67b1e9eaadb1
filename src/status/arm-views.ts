// What ARM and Key Vault answer, as the page shows it: container groups, backend pools with their
// health, the certificate with its next renewal. Pure: the reads happen in read-environment.ts.
import type { BackendServerHealth } from '../azure/gateway.js';
import type { VaultCertificate } from '../azure/key-vault.js';
import type { ArmResource } from '../azure/resources.js';
import { renewalDecision, type DesiredCertificate } from '../certs/renewal-policy.js';
import { groupState } from '../environments/group-addresses.js';
import type { GroupRole } from '../plan/index.js';
import type { CertificateView, GroupView, PoolsView } from './types.js';

interface ContainerView {
  properties?: { instanceView?: { restartCount?: number } };
}

/** One container group from its GET (undefined: it does not exist). */
export function groupView(role: GroupRole, resource: ArmResource | undefined): GroupView {
  const base = { name: role.name, recordName: role.recordName, routes: role.routes };
  if (!resource) return { ...base, state: 'Missing', restarts: 0 };
  const state = groupState(resource);
  const properties = resource.properties as
    { containers?: ContainerView[]; initContainers?: ContainerView[] } | undefined;
  const restarts = [...(properties?.initContainers ?? []), ...(properties?.containers ?? [])]
    .map((c) => c.properties?.instanceView?.restartCount ?? 0)
    .reduce((a, b) => a + b, 0);
  return {
    ...base,
    state: state.state ?? state.provisioningState ?? 'Unknown',
    ...(state.ip ? { ip: state.ip } : {}),
    ...(state.provisioningState ? { provisioningState: state.provisioningState } : {}),
    restarts,
  };
}

interface GatewayPool {
  name?: string;
  properties?: { backendAddresses?: { ipAddress?: string; fqdn?: string }[] };
}

/**
 * The gateway's backend pools with each address's health. An address the health report does not
 * list is `Unknown`; without a report at all (`health` an error), every address is.
 */
export function poolsView(
  gateway: ArmResource,
  health: BackendServerHealth[] | { error: string },
  groups: readonly GroupView[],
): PoolsView {
  const pools =
    (gateway.properties as { backendAddressPools?: GatewayPool[] } | undefined)
      ?.backendAddressPools ?? [];
  const reported = Array.isArray(health) ? health : [];
  return {
    pools: pools.map((pool) => {
      const name = pool.name ?? '?';
      return {
        name,
        backends: (pool.properties?.backendAddresses ?? []).map((a) => {
          const address = a.ipAddress ?? a.fqdn ?? '?';
          const group = groups.find((g) => g.ip === address);
          return {
            address,
            health:
              reported.find((h) => h.pool === name && h.address === address)?.health ?? 'Unknown',
            ...(group ? { group: group.name } : {}),
          };
        }),
      };
    }),
    ...(Array.isArray(health) ? {} : { healthError: health.error }),
  };
}

/** The certificate Key Vault holds, and when the renewal checks will next renew it. */
export function certificateView(
  held: VaultCertificate | undefined,
  desired: DesiredCertificate,
  now: Date,
): CertificateView | null {
  if (!held) return null;
  const decision = renewalDecision(held, desired, now);
  return {
    name: held.name,
    version: held.version,
    subject: oneLine(held.subject),
    issuer: oneLine(held.issuer),
    names: held.names,
    notBefore: held.notBefore.toISOString(),
    notAfter: held.notAfter.toISOString(),
    renewal: decision.due
      ? { due: true, message: decision.message }
      : { due: false, renewAt: decision.renewAt.toISOString(), message: decision.message },
  };
}

/** Node prints a distinguished name one attribute per line: `C=US\nO=Let's Encrypt\nCN=R11`. */
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
