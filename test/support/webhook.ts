// A loopback Event Grid webhook for tests: answers the validation handshake, records
// notifications, can fail the first N notifications, and lets a test await a matching event.
import { createServer, type Server } from 'node:http';

export interface ReceivedEvent {
  eventType: string;
  subject: string;
  data: { operationName?: string; resourceUri?: string; status?: string; subscriptionId?: string };
  deliveryCount: string | undefined;
}

/** One notification request as it arrived, answered or failed. */
export interface DeliveryAttempt {
  subjects: string[];
  status: number;
  /** Wall-clock arrival, for lower bounds on the time between attempts. */
  at: number;
}

export interface TestWebhook {
  url: string;
  events: ReceivedEvent[];
  attempts: DeliveryAttempt[];
  failNext: (n: number, status?: number) => void;
  answerValidationWith: (code: string | undefined) => void;
  /** The first event that matches, now or later; fails after `timeoutMs` (default 60 s). */
  waitFor: (match: (e: ReceivedEvent) => boolean, timeoutMs?: number) => Promise<ReceivedEvent>;
  close: () => Promise<void>;
}

export async function startWebhook(): Promise<TestWebhook> {
  const events: ReceivedEvent[] = [];
  const attempts: DeliveryAttempt[] = [];
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
      const subjects = batch.map((e) => e.subject);
      if (failures > 0) {
        failures -= 1;
        attempts.push({ subjects, status: failStatus, at: Date.now() });
        res.writeHead(failStatus).end();
        return;
      }
      attempts.push({ subjects, status: 200, at: Date.now() });
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
    attempts,
    failNext: (n, status = 500) => {
      failures = n;
      failStatus = status;
    },
    answerValidationWith: (code) => (validationOverride = code),
    waitFor: (match, timeoutMs = 60_000) => {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no matching event reached the webhook within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        const waiter = {
          match,
          resolve: (e: ReceivedEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        waiters.push(waiter);
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
