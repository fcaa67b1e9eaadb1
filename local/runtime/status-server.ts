// `GET /status` on 127.0.0.1: what the runtime runs now (groups, their addresses and containers,
// the gateway's listeners). The stack waits for it, `start` prints from it, tests read it.
import { createServer, type Server } from 'node:http';

export interface StatusServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startStatusServer(
  port: number,
  status: () => unknown,
): Promise<StatusServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/status') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /status\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${bound}/status`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
