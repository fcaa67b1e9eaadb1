// A loopback Event Grid webhook for tests: answers the validation handshake, records
// notifications, can fail the first N notifications, and lets a test await a matching event.
import { createServer, type Server } from 'node:http';

export interface ReceivedEvent {
  eventType: string;
  subject: string;
  data: { operationName?: string; resourceUri?: string; status?: string; subscriptionId?: string };
  deliveryCount: string | undefined;
}

export interface TestWebhook {
  url: string;
  events: ReceivedEvent[];
  failNext: (n: number, status?: number) => void;
  answerValidationWith: (code: string | undefined) => void;
  waitFor: (match: (e: ReceivedEvent) => boolean) => Promise<ReceivedEvent>;
  close: () => Promise<void>;
}

export async function startWebhook(): Promise<TestWebhook> {
  const events: ReceivedEvent[] = [];
  const waiters: { match: (e: ReceivedEvent) => boolean; resolve: (e: ReceivedEvent) => void }[] =
    [];
  let failures = 0;
  let failStatus = 500;
  let validationOverride: string | undefined | null = null;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const batch = JSON.parse(Buffer.concat(chunks).toString('utf8')) as (ReceivedEvent & {
        data: { validationCode?: string };
      })[];
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        const code =
          validationOverride === null ? batch[0]?.data.validationCode : validationOverride;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ validationResponse: code }));
        return;
      }
      if (failures > 0) {
        failures -= 1;
        res.writeHead(failStatus).end();
        return;
      }
      for (const e of batch) {
        const received = {
          eventType: e.eventType,
          subject: e.subject,
          data: e.data,
          deliveryCount: req.headers['aeg-delivery-count'] as string | undefined,
        };
        events.push(received);
        for (const w of waiters.filter((x) => x.match(received))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(received);
        }
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/runtime/webhooks/eventgrid?functionName=onResourceEvent`,
    events,
    failNext: (n, status = 500) => {
      failures = n;
      failStatus = status;
    },
    answerValidationWith: (code) => (validationOverride = code),
    waitFor: (match) => {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
