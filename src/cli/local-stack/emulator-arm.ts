// One ARM call to the local emulator, for what the local run arranges in place of the user or of
// `azd provision` (the public zone, the environment's resource group and the app's grants there).
import type { EmulatorEndpoints } from './emulator-child.js';
import { StackError } from './errors.js';
import { loopbackRequest, type LoopbackResponse } from './loopback-http.js';

/** Answers the emulator's response; a failure other than a GET's 404 is a StackError. */
export async function armCall(
  emulator: Pick<EmulatorEndpoints, 'armUrl' | 'caPem'>,
  method: 'GET' | 'PUT' | 'POST',
  path: string,
  body?: unknown,
): Promise<LoopbackResponse> {
  const response = await loopbackRequest(`${emulator.armUrl}${path}`, {
    method,
    body,
    ca: emulator.caPem,
    headers: { authorization: 'Bearer local' },
  });
  if (response.status >= 300 && !(method === 'GET' && response.status === 404)) {
    throw new StackError(
      `${method} ${path.split('?')[0]} in the emulator failed: ${response.status} ${response.text}`,
    );
  }
  return response;
}
