// Registering a resource provider the way a user does before they create something themselves
// (`az provider register`), for arranging state the app does not own, such as the public zone.
import type { EmulatorHandle } from '../../local/emulator/index.js';
import { adminRequest } from './admin.js';
import { until } from './eventually.js';

/** POSTs the registration and waits (by the emulator's scaled clock) until it reads Registered. */
export async function registerResourceProvider(
  emu: EmulatorHandle,
  subscriptionId: string,
  namespace: string,
): Promise<void> {
  const provider = `/subscriptions/${subscriptionId}/providers/${namespace}`;
  await adminRequest(emu, 'POST', `${provider}/register?api-version=2025-04-01`);
  await until(
    async () =>
      (await adminRequest(emu, 'GET', `${provider}?api-version=2025-04-01`)).registrationState ===
      'Registered',
    { what: `the registration of ${namespace}` },
  );
}
