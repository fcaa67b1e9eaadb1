import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan, planIds } from '../../../src/plan/index.js';
import { at, exampleSpec, list, named, ofType, only } from './helpers.js';

describe('virtual network', () => {
  test('declares the address space and every subnet inline, so a re-PUT keeps them', () => {
    const spec = exampleSpec('full');
    const vnet = only(buildPlan(spec), 'Microsoft.Network/virtualNetworks');
    assert.equal(vnet.name, spec.names.virtualNetwork);
    assert.deepEqual(at(vnet.body, 'properties.addressSpace'), {
      addressPrefixes: ['192.168.0.0/16'],
    });
    const subnets = list(vnet.body, 'properties.subnets');
    assert.deepEqual(
      subnets.map((s) => [s.name, at(s, 'properties.addressPrefix')]),
      [
        ['snet-gateway', '192.168.0.0/24'],
        ['snet-containers', '192.168.1.0/24'],
        ['snet-private-endpoints', '192.168.2.0/27'],
      ],
    );
  });

  test('delegates the containers subnet to Azure Container Instances', () => {
    const vnet = only(buildPlan(exampleSpec('minimal')), 'Microsoft.Network/virtualNetworks');
    const containers = named(list(vnet.body, 'properties.subnets'), 'snet-containers');
    assert.deepEqual(at(containers, 'properties.delegations'), [
      { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } },
    ]);
  });

  test('gives the gateway subnet only its prefix, its NSG and the Key Vault service endpoint', () => {
    const spec = exampleSpec('minimal');
    const vnet = only(buildPlan(spec), 'Microsoft.Network/virtualNetworks');
    const gateway = named(list(vnet.body, 'properties.subnets'), 'snet-gateway');
    assert.deepEqual(Object.keys(gateway.properties as object).sort(), [
      'addressPrefix',
      'networkSecurityGroup',
      'serviceEndpoints',
    ]);
    assert.equal(at(gateway, 'properties.addressPrefix'), '192.168.0.0/24');
  });

  test('attaches a NAT gateway with its own Standard static IP when enabled', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    const nat = only(plan, 'Microsoft.Network/natGateways');
    assert.equal(nat.name, spec.names.natGateway);
    assert.deepEqual(nat.body.sku, { name: 'Standard' });
    assert.equal(at(nat.body, 'properties.idleTimeoutInMinutes'), 10);
    assert.deepEqual(at(nat.body, 'properties.publicIpAddresses'), [
      { id: ids.natGatewayPublicIp },
    ]);
    const natIp = ofType(plan, 'Microsoft.Network/publicIPAddresses').find(
      (r) => r.id === ids.natGatewayPublicIp,
    );
    assert.ok(natIp);
    assert.deepEqual(natIp.body.sku, { name: 'Standard', tier: 'Regional' });
    assert.equal(at(natIp.body, 'properties.publicIPAllocationMethod'), 'Static');
    const vnet = only(plan, 'Microsoft.Network/virtualNetworks');
    const containers = named(list(vnet.body, 'properties.subnets'), 'snet-containers');
    assert.deepEqual(at(containers, 'properties.natGateway'), { id: ids.natGateway });
    assert.equal(at(containers, 'properties.defaultOutboundAccess'), false);
    assert.ok(vnet.dependsOn.includes(ids.natGateway));
  });

  // "If you deploy your container group into a virtual network, you must use a NAT gateway for
  // outbound connectivity. This is the only supported configuration for outbound connectivity
  // from your container group in a virtual network." (container-instances-virtual-network-concepts.md)
  test('plans a NAT gateway by default, the only outbound configuration ACI in a VNet supports', () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    assert.equal(only(plan, 'Microsoft.Network/natGateways').id, ids.natGateway);
    const vnet = only(plan, 'Microsoft.Network/virtualNetworks');
    const containers = named(list(vnet.body, 'properties.subnets'), 'snet-containers');
    assert.deepEqual(at(containers, 'properties.natGateway'), { id: ids.natGateway });
    assert.equal(at(containers, 'properties.defaultOutboundAccess'), false);
    assert.deepEqual(plan.warnings, []);
  });

  test('plans no NAT gateway when the spec opts out, keeps default outbound access, and warns', () => {
    const plan = buildPlan(exampleSpec('minimal', { network: { natGateway: { enabled: false } } }));
    assert.equal(ofType(plan, 'Microsoft.Network/natGateways').length, 0);
    assert.equal(ofType(plan, 'Microsoft.Network/publicIPAddresses').length, 1);
    const vnet = only(plan, 'Microsoft.Network/virtualNetworks');
    const containers = named(list(vnet.body, 'properties.subnets'), 'snet-containers');
    assert.equal((containers.properties as Record<string, unknown>).natGateway, undefined);
    assert.equal(at(containers, 'properties.defaultOutboundAccess'), true);
    assert.ok(!vnet.dependsOn.some((id) => id.includes('/natGateways/')));
    assert.deepEqual(
      plan.warnings.map((w) => [w.code, w.field]),
      [['NatGatewayDisabled', 'network.natGateway.enabled']],
    );
    assert.match(
      plan.warnings[0]?.message ?? '',
      /"the only supported configuration for outbound connectivity from your container group in a virtual network"/,
    );
  });

  test("gives the gateway a Standard static public IP with the environment's DNS label", () => {
    const spec = exampleSpec('minimal');
    const ids = planIds(spec);
    const pip = ofType(buildPlan(spec), 'Microsoft.Network/publicIPAddresses').find(
      (r) => r.id === ids.gatewayPublicIp,
    );
    assert.ok(pip);
    assert.deepEqual(pip.body, {
      location: spec.location,
      tags: pip.body.tags!,
      sku: { name: 'Standard', tier: 'Regional' },
      properties: {
        publicIPAllocationMethod: 'Static',
        publicIPAddressVersion: 'IPv4',
        dnsSettings: { domainNameLabel: spec.names.gatewayDnsLabel },
      },
    });
  });

  test('gives the NAT gateway a Standard static IP without a DNS name, created before it', () => {
    const spec = exampleSpec('full');
    const ids = planIds(spec);
    const plan = buildPlan(spec);
    const natIp = ofType(plan, 'Microsoft.Network/publicIPAddresses').find(
      (r) => r.id === ids.natGatewayPublicIp,
    );
    assert.ok(natIp);
    assert.deepEqual(natIp.body.properties, {
      publicIPAllocationMethod: 'Static',
      publicIPAddressVersion: 'IPv4',
    });
    assert.deepEqual(only(plan, 'Microsoft.Network/natGateways').dependsOn, [
      ids.natGatewayPublicIp,
    ]);
  });

  test('gives the private endpoints subnet no default outbound access', () => {
    const vnet = only(buildPlan(exampleSpec('minimal')), 'Microsoft.Network/virtualNetworks');
    const pe = named(list(vnet.body, 'properties.subnets'), 'snet-private-endpoints');
    assert.equal(at(pe, 'properties.addressPrefix'), '192.168.2.0/27');
    assert.equal(at(pe, 'properties.defaultOutboundAccess'), false);
  });
});
