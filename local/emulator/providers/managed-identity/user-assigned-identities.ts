// User-assigned managed identities: `principalId`, `clientId` and `tenantId`, kept across PUTs.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { properties } from '../../arm/resource-store.js';
import { latencyOf } from '../../arm/latencies.js';

export const userAssignedIdentities: TypeBehaviour = {
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities',

  latency: latencyOf('Microsoft.ManagedIdentity/userAssignedIdentities'),
  prepare: (ctx, identity, existing) => {
    const old = existing ? properties(existing) : {};
    Object.assign(properties(identity), {
      tenantId: old.tenantId ?? ctx.config.tenantId,
      principalId: old.principalId ?? ctx.newId(),
      clientId: old.clientId ?? ctx.newId(),
    });
  },
};
