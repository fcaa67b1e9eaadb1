// The Application Gateway, the environment's public HTTPS entry point, and its WAF policy.
import { idRef, planned, userAssigned, type PlanContext } from './context.js';
import {
  backendAddressPools,
  backendHttpSettingsCollection,
  frontendPorts,
  httpListeners,
  probes,
  redirectConfigurations,
  requestRoutingRules,
  sslCertificates,
} from './gateway-parts.js';
import { trustedRootCertificates } from './gateway-trust.js';
import { grantIds } from './identity.js';
import type { JsonObject, PlannedResource } from './types.js';

function wafEnabled(ctx: PlanContext): boolean {
  return ctx.spec.gateway.sku === 'WAF_v2';
}

/**
 * A WAF_v2 gateway must be associated with a WAF policy (the inline WAF configuration is
 * retired), or ARM answers ApplicationGatewayFirewallNotConfiguredForSelectedSku. The policy is
 * written with the network: the gateway's create, which starts right after (gateway-frame.ts),
 * references it.
 */
function wafPolicy(ctx: PlanContext): PlannedResource {
  return planned({
    id: ctx.ids.wafPolicy,
    type: 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies',
    area: 'network',
    body: {
      location: ctx.spec.location,
      tags: ctx.tags,
      properties: {
        policySettings: { state: 'Enabled', mode: 'Prevention', requestBodyCheck: true },
        managedRules: {
          managedRuleSets: [{ ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2.1' }],
        },
      },
    },
  });
}

function gatewayProperties(ctx: PlanContext): JsonObject {
  const { ids, spec } = ctx;
  const properties: JsonObject = {
    sku: { name: spec.gateway.sku, tier: spec.gateway.sku },
    autoscaleConfiguration: {
      minCapacity: spec.gateway.minCapacity,
      maxCapacity: spec.gateway.maxCapacity,
    },
    enableHttp2: true,
    sslPolicy: { policyType: 'Predefined', policyName: spec.gateway.sslPolicy },
    gatewayIPConfigurations: [
      { name: 'gateway-ip', properties: { subnet: idRef(ids.subnets.gateway) } },
    ],
    frontendIPConfigurations: [
      { name: 'public', properties: { publicIPAddress: idRef(ids.gatewayPublicIp) } },
    ],
    frontendPorts: frontendPorts(ctx),
    sslCertificates: sslCertificates(ctx),
    httpListeners: httpListeners(ctx),
    redirectConfigurations: redirectConfigurations(ctx),
    backendAddressPools: backendAddressPools(ctx),
    backendHttpSettingsCollection: backendHttpSettingsCollection(ctx),
    probes: probes(ctx),
    requestRoutingRules: requestRoutingRules(ctx),
  };
  const roots = trustedRootCertificates(ctx);
  if (roots.length > 0) properties.trustedRootCertificates = roots;
  if (wafEnabled(ctx)) properties.firewallPolicy = idRef(ids.wafPolicy);
  return properties;
}

/**
 * The whole gateway is one body: ARM has no separate resources for listeners, pools or rules,
 * so every write is a full PUT (by the reconciler, one at a time, with the last etag). The gateway
 * identity must already hold Key Vault Secrets User, and the certificate must exist in the vault,
 * for the HTTPS listener: the gateway is created without it first (gateway-frame.ts), and this
 * body is written whole once they do.
 */
function applicationGateway(ctx: PlanContext): PlannedResource {
  const { ids, spec } = ctx;
  const dependsOn = [
    ids.gatewayIdentity,
    ids.virtualNetwork,
    ids.gatewayPublicIp,
    ids.keyVault,
    ...grantIds(ctx, ids.gatewayIdentity, [ids.keyVault]),
  ];
  if (wafEnabled(ctx)) dependsOn.push(ids.wafPolicy);
  return planned({
    id: ids.gateway,
    type: 'Microsoft.Network/applicationGateways',
    area: 'gateway',
    body: {
      location: spec.location,
      tags: ctx.tags,
      identity: userAssigned(ids.gatewayIdentity),
      properties: gatewayProperties(ctx),
    },
    dependsOn,
  });
}

export function gateway(ctx: PlanContext): PlannedResource[] {
  return wafEnabled(ctx) ? [wafPolicy(ctx), applicationGateway(ctx)] : [applicationGateway(ctx)];
}
