import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, planIds } from '../../../src/plan/index.js';
import { exampleSpec, only } from './helpers.js';

describe('key vault', () => {
  test('uses RBAC only, soft delete for 90 days and purge protection', () => {
    const spec = exampleSpec('full');
    const vault = only(buildPlan(spec), 'Microsoft.KeyVault/vaults');
    assert.equal(vault.name, spec.names.keyVault);
    assert.equal(vault.body.location, spec.location);
    assert.deepEqual(vault.body.properties, {
      tenantId: '${param:tenantId}',
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      publicNetworkAccess: 'Enabled',
      networkAcls: {
        bypass: 'AzureServices',
        defaultAction: 'Deny',
        virtualNetworkRules: [
          { id: planIds(spec).subnets.containers },
          { id: planIds(spec).subnets.gateway },
        ],
      },
    });
  });

  // key-vault/general/network-security.md: with firewall rules in effect, data-plane requests must
  // come from allowed networks; application-gateway/key-vault-certs.md: the gateway's subnet and
  // trusted services.
  test('denies every network but the containers and gateway subnets, after the VNet exists', () => {
    const spec = exampleSpec('minimal');
    const vault = only(buildPlan(spec), 'Microsoft.KeyVault/vaults');
    const acls = (vault.body.properties as Record<string, unknown>).networkAcls as Record<
      string,
      unknown
    >;
    assert.equal(acls.defaultAction, 'Deny');
    assert.deepEqual(acls.virtualNetworkRules, [
      { id: planIds(spec).subnets.containers },
      { id: planIds(spec).subnets.gateway },
    ]);
    assert.ok(vault.dependsOn.includes(planIds(spec).virtualNetwork));
  });

  test("lets in this app's own outbound subnet when the settings name it", () => {
    const appSubnet =
      '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app/subnets/snet-app';
    const vault = only(
      buildPlan(exampleSpec('minimal'), { appOutboundSubnetId: appSubnet }),
      'Microsoft.KeyVault/vaults',
    );
    const rules = (
      (vault.body.properties as Record<string, unknown>).networkAcls as {
        virtualNetworkRules: { id: string }[];
      }
    ).virtualNetworkRules;
    assert.deepEqual(rules.at(-1), { id: appSubnet });
    assert.equal(rules.length, 3);
  });

  test('inlines the tenant id when the options give it', () => {
    const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    const vault = only(
      buildPlan(exampleSpec('minimal'), { tenantId }),
      'Microsoft.KeyVault/vaults',
    );
    assert.equal((vault.body.properties as Record<string, unknown>).tenantId, tenantId);
  });
});

describe('container registry', () => {
  test('is Basic without an admin user by default', () => {
    const spec = exampleSpec('minimal');
    const registry = only(buildPlan(spec), 'Microsoft.ContainerRegistry/registries');
    assert.equal(registry.name, spec.names.registry);
    assert.deepEqual(registry.body.sku, { name: 'Basic' });
    assert.equal((registry.body.properties as Record<string, unknown>).adminUserEnabled, false);
  });

  test('keeps registry-wide RBAC, under which AcrPull lets the workload identity pull', () => {
    const registry = only(
      buildPlan(exampleSpec('minimal')),
      'Microsoft.ContainerRegistry/registries',
    );
    assert.deepEqual(registry.body.properties, {
      adminUserEnabled: false,
      roleAssignmentMode: 'LegacyRegistryPermissions',
    });
  });

  test('takes the Standard SKU from the options', () => {
    const registry = only(
      buildPlan(exampleSpec('minimal'), { registrySku: 'Standard' }),
      'Microsoft.ContainerRegistry/registries',
    );
    assert.deepEqual(registry.body.sku, { name: 'Standard' });
  });
});
