/**
 * Opens one delivered event in either schema an event subscription can deliver (its
 * `eventDeliverySchema` decides): Event Grid's (`eventType`, `topic`, `subject`, `data`) or
 * CloudEvents 1.0 (`specversion`, `type`, `source`, `subject`, `data`). Pure; never throws: what it
 * cannot read comes back as a reason that quotes no payload.
 *
 * - Event Grid schema: https://learn.microsoft.com/azure/event-grid/event-schema
 * - CloudEvents: https://learn.microsoft.com/azure/event-grid/cloud-event-schema. For resource
 *   events `source` is the topic (`/subscriptions/{id}/resourceGroups/{rg}`) and `subject` the
 *   resource id (event-schema-resource-groups.md, "Cloud event schema" tab).
 * - "Each event in the array is limited to 1 MB" (event-schema.md): a bigger one is no event Event
 *   Grid would deliver, so it is dropped unread.
 */

import { z } from 'zod';

export const MAX_EVENT_BYTES = 1024 * 1024;

/** The fields of one event this app reads, whichever schema carried it. */
export interface EventEnvelope {
  readonly schema: 'EventGridSchema' | 'CloudEventSchemaV1_0';
  readonly type: string;
  /** The resource id for resource events; optional in CloudEvents. */
  readonly subject: string | undefined;
  /** An object, or undefined when the event carries none. */
  readonly data: Readonly<Record<string, unknown>> | undefined;
}

export type OpenedEvent = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

// The envelopes of @azure/eventgrid's EventGridEvent and CloudEvent, checked at run time.
const eventGridSchema = z
  .object({ eventType: z.string().min(1), subject: z.string(), data: z.unknown().optional() })
  .loose();
const cloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().min(1),
    subject: z.string().optional(),
    data: z.unknown().optional(),
  })
  .loose();

export function openEvent(input: unknown): OpenedEvent {
  const oversize = sizeProblem(input);
  if (oversize) return { ok: false, reason: oversize };
  const parsed = typeof input === 'string' ? parseJson(input) : { ok: true as const, value: input };
  if (!parsed.ok) return { ok: false, reason: 'the event is not JSON' };
  const event = parsed.value;
  if (Array.isArray(event)) {
    return { ok: false, reason: `an array of ${event.length} events where one event was expected` };
  }
  if (typeof event !== 'object' || event === null) {
    return {
      ok: false,
      reason: `the event is ${event === null ? 'null' : typeof event}, not an object`,
    };
  }
  return 'specversion' in event ? openCloudEvent(event) : openEventGridEvent(event);
}

function openEventGridEvent(event: object): OpenedEvent {
  const parsed = eventGridSchema.safeParse(event);
  if (!parsed.success) {
    return {
      ok: false,
      reason:
        'neither an Event Grid event (eventType and subject are required) nor a CloudEvent (specversion)',
    };
  }
  const { eventType, subject, data } = parsed.data;
  return withData({ schema: 'EventGridSchema', type: eventType, subject }, data);
}

function openCloudEvent(event: object): OpenedEvent {
  const parsed = cloudEventSchema.safeParse(event);
  if (!parsed.success) {
    return {
      ok: false,
      reason:
        'not a CloudEvent 1.0 (specversion "1.0", id, source and type are required, subject is a string)',
    };
  }
  const { type, subject, data } = parsed.data;
  return withData({ schema: 'CloudEventSchemaV1_0', type, subject }, data);
}

/** `data` as an object, or as the JSON text of one; absent or null is no data. */
function withData(envelope: Omit<EventEnvelope, 'data'>, data: unknown): OpenedEvent {
  if (data === undefined || data === null)
    return { ok: true, envelope: { ...envelope, data: undefined } };
  const value = typeof data === 'string' ? parseJson(data) : { ok: true as const, value: data };
  if (!value.ok) return { ok: false, reason: 'data is a string that is not JSON' };
  if (typeof value.value !== 'object' || value.value === null || Array.isArray(value.value)) {
    return { ok: false, reason: 'data is neither an object nor the JSON text of one' };
  }
  return { ok: true, envelope: { ...envelope, data: value.value as Record<string, unknown> } };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Over 1 MB of UTF-8, or not serialisable (a cycle, a BigInt): either way not a delivered event. */
function sizeProblem(input: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = typeof input === 'string' ? input : JSON.stringify(input);
  } catch {
    return 'the event cannot be serialised as JSON';
  }
  const bytes = text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
  return bytes > MAX_EVENT_BYTES
    ? `the event is ${bytes} bytes, over Event Grid's limit of ${MAX_EVENT_BYTES} bytes (1 MB)`
    : undefined;
}

/**
 * `event <id> (<type>)` for log lines, from whatever the input holds: never the payload, at most 80
 * characters of each, control characters removed (an id is the sender's text).
 */
export function eventLabel(input: unknown): string {
  const record = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
  const field = (name: string) => {
    const value = (record as Record<string, unknown>)[name];
    return typeof value === 'string' ? value.replace(/\p{Cc}/gu, '').slice(0, 80) : undefined;
  };
  const type = field('eventType') ?? field('type');
  return `event ${field('id') ?? '(no id)'}${type ? ` (${type})` : ''}`;
}
