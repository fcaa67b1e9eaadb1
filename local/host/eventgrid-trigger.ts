// Event Grid webhook: POST /runtime/webhooks/eventgrid?functionName=NAME with the events of either
// delivery schema an event subscription can choose:
// - Event Grid schema (`application/json`): an array of events. A SubscriptionValidationEvent is
//   answered with `validationResponse`; every other event invokes the function once.
//   https://learn.microsoft.com/azure/event-grid/event-schema
//   https://learn.microsoft.com/azure/event-grid/webhook-event-delivery
// - CloudEvents 1.0 (`application/cloudevents+json`, one event; `application/cloudevents-batch+json`,
//   an array): each event invokes the function once. Event Grid validates such an endpoint with the
//   CloudEvents abuse-protection handshake instead of a validation event: an OPTIONS request with
//   `WebHook-Request-Origin`, answered with `WebHook-Allowed-Origin` (and `WebHook-Allowed-Rate`).
//   https://learn.microsoft.com/azure/event-grid/cloud-event-schema
//   https://learn.microsoft.com/azure/event-grid/end-point-validation-cloud-events-schema
//   https://github.com/cloudevents/spec/blob/v1.0/http-webhook.md#4-abuse-protection
// Malformed bodies get a 400 saying what is wrong: Event Grid does not retry a webhook's 400
// (https://learn.microsoft.com/azure/event-grid/delivery-and-retry).
import type { HostRequest, HostResponse } from './http-types.js';
import { jsonResponse, parseJsonBody, textResponse } from './http-types.js';
import { invoke } from './invoke.js';
import { isSystemAuthorized } from './keys.js';
import type { Registry } from './registry.js';
import type { HostKeys } from './settings.js';
import type { FunctionRegistration, HostLogger } from './types.js';

export const validationEventType = 'Microsoft.EventGrid.SubscriptionValidationEvent';

export interface EventGridEvent {
  readonly id: string;
  readonly subject: string;
  readonly eventType: string;
  readonly eventTime: string;
  readonly topic?: string;
  readonly data?: unknown;
  readonly dataVersion?: string;
  readonly metadataVersion?: string;
}

export interface EventGridDeps {
  readonly registry: Registry;
  readonly keys: HostKeys;
  readonly logger: HostLogger;
  readonly inputsFor: (fn: FunctionRegistration) => Record<string, unknown>;
}

export function createEventGridWebhook(deps: EventGridDeps) {
  return async (req: HostRequest): Promise<HostResponse> => {
    // The real host wants the eventgrid_extension system key; locally the master key stands in.
    if (!isSystemAuthorized(deps.keys, { headers: req.headers, query: req.url.searchParams })) {
      return { status: 401 };
    }
    if (req.method !== 'POST' && req.method !== 'OPTIONS') {
      return textResponse(405, 'Use POST (or OPTIONS for the CloudEvents handshake).');
    }
    const name = req.url.searchParams.get('functionName');
    const fn = name ? deps.registry.get(name) : undefined;
    if (!fn || fn.kind !== 'eventGrid') {
      return textResponse(404, `No Event Grid function named "${name ?? ''}".`);
    }
    if (req.method === 'OPTIONS') return answerAbuseProtection(req);
    if (isCloudEventsDelivery(req.headers['content-type'])) {
      const events = parseCloudEvents(parseJsonBody(req));
      return events instanceof Error
        ? textResponse(400, events.message)
        : deliver(fn, events, deps);
    }
    const parsed = parseEvents(parseJsonBody(req));
    if (parsed instanceof Error) return textResponse(400, parsed.message);
    const validation = parsed.find((e) => e.eventType === validationEventType);
    if (validation) return answerValidation(validation);
    return deliver(fn, parsed, deps);
  };
}

/** Checks the body against the Event Grid schema; an Error names the first problem. */
export function parseEvents(body: unknown): EventGridEvent[] | Error {
  if (body instanceof Error) return body;
  if (!Array.isArray(body)) return new Error('The body must be a JSON array of Event Grid events.');
  if (body.length === 0) return new Error('The body holds no events.');
  for (const [i, event] of body.entries()) {
    const problem = eventProblem(event);
    if (problem) return new Error(`Event ${i}: ${problem}`);
  }
  return body as EventGridEvent[];
}

const CLOUDEVENTS_TYPES = ['application/cloudevents+json', 'application/cloudevents-batch+json'];

/** Event Grid sends CloudEvents as `application/cloudevents+json; charset=utf-8` (cloud-event-schema.md). */
export function isCloudEventsDelivery(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return CLOUDEVENTS_TYPES.includes(mediaType);
}

/**
 * One CloudEvent (structured mode) or a batch of them; like the Functions Event Grid extension,
 * either body shape is taken whatever the content type says. An Error names the first problem.
 */
export function parseCloudEvents(body: unknown): object[] | Error {
  if (body instanceof Error) return body;
  const events: unknown[] = Array.isArray(body) ? body : [body];
  if (events.length === 0) return new Error('The body holds no events.');
  for (const [i, event] of events.entries()) {
    const problem = cloudEventProblem(event);
    if (problem) return new Error(`CloudEvent ${i}: ${problem}`);
  }
  return events as object[];
}

/** CloudEvents 1.0's required attributes: https://github.com/cloudevents/spec/blob/v1.0/spec.md */
function cloudEventProblem(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'not an object';
  const e = event as Record<string, unknown>;
  if (e.specversion !== '1.0') return '"specversion" must be "1.0"';
  for (const field of ['id', 'source', 'type']) {
    if (typeof e[field] !== 'string' || e[field] === '')
      return `"${field}" must be a non-empty string`;
  }
  return undefined;
}

function eventProblem(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'not an object';
  const e = event as Record<string, unknown>;
  for (const field of ['id', 'eventType', 'eventTime']) {
    if (typeof e[field] !== 'string' || e[field] === '')
      return `"${field}" must be a non-empty string`;
  }
  // Event Grid's own SubscriptionValidationEvent carries an empty subject.
  if (typeof e.subject !== 'string') return '"subject" must be a string';
  if (Number.isNaN(Date.parse(e.eventTime as string))) return '"eventTime" is not a date';
  return undefined;
}

/** Consent to deliveries from the requesting origin, at any rate; no consent without one. */
function answerAbuseProtection(req: HostRequest): HostResponse {
  const origin = req.headers['webhook-request-origin'];
  if (!origin) {
    return textResponse(400, 'An OPTIONS request must carry WebHook-Request-Origin.');
  }
  return {
    status: 200,
    headers: {
      'webhook-allowed-origin': origin,
      'webhook-allowed-rate': req.headers['webhook-request-rate'] ?? '*',
      allow: 'POST, OPTIONS',
    },
  };
}

function answerValidation(event: EventGridEvent): HostResponse {
  const code = (event.data as { validationCode?: unknown } | undefined)?.validationCode;
  if (typeof code !== 'string')
    return textResponse(400, 'The validation event has no data.validationCode.');
  return jsonResponse(200, { validationResponse: code });
}

async function deliver(
  fn: FunctionRegistration,
  events: readonly object[],
  deps: EventGridDeps,
): Promise<HostResponse> {
  let failed = 0;
  for (const event of events) {
    const result = await invoke(fn, event, {
      logger: deps.logger,
      extraInputs: deps.inputsFor(fn),
    });
    if (!result.ok) failed += 1;
  }
  // A 5xx makes Event Grid retry the delivery, which is what a failed invocation should cause.
  if (failed > 0) return textResponse(500, `${failed} of ${events.length} invocations failed.`);
  return { status: 200 };
}
