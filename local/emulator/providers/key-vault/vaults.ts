// Microsoft.KeyVault/vaults: creating a vault opens its data plane on its own loopback origin and
// sets `vaultUri` to it (Key Vault clients parse ids as `https://host[:port]/{collection}/…`).
// Deleting one soft-deletes it (deleted-vaults.ts): soft delete can no longer be turned off
// ("The ability to opt out of soft-delete is deprecated", soft-delete-overview.md). Firewall rules
// naming a subnet need its Microsoft.KeyVault service endpoint (network-acls.ts).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { properties } from '../../arm/resource-store.js';
import { admitNewVault, softDeleteVault } from './deleted-vaults.js';
import { checkVirtualNetworkRules } from './network-acls.js';
import { latencyOf } from '../../arm/latencies.js';

export const keyVaults: TypeBehaviour = {
  type: 'Microsoft.KeyVault/vaults',

  latency: latencyOf('Microsoft.KeyVault/vaults'),
  prepare: (ctx, vault, existing) => {
    checkVirtualNetworkRules(ctx, vault);
    if (!existing) admitNewVault(ctx, vault);
    else delete properties(vault).createMode;
    const props = properties(vault);
    props.vaultUri = `${ctx.config.vaultOrigin(vault.name)}/`;
    props.tenantId ??= ctx.config.tenantId;
    const key = vault.name.toLowerCase();
    if (!ctx.state.vaults.has(key)) {
      ctx.state.vaults.set(key, {
        name: vault.name,
        port: Number(new URL(String(props.vaultUri)).port),
        certificates: new Map(),
        secrets: new Map(),
        pending: new Map(),
        deleted: new Map(),
      });
    }
  },
  deleted: (ctx, vault) => softDeleteVault(ctx, vault),
};
