// The DNS servers (UDP and TCP, dns2) on loopback ports, answering from `lookup`: the emulator's
// resolver (every zone as it is now) and the public zones' four Azure DNS name servers (each its
// own propagation delay behind). They are the edge of the DNS zones of providers/network, not a
// provider: like the HTTPS edge they only turn packets into calls of the pure `lookup`
// (providers/network/dns-lookup.ts) and own the sockets.
import { createSocket } from 'node:dgram';
import dns2 from 'dns2';
import type { EmulatorContext } from '../core/context.js';
import { liveView, lookup, type DnsRecord, type DnsView } from '../providers/network/dns-lookup.js';
import { AZURE_NAME_SERVERS } from '../providers/network/dns-zones.js';
import { nameServerView } from '../providers/network/name-servers.js';

const { Packet } = dns2;
type DnsRequest = dns2.Packet;
type DnsResponse = dns2.Packet;
const RCODES = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 } as const;
const TYPE_NAMES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  16: 'TXT',
  28: 'AAAA',
  257: 'CAA',
};

function toResource(record: DnsRecord): dns2.Packet.Resource {
  const { type, ...rest } = record;
  return { ...rest, type: Packet.TYPE[type], class: Packet.CLASS.IN } as dns2.Packet.Resource;
}

/** What a server knows, as of the moment it answers. */
type ViewOf = (ctx: EmulatorContext) => DnsView;

export function answerQuery(
  ctx: EmulatorContext,
  request: DnsRequest,
  viewOf: ViewOf = liveView,
): DnsResponse {
  ctx.settle();
  const response = Packet.createResponseFromRequest(request);
  const question = request.questions[0];
  if (!question) return response;
  const type = TYPE_NAMES[question.type] ?? 'UNKNOWN';
  const result = lookup(ctx, question.name, type, viewOf(ctx));
  response.header.aa = result.rcode === 'REFUSED' ? 0 : 1;
  response.header.rcode = RCODES[result.rcode];
  response.answers.push(...result.answers.map(toResource));
  response.authorities.push(...result.authorities.map(toResource));
  return response;
}

function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

type DnsServer = ReturnType<typeof dns2.createServer>;

/**
 * dns2's `listen()` resolves once both sockets listen and never settles when one fails to bind:
 * the failure is only emitted as 'error'. Bound here to a rejection, so that a port free on UDP
 * but taken on TCP (an ephemeral port of some connection) fails instead of hanging its caller.
 */
function listenOnce(server: DnsServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ udp: { port, address: host }, tcp: { port, address: host } }).then(() => {
      server.removeListener('error', reject);
      resolve();
    }, reject);
  });
}

/**
 * A server listening on `port`, or with `port` 0 on a port `choose` finds free for UDP, tried
 * again on another (with a new server: a bound socket cannot bind again) when TCP has it.
 */
export async function listenDns(
  create: () => DnsServer,
  host: string,
  port: number,
  choose: (host: string) => Promise<number> = freeUdpPort,
): Promise<{ server: DnsServer; port: number }> {
  for (let attempt = 0; ; attempt += 1) {
    const chosen = port || (await choose(host));
    const server = create();
    try {
      await listenOnce(server, host, chosen);
      return { server, port: chosen };
    } catch (err) {
      // The socket that did bind is released; close() settles only once both have closed.
      void server.close();
      if (port || attempt >= 5) throw err;
    }
  }
}

export interface DnsListener {
  port: number;
  close: () => Promise<void>;
}

/** A DNS server on `host:port` (0: a free port) answering from `viewOf` (default: the resolver). */
export async function startDnsServer(
  ctx: EmulatorContext,
  host: string,
  port: number,
  viewOf: ViewOf = liveView,
): Promise<DnsListener> {
  const create = () =>
    dns2.createServer({
      udp: true,
      tcp: true,
      handle: (request: DnsRequest, send: (response: DnsResponse) => void) =>
        send(answerQuery(ctx, request, viewOf)),
    });
  const { server, port: bound } = await listenDns(create, host, port);
  return { port: bound, close: () => server.close() };
}

/** One of the public zones' name servers, and where it listens here. */
export interface NameServerListener extends DnsListener {
  /** As in a zone's `properties.nameServers`: `ns1-01.azure-dns.com.` */
  name: string;
  host: string;
}

/** The four name servers of the public zones, each on its own port of `host` (0: a free one). */
export async function startNameServers(
  ctx: EmulatorContext,
  host: string,
  ports: readonly number[] = [],
): Promise<NameServerListener[]> {
  const started: NameServerListener[] = [];
  for (const [index, name] of AZURE_NAME_SERVERS.entries()) {
    const listener = await startDnsServer(ctx, host, ports[index] ?? 0, (c) =>
      nameServerView(c, index),
    );
    started.push({ ...listener, name, host });
  }
  return started;
}
