// Builders for the init container's tests: its environment, a fake resource store and vault.
import type { ArmResource } from '../../../src/azure/resources.js';

export const ZONE_ID =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-contoso/providers/Microsoft.Network/privateDnsZones/contoso.internal';
export const CONF = 'events {}\nhttp { server { listen 443 ssl; } }\n';

export function initEnv(overrides: Record<string, string | undefined> = {}) {
  return {
    AZURE_CLIENT_ID: '00000000-0000-0000-0000-0000000000c1',
    KEY_VAULT_URL: 'https://kv-contoso-abc12345.vault.azure.net/',
    CERTIFICATE_NAME: 'app-contoso-example',
    PRIVATE_DNS_ZONE_ID: ZONE_ID,
    DNS_RECORD_NAME: 'app-1',
    DNS_TTL: '300',
    CONTAINER_GROUP_ID:
      '/subscriptions/1/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/ci-app-1',
    TLS_DIR: '/etc/nginx/tls',
    NGINX_CONF_BASE64: Buffer.from(CONF).toString('base64'),
    ...overrides,
  };
}

export interface StoreCall {
  method: 'GET' | 'PUT';
  id: string;
  apiVersion: string;
  body?: Record<string, unknown>;
}

/** An in-memory ARM store that records every call, like the emulator's request log. */
export function fakeStore(initial: Record<string, ArmResource> = {}) {
  const resources = new Map(Object.entries(initial));
  const calls: StoreCall[] = [];
  return {
    calls,
    resources,
    get(id: string, apiVersion: string) {
      calls.push({ method: 'GET', id, apiVersion });
      return Promise.resolve(resources.get(id));
    },
    put(id: string, apiVersion: string, body: Record<string, unknown>) {
      calls.push({ method: 'PUT', id, apiVersion, body });
      const resource = { id, ...body } as ArmResource;
      resources.set(id, resource);
      return Promise.resolve(resource);
    },
  };
}

export const eth0 = (address: string) => ({
  lo: [
    {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4' as const,
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8',
    },
  ],
  eth0: [
    {
      address: 'fe80::1',
      netmask: 'ffff:ffff:ffff:ffff::',
      family: 'IPv6' as const,
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: 'fe80::1/64',
      scopeid: 2,
    },
    {
      address,
      netmask: '255.255.255.0',
      family: 'IPv4' as const,
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: `${address}/24`,
    },
  ],
});
