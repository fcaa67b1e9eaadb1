// Application Gateway's backend trust: which SKU takes which certificates, and backend settings
// that name a trusted root certificate the gateway does not have.
//
// v1 and v2 differ: "For the v1 SKU, authentication certificates are required, but for the v2
// SKU trusted root certificates are required" and "Authentication Certificates have been
// deprecated and replaced by Trusted Root Certificates in the Application Gateway v2 SKU"
// (articles/application-gateway/certificates-for-backend-authentication.md, ssl-overview.md). A
// v2 gateway given authentication certificates is refused with 400
// `ApplicationGatewayFeatureCannotBeEnabledForSelectedSku`, "Application Gateway {id} does not
// support AuthenticationCertificates for the selected SKU tier WAF_v2. Supported SKU tiers are
// Standard,WAF." (MicrosoftDocs/azure-docs#27908, Azure/application-gateway-kubernetes-ingress#1194).
// The mirror case, trusted roots on a v1 gateway, is refused the same way (inferred: no document
// quotes that message, but trusted roots are documented for v2 only).
//
// A backend setting naming a trusted root the gateway lacks is refused with 400
// `InvalidResourceReference`, "Resource {gw}/trustedRootCertificates/{name} referenced by resource
// {gw}/backendHttpSettingsCollection/{name} was not found. Please make sure that the referenced
// resource exists, and that both resources are in the same region." (hashicorp/terraform#28809).
import { ArmError } from '../../arm/errors.js';
import { properties } from '../../arm/resource-store.js';
import type { ArmResource } from '../../core/model.js';

type Named = { name?: string; properties?: Record<string, unknown> };

function list(value: unknown): Named[] {
  return Array.isArray(value) ? (value as Named[]) : [];
}

function isV2(gw: ArmResource): boolean {
  const tier = (properties(gw).sku as { tier?: string } | undefined)?.tier ?? 'Standard_v2';
  return tier.toLowerCase().endsWith('_v2');
}

function tierOf(gw: ArmResource): string {
  return (properties(gw).sku as { tier?: string } | undefined)?.tier ?? 'Standard_v2';
}

function featureNotForSku(gw: ArmResource, feature: string, supported: string): ArmError {
  return new ArmError(
    400,
    'ApplicationGatewayFeatureCannotBeEnabledForSelectedSku',
    `Application Gateway ${gw.id} does not support ${feature} for the selected SKU tier ${tierOf(gw)}. Supported SKU tiers are ${supported}.`,
  );
}

/** Refuses certificates the SKU does not take, and references to trusted roots that are absent. */
export function checkBackendTrust(gw: ArmResource): void {
  const props = properties(gw);
  const roots = list(props.trustedRootCertificates);
  if (!isV2(gw) && roots.length > 0) {
    throw featureNotForSku(gw, 'TrustedRootCertificates', 'Standard_v2,WAF_v2');
  }
  if (isV2(gw) && list(props.authenticationCertificates).length > 0) {
    throw featureNotForSku(gw, 'AuthenticationCertificates', 'Standard,WAF');
  }
  const present = new Set(
    roots.map((r) => `${gw.id}/trustedRootCertificates/${r.name ?? ''}`.toLowerCase()),
  );
  for (const settings of list(props.backendHttpSettingsCollection)) {
    for (const ref of list(settings.properties?.trustedRootCertificates)) {
      const id = (ref as { id?: unknown }).id;
      if (typeof id === 'string' && present.has(id.toLowerCase())) continue;
      throw new ArmError(
        400,
        'InvalidResourceReference',
        `Resource ${String(id)} referenced by resource ${gw.id}/backendHttpSettingsCollection/${settings.name ?? ''} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
      );
    }
  }
}
