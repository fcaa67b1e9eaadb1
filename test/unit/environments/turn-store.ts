// A resource store for apply tests: GETs answer what `get` finds, and each PUT runs `put` (which
// records it, waits a turn of the event loop, and may throw to refuse it) before it succeeds with
// the body it was sent. DELETE and list are not expected.
import type { ArmResource } from '../../../src/azure/resources.js';

export function turnStore(
  get: (id: string) => ArmResource | undefined,
  put: (id: string) => Promise<void>,
) {
  return {
    get: (id: string) => Promise.resolve(get(id)),
    put: async (id: string, _api: string, body: Record<string, unknown>) => {
      await put(id);
      return {
        id,
        ...body,
        properties: { ...(body.properties as object), provisioningState: 'Succeeded' },
      };
    },
    delete: () => Promise.reject(new Error('no DELETE expected')),
    list: () => Promise.reject(new Error('no list expected')),
  };
}

/** The next turn of the event loop: the PUTs sent together have all started by then. */
export const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
