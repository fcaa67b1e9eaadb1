// Binds a server to a loopback port for the edge (HTTPS for ARM and each vault).
import type { Server } from 'node:net';

/** Listens on host:port (0 = any free port) and resolves with the bound port. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
