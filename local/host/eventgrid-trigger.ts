// Event Grid webhook: POST /runtime/webhooks/eventgrid?functionName=NAME with an array of events in
// the Event Grid schema. A SubscriptionValidationEvent is answered with `validationResponse`; every
// other event invokes the function once. Malformed bodies get a 400 saying what is wrong.
// https://learn.microsoft.com/azure/event-grid/event-schema
// https://learn.microsoft.com/azure/event-grid/webhook-event-delivery
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
    if (req.method !== 'POST') return textResponse(405, 'Use POST.');
    const name = req.url.searchParams.get('functionName');
    const fn = name ? deps.registry.get(name) : undefined;
    if (!fn || fn.kind !== 'eventGrid') {
      return textResponse(404, `No Event Grid function named "${name ?? ''}".`);
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

function answerValidation(event: EventGridEvent): HostResponse {
  const code = (event.data as { validationCode?: unknown } | undefined)?.validationCode;
  if (typeof code !== 'string')
    return textResponse(400, 'The validation event has no data.validationCode.');
  return jsonResponse(200, { validationResponse: code });
}

async function deliver(
  fn: FunctionRegistration,
  events: EventGridEvent[],
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
