// A loopback webhook for notification tests: answers each request as scripted (a status, headers,
// or no answer at all), records every request, and never leaves 127.0.0.1.
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer: the request hangs until the sender gives up. */
  hang?: boolean;
}

export interface ReceivedRequest {
  /** Wall-clock arrival, for lower bounds on the time between attempts. */
  at: number;
  path: string;
  contentType: string | undefined;
  body: unknown;
  status: number | 'hung';
}

export interface NotifyReceiver {
  /** The webhook URL; its path stands for the token a real webhook URL carries. */
  url: string;
  /** The secret part of `url`, which no log line may hold. */
  token: string;
  requests: ReceivedRequest[];
  /** Bodies answered with a 2xx: what was delivered. */
  delivered: () => unknown[];
  /** The next requests' answers, in order; after them, `otherwise` (200 unless set). */
  answer: (...answers: ScriptedAnswer[]) => void;
  otherwise: (answer: ScriptedAnswer) => void;
  reset: () => void;
  close: () => Promise<void>;
}

export async function startNotifyReceiver(): Promise<NotifyReceiver> {
  const token = 'T0K3N-7f3a9c1e5b2d4f6a8c0e';
  let queue: ScriptedAnswer[] = [];
  let fallback: ScriptedAnswer = { status: 200, body: 'ok' };
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = queue.shift() ?? fallback;
      const text = Buffer.concat(chunks).toString('utf8');
      requests.push({
        at: Date.now(),
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: text ? (JSON.parse(text) as unknown) : undefined,
        status: answer.hang ? 'hung' : answer.status,
      });
      if (answer.hang) {
        hung.add(res);
        return;
      }
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks/${token}`,
    token,
    requests,
    delivered: () =>
      requests.filter((r) => typeof r.status === 'number' && r.status < 300).map((r) => r.body),
    answer: (...answers) => (queue = answers),
    otherwise: (answer) => (fallback = answer),
    reset: () => {
      queue = [];
      fallback = { status: 200, body: 'ok' };
      requests.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
