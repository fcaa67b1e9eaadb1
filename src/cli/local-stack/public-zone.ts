// The spec's public DNS zone belongs to the user (it is delegated to Azure DNS before a
// deployment), so the local run creates it in the emulator, as the user would in Azure: in a
// fresh subscription that means registering Microsoft.Network first, as the user had to.
import type { EmulatorEndpoints } from './emulator-child.js';
import { StackError } from './errors.js';
import { jsonOf, loopbackRequest } from './loopback-http.js';
import { pollUntil } from './wait.js';

export interface PublicZoneTarget {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly zone: string;
  readonly location: string;
}

export async function createPublicZone(
  emulator: EmulatorEndpoints,
  target: PublicZoneTarget,
): Promise<void> {
  await registerNetworkProvider(emulator, target.subscriptionId);
  const group = `/subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}`;
  await put(emulator, `${group}?api-version=2025-04-01`, { location: target.location });
  await put(
    emulator,
    `${group}/providers/Microsoft.Network/dnsZones/${target.zone}?api-version=2018-05-01`,
    { location: 'global' },
  );
}

/**
 * A zone in Azure DNS means its subscription is registered for Microsoft.Network. The deployment
 * registers every other namespace itself (its resource-providers stage).
 */
async function registerNetworkProvider(
  emulator: EmulatorEndpoints,
  subscriptionId: string,
): Promise<void> {
  const provider = `/subscriptions/${subscriptionId}/providers/Microsoft.Network`;
  await call(emulator, 'POST', `${provider}/register?api-version=2025-04-01`);
  await pollUntil(
    async () => {
      const response = await call(emulator, 'GET', `${provider}?api-version=2025-04-01`);
      return jsonOf(response).registrationState === 'Registered';
    },
    { what: 'the registration of Microsoft.Network', attempts: 600, intervalMs: 50 },
  );
}

async function put(emulator: EmulatorEndpoints, path: string, body: unknown): Promise<void> {
  await call(emulator, 'PUT', path, body);
}

async function call(
  emulator: EmulatorEndpoints,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
) {
  const response = await loopbackRequest(`${emulator.armUrl}${path}`, {
    method,
    body,
    ca: emulator.caPem,
    headers: { authorization: 'Bearer local' },
  });
  if (response.status >= 300) {
    throw new StackError(
      `${method} ${path.split('?')[0]} in the emulator failed: ${response.status} ${response.text}`,
    );
  }
  return response;
}
