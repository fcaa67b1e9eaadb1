// Microsoft.KeyVault/vaults: creating a vault opens its data plane on its own loopback origin and
// sets `vaultUri` to it (Key Vault clients parse ids as `https://host[:port]/{collection}/…`).
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { properties } from '../../arm/resource-store.js';

export const keyVaults: TypeBehaviour = {
  type: 'Microsoft.KeyVault/vaults',
  putLatencyMs: 10_000,
  deleteLatencyMs: 0,
  prepare: (ctx, vault) => {
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
  deleted: (ctx, vault) => {
    ctx.state.vaults.delete(vault.name.toLowerCase());
  },
};
