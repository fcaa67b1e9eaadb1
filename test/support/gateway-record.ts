// An Application Gateway record as the emulator stores it (`properties` nested, sub-resource ids
// assigned), shaped like the plan's gateway (src/plan/gateway-parts.ts): an HTTPS listener with a
// Key Vault certificate, an HTTP listener redirecting to it, one pool behind end-to-end TLS with a
// custom probe.
import type { ArmRecord } from '../../local/runtime/types.js';

export const GATEWAY_ID =
  '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/gw';
export const HOST = 'app.contoso.example';
export const SECRET_ID = 'https://127.0.0.1:1/secrets/app-cert';
export const PRINCIPAL_ID = '11111111-2222-4333-8444-555555555555';

export interface GatewayRecordOptions {
  members: readonly string[];
  trustedRootsDer?: readonly string[];
  probe?: Partial<{
    interval: number;
    timeout: number;
    unhealthyThreshold: number;
    path: string;
    body: string;
  }>;
  requestTimeout?: number;
  responseBuffering?: boolean;
}

const sub = (collection: string, name: string, properties: Record<string, unknown>) => ({
  name,
  id: `${GATEWAY_ID}/${collection}/${name}`,
  properties,
});
const ref = (collection: string, name: string) => ({ id: `${GATEWAY_ID}/${collection}/${name}` });

export function gatewayRecord(options: GatewayRecordOptions): ArmRecord {
  const roots = options.trustedRootsDer ?? [];
  return {
    id: GATEWAY_ID,
    name: 'gw',
    type: 'Microsoft.Network/applicationGateways',
    identity: {
      type: 'UserAssigned',
      userAssignedIdentities: {
        '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gw':
          { principalId: PRINCIPAL_ID },
      },
    },
    properties: {
      sku: { name: 'Standard_v2', tier: 'Standard_v2' },
      ...(options.responseBuffering === undefined
        ? {}
        : { globalConfiguration: { enableResponseBuffering: options.responseBuffering } }),
      frontendPorts: [
        sub('frontendPorts', 'port-80', { port: 80 }),
        sub('frontendPorts', 'port-443', { port: 443 }),
      ],
      sslCertificates: [sub('sslCertificates', 'app-cert', { keyVaultSecretId: SECRET_ID })],
      trustedRootCertificates: roots.map((data, i) =>
        sub('trustedRootCertificates', `root-${i + 1}`, { data }),
      ),
      httpListeners: [
        sub('httpListeners', 'https', {
          frontendPort: ref('frontendPorts', 'port-443'),
          protocol: 'Https',
          hostName: HOST,
          sslCertificate: ref('sslCertificates', 'app-cert'),
          requireServerNameIndication: true,
        }),
        sub('httpListeners', 'http', {
          frontendPort: ref('frontendPorts', 'port-80'),
          protocol: 'Http',
          hostName: HOST,
        }),
      ],
      redirectConfigurations: [
        sub('redirectConfigurations', 'http-to-https', {
          redirectType: 'Permanent',
          targetListener: ref('httpListeners', 'https'),
          includePath: true,
          includeQueryString: true,
        }),
      ],
      backendAddressPools: [
        sub('backendAddressPools', 'app', {
          backendAddresses: options.members.map((ipAddress) => ({ ipAddress })),
        }),
      ],
      backendHttpSettingsCollection: [
        sub('backendHttpSettingsCollection', 'app-https', {
          port: 443,
          protocol: 'Https',
          hostName: HOST,
          pickHostNameFromBackendAddress: false,
          requestTimeout: options.requestTimeout ?? 60,
          probe: ref('probes', 'app-health'),
          ...(roots.length > 0
            ? {
                trustedRootCertificates: roots.map((_, i) =>
                  ref('trustedRootCertificates', `root-${i + 1}`),
                ),
              }
            : {}),
        }),
      ],
      probes: [
        sub('probes', 'app-health', {
          protocol: 'Https',
          host: HOST,
          path: options.probe?.path ?? '/api/healthcheck',
          interval: options.probe?.interval ?? 30,
          timeout: options.probe?.timeout ?? 30,
          unhealthyThreshold: options.probe?.unhealthyThreshold ?? 3,
          pickHostNameFromBackendHttpSettings: false,
          match: { statusCodes: ['200-399'], body: options.probe?.body ?? '"health":"OK"' },
        }),
      ],
      requestRoutingRules: [
        sub('requestRoutingRules', 'http-redirect', {
          ruleType: 'Basic',
          priority: 200,
          httpListener: ref('httpListeners', 'http'),
          redirectConfiguration: ref('redirectConfigurations', 'http-to-https'),
        }),
        sub('requestRoutingRules', 'https', {
          ruleType: 'Basic',
          priority: 100,
          httpListener: ref('httpListeners', 'https'),
          backendAddressPool: ref('backendAddressPools', 'app'),
          backendHttpSettings: ref('backendHttpSettingsCollection', 'app-https'),
        }),
      ],
    },
  };
}
