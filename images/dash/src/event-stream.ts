// A text/event-stream response (HTML Living Standard, "Server-sent events"): one batch of events
// at once, then one per interval, until the client goes away.

export interface ServerSentEvent {
  event: string;
  /** Sent as one `data:` line: JSON.stringify never emits a raw line break. */
  data: unknown;
}

/**
 * Headers for a stream that crosses nginx and Application Gateway. nginx buffers a proxied
 * response unless it says `X-Accel-Buffering: no` ("Buffering can also be enabled or disabled by
 * passing “yes” or “no” in the “X-Accel-Buffering” response header field", nginx.org
 * ngx_http_proxy_module, proxy_buffering). Application Gateway asks the backend for
 * `Content-Type: text/event-stream` and `Cache-Control: no-cache`, and needs its own response
 * buffer disabled (articles/application-gateway/use-server-sent-events.md); the page falls back to
 * polling `/api/accesses` when no event arrives, so a buffering gateway slows it, never blanks it.
 */
export const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

export function formatEvents(events: readonly ServerSentEvent[]): string {
  return events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`).join('');
}

export interface EventStreamOptions {
  /** The events of one tick; called at once, then `intervalMs` after each batch was sent. */
  tick: () => Promise<readonly ServerSentEvent[]>;
  intervalMs: number;
  /** What the browser waits before reconnecting (the stream's `retry:` field). */
  retryMs: number;
  log: (line: string) => void;
}

/**
 * The stream stops when its reader cancels it (serve.ts does when the client disconnects). A
 * tick that throws is logged and skipped: the next one tries again.
 */
export function eventStream(options: EventStreamOptions): Response {
  const encoder = new TextEncoder();
  let timer: NodeJS.Timeout | undefined;
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`retry: ${options.retryMs}\n\n`));
      const run = async () => {
        try {
          const events = await options.tick();
          if (open && events.length > 0) controller.enqueue(encoder.encode(formatEvents(events)));
        } catch (error) {
          options.log(`dashboard: event stream tick failed: ${String(error)}`);
        }
        if (open) timer = setTimeout(() => void run(), options.intervalMs);
      };
      void run();
    },
    cancel() {
      open = false;
      clearTimeout(timer);
    },
  });
  return new Response(body, { headers: EVENT_STREAM_HEADERS });
}
