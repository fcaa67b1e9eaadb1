// The spec's public DNS zone belongs to the user (it is delegated to Azure DNS before a
// deployment), so the local run creates it in the emulator, as the user would in Azure: in a
// fresh subscription that means registering Microsoft.Network first, as the user had to.
import type { EmulatorEndpoints } from './emulator-child.js';
import { armCall } from './emulator-arm.js';
import { jsonOf } from './loopback-http.js';
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
  await armCall(emulator, 'PUT', `${group}?api-version=2025-04-01`, { location: target.location });
  await armCall(
    emulator,
    'PUT',
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
  await armCall(emulator, 'POST', `${provider}/register?api-version=2025-04-01`);
  await pollUntil(
    async () => {
      const response = await armCall(emulator, 'GET', `${provider}?api-version=2025-04-01`);
      return jsonOf(response).registrationState === 'Registered';
    },
    { what: 'the registration of Microsoft.Network', attempts: 600, intervalMs: 50 },
  );
}
