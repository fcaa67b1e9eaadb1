// The emulator's DNS servers bind one port for both UDP and TCP. A port free on UDP can be taken
// on TCP (an ephemeral port of some connection): dns2 then only emits 'error' and its listen()
// never settles, which once held a whole CI run in a test's `before` hook with no output.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import dns2 from 'dns2';
import { listenDns } from '../../../local/emulator/edge/dns-server.js';

const HOST = '127.0.0.1';
/** A port free on TCP now (and, being unbound, most likely on UDP too). */
async function freeTcpPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, HOST, resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const create = () => dns2.createServer({ udp: true, tcp: true, handle: () => undefined });

// Bounded: the failure this guards against is a wait that never ends.
void describe('the emulator DNS server binding its port', { timeout: 10_000 }, () => {
  let taken: Server;
  let takenPort: number;

  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, HOST, resolve));
    takenPort = (taken.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  void test('fails, naming the port, when the port asked for is taken on TCP', async () => {
    await assert.rejects(listenDns(create, HOST, takenPort), {
      code: 'EADDRINUSE',
      message: new RegExp(`${HOST}:${takenPort}`),
    });
  });

  void test('moves on to another port when the one it chose is taken on TCP', async () => {
    const offered: number[] = [];
    const choose = async () => {
      const port = offered.length === 0 ? takenPort : await freeTcpPort();
      offered.push(port);
      return port;
    };
    const { server, port } = await listenDns(create, HOST, 0, choose);
    try {
      assert.equal(offered.length, 2, 'a second port was chosen');
      assert.notEqual(port, takenPort);
      assert.equal(server.addresses().tcp?.port, port);
      assert.equal(server.addresses().udp?.port, port);
    } finally {
      await server.close();
    }
  });
});
