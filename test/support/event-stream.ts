// Reads a text/event-stream (HTML Living Standard, "Server-sent events") the way a test needs:
// event by event, waiting on the stream and never on a timer.

export interface ParsedEvent {
  event: string;
  data: unknown;
}

/**
 * Reads a text/event-stream event by event (blocks with an `event:` line), keeping what arrived
 * beyond. `next` resolves as soon as an event has arrived: a test waits on the stream, never on a
 * timer. `cancel` is what a browser leaving the page does.
 */
export function eventReader(body: ReadableStream<Uint8Array> | null) {
  if (!body) throw new Error('the response has no body');
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  async function next(): Promise<ParsedEvent> {
    for (;;) {
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data !== undefined) return { event, data: JSON.parse(data) as unknown };
      }
      const { done, value } = await reader.read();
      if (done) throw new Error('the stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  }
  return {
    next,
    /** The next event named `name`, skipping others. */
    async nextOf(name: string): Promise<ParsedEvent> {
      for (;;) {
        const event = await next();
        if (event.event === name) return event;
      }
    },
    /**
     * The first event named `name` whose data satisfies `holds`: events sent before the change a
     * test waits for are skipped. Fails after `limit` events.
     */
    async until(name: string, holds: (data: unknown) => boolean, limit = 2000) {
      for (let seen = 0; seen < limit; seen += 1) {
        const event = await next();
        if (event.event === name && holds(event.data)) return event;
      }
      throw new Error(`no ${name} event matched within ${limit} events`);
    },
    cancel: () => reader.cancel(),
  };
}
