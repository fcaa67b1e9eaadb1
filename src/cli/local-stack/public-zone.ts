// The spec's public DNS zone belongs to the user (it is delegated to Azure DNS before a
// deployment), so the local run creates it in the emulator, as the user would in Azure.
import type { EmulatorEndpoints } from './emulator-child.js';
import { StackError } from './errors.js';
import { loopbackRequest } from './loopback-http.js';

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
  const group = `/subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}`;
  await put(emulator, `${group}?api-version=2025-04-01`, { location: target.location });
  await put(
    emulator,
    `${group}/providers/Microsoft.Network/dnsZones/${target.zone}?api-version=2018-05-01`,
    { location: 'global' },
  );
}

async function put(emulator: EmulatorEndpoints, path: string, body: unknown): Promise<void> {
  const response = await loopbackRequest(`${emulator.armUrl}${path}`, {
    method: 'PUT',
    body,
    ca: emulator.caPem,
    headers: { authorization: 'Bearer local' },
  });
  if (response.status >= 300) {
    throw new StackError(
      `creating ${path.split('?')[0]} in the emulator failed: ${response.status} ${response.text}`,
    );
  }
}
