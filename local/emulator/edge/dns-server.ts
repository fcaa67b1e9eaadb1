// The DNS server (UDP and TCP, dns2) on a loopback port, answering from `lookup`. It is the edge of
// the DNS zones of providers/network, not a provider itself: like the HTTPS edge it only turns
// packets into calls of the pure `lookup` (providers/network/dns-lookup.ts) and owns the sockets.
import { createSocket } from 'node:dgram';
import dns2 from 'dns2';
import type { EmulatorContext } from '../core/context.js';
import { lookup, type DnsRecord } from '../providers/network/dns-lookup.js';

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

export function answerQuery(ctx: EmulatorContext, request: DnsRequest): DnsResponse {
  ctx.settle();
  const response = Packet.createResponseFromRequest(request);
  const question = request.questions[0];
  if (!question) return response;
  const result = lookup(ctx, question.name, TYPE_NAMES[question.type] ?? 'UNKNOWN');
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

async function listenBoth(
  server: ReturnType<typeof dns2.createServer>,
  host: string,
  port: number,
): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    const chosen = port || (await freeUdpPort(host));
    try {
      await server.listen({
        udp: { port: chosen, address: host },
        tcp: { port: chosen, address: host },
      });
      return chosen;
    } catch (err) {
      if (port || attempt >= 5) throw err;
    }
  }
}

export async function startDnsServer(ctx: EmulatorContext, host: string, port: number) {
  const server = dns2.createServer({
    udp: true,
    tcp: true,
    handle: (request: DnsRequest, send: (response: DnsResponse) => void) =>
      send(answerQuery(ctx, request)),
  });
  const bound = await listenBoth(server, host, port);
  return { port: bound, close: () => server.close() };
}
