// Each vault gets its own loopback origin, because the Key Vault clients reject ids with a path
// prefix. Listeners are pre-bound in a small pool so that the (synchronous) vault PUT handler can
// hand out a port at once; the pool refills in the background.
import type { Server } from 'node:https';
import { listen } from './listen.js';

export interface VaultListeners {
  originFor: (vaultName: string) => string;
  ready: () => Promise<void>;
  close: () => Promise<void>;
}

export function vaultListeners(
  host: string,
  create: (vaultNameAt: () => string | undefined) => Server,
  poolSize = 2,
): VaultListeners {
  const free: { server: Server; port: number; bind: (name: string) => void }[] = [];
  const assigned = new Map<string, { server: Server; port: number }>();
  let refilling: Promise<void> = Promise.resolve();
  const refill = async () => {
    while (free.length < poolSize) {
      let name: string | undefined;
      const server = create(() => name);
      const port = await listen(server, host, 0);
      free.push({ server, port, bind: (n) => (name = n) });
    }
  };
  return {
    originFor: (vaultName) => {
      const key = vaultName.toLowerCase();
      let entry = assigned.get(key);
      if (!entry) {
        const next = free.shift();
        if (!next)
          throw new Error('no free vault listener; the edge awaits ready() before each request');
        next.bind(vaultName);
        entry = next;
        assigned.set(key, entry);
        refilling = refilling.then(refill);
      }
      return `https://${host}:${entry.port}`;
    },
    ready: () => (refilling = refilling.then(refill)),
    close: async () => {
      await refilling.catch(() => undefined);
      const servers = [
        ...free.map((f) => f.server),
        ...[...assigned.values()].map((a) => a.server),
      ];
      await Promise.all(servers.map((s) => closeServer(s)));
    },
  };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
