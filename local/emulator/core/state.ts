// The emulator's in-memory state and its JSON view for the admin API.
import type { EmulatorState } from './model.js';

export function emptyState(): EmulatorState {
  return {
    resourceGroups: new Map(),
    resources: new Map(),
    operations: new Map(),
    ipAllocations: new Map(),
    vaults: new Map(),
    requests: [],
    faults: [],
    deliveries: [],
    deliveryLog: [],
    publicIpCounter: 0,
    registryImages: new Map(),
    buildSources: new Map(),
    registryRuns: new Map(),
    servedCertificates: new Map(),
    providerRegistrations: new Map(),
    nameServerJournal: new Map(),
    deletedVaults: new Map(),
  };
}

/** Clears everything except the vault origins already bound to ports. */
export function resetState(state: EmulatorState): void {
  const fresh = emptyState();
  Object.assign(state, fresh, { vaults: new Map() });
}

export function stateView(state: EmulatorState): unknown {
  return {
    resourceGroups: [...state.resourceGroups.values()],
    resources: [...state.resources.values()],
    operations: [...state.operations.values()],
    ipAllocations: Object.fromEntries(
      [...state.ipAllocations].map(([subnet, ips]) => [subnet, Object.fromEntries(ips)]),
    ),
    vaults: [...state.vaults.values()].map((v) => ({
      name: v.name,
      certificates: Object.fromEntries(
        [...v.certificates].map(([n, versions]) => [n, versions.map((x) => x.version)]),
      ),
      secrets: Object.fromEntries(
        [...v.secrets].map(([n, versions]) => [n, versions.map((x) => x.version)]),
      ),
    })),
    deliveries: state.deliveryLog,
    /** Events queued, being sent or waiting for a retry: no endpoint has answered them yet. */
    pendingDeliveries: state.deliveries
      .filter((d) => d.kind === 'Notification')
      .map((d) => ({
        endpointUrl: d.endpointUrl,
        subjects: d.events.map((e) => e.subject),
        attempts: d.attempts,
      })),
    registryImages: Object.fromEntries(
      [...state.registryImages].map(([id, tags]) => [id, [...tags].sort()]),
    ),
    servedCertificates: Object.fromEntries(
      [...state.servedCertificates].map(([id, byName]) => [id, Object.fromEntries(byName)]),
    ),
    /** Registrations asked for with `POST …/providers/{namespace}/register`, and when each completes. */
    providerRegistrations: [...state.providerRegistrations.values()].map((r) => ({
      subscription: r.subscription,
      namespace: r.namespace,
      registeredAt: new Date(r.registeredAt).toISOString(),
    })),
    /** Soft-deleted Key Vaults: their names stay taken until recovered or purged. */
    deletedVaults: [...state.deletedVaults.values()].map((d) => ({
      name: d.vault.name,
      vaultId: d.vault.id,
      purgeAt: new Date(d.purgeAt).toISOString(),
    })),
  };
}
