// Event Grid for resource-group system topics and resource-group event subscriptions: ARM writes,
// deletes and actions become `Microsoft.Resources.Resource*Success` events, filtered by each
// subscription's `includedEventTypes` and subject filters and queued for delivery with Event
// Grid's retry schedule (https://learn.microsoft.com/azure/event-grid/delivery-and-retry).
import { key, resourceGroupOf } from '../../arm/resource-id.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource, Delivery, EventGridEvent, ResourceEventSpec } from '../../core/model.js';
import { subscriptionsFor, type SubscriptionTarget } from './subscription-targets.js';

const RETRY_SCHEDULE_MS = [10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000];
const NO_RETRY = new Set([400, 401, 403, 413]);

const EVENT_TYPES: Record<ResourceEventSpec['kind'], string> = {
  Write: 'Microsoft.Resources.ResourceWriteSuccess',
  Delete: 'Microsoft.Resources.ResourceDeleteSuccess',
  Action: 'Microsoft.Resources.ResourceActionSuccess',
};

function matches(target: SubscriptionTarget, eventType: string, subject: string): boolean {
  const f = target.filter;
  if (
    f.includedEventTypes?.length &&
    !f.includedEventTypes.some((t) => t.toLowerCase() === eventType.toLowerCase())
  ) {
    return false;
  }
  const cs = f.isSubjectCaseSensitive === true;
  const norm = (s: string) => (cs ? s : s.toLowerCase());
  if (f.subjectBeginsWith && !norm(subject).startsWith(norm(f.subjectBeginsWith))) return false;
  if (f.subjectEndsWith && !norm(subject).endsWith(norm(f.subjectEndsWith))) return false;
  return true;
}

function resourceEvent(
  ctx: EmulatorContext,
  spec: ResourceEventSpec,
  eventType: string,
): EventGridEvent {
  const scope = resourceGroupOf(spec.resourceId);
  const provider = spec.operationName.split('/')[0] ?? '';
  return {
    id: ctx.newId(),
    topic: scope
      ? `/subscriptions/${scope.subscription}/resourceGroups/${scope.resourceGroup}`
      : '',
    subject: spec.resourceId,
    eventType,
    eventTime: new Date(ctx.clock.now()).toISOString(),
    dataVersion: '2',
    metadataVersion: '1',
    data: {
      authorization: {
        scope: spec.resourceId,
        action: spec.operationName,
        evidence: { role: 'Contributor' },
      },
      claims: {},
      correlationId: ctx.newId(),
      httpRequest: {
        clientRequestId: ctx.newId(),
        clientIpAddress: '127.0.0.1',
        method: 'PUT',
        url: spec.resourceId,
      },
      resourceProvider: provider,
      resourceUri: spec.resourceId,
      operationName: spec.operationName,
      status: 'Succeeded',
      subscriptionId: scope?.subscription ?? '',
      tenantId: ctx.config.tenantId,
    },
  };
}

export function queueResourceEvent(ctx: EmulatorContext, spec: ResourceEventSpec): void {
  const eventType = EVENT_TYPES[spec.kind];
  const now = ctx.clock.now();
  for (const target of subscriptionsFor(ctx, spec.resourceId)) {
    if (!matches(target, eventType, spec.resourceId)) continue;
    ctx.state.deliveries.push({
      subscriptionId: target.id,
      endpointUrl: target.endpointUrl,
      events: [resourceEvent(ctx, spec, eventType)],
      kind: 'Notification',
      attempts: 0,
      dueAt: now,
      maxAttempts: target.maxDeliveryAttempts,
    });
  }
}

/** Queues the validation handshake for a new webhook subscription. */
export function queueValidation(
  ctx: EmulatorContext,
  subscription: ArmResource,
  endpointUrl: string,
  done: (ok: boolean) => void,
): void {
  const code = ctx.newId();
  ctx.state.deliveries.push({
    subscriptionId: subscription.id,
    endpointUrl,
    kind: 'SubscriptionValidation',
    attempts: 0,
    dueAt: ctx.clock.now(),
    maxAttempts: 1,
    onValidated: done,
    events: [
      {
        id: ctx.newId(),
        topic: subscription.id.split('/providers/Microsoft.EventGrid')[0] ?? '',
        subject: '',
        eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
        eventTime: new Date(ctx.clock.now()).toISOString(),
        data: {
          validationCode: code,
          validationUrl: `${ctx.config.armOrigin}/_emulator/eventgrid/validate/${code}`,
        },
        dataVersion: '2',
        metadataVersion: '1',
      },
    ],
  });
}

/** Records a delivery attempt's outcome (HTTP status or error text) and schedules a retry. */
export function deliveryFinished(
  ctx: EmulatorContext,
  delivery: Delivery,
  outcome: number | string,
): void {
  delivery.attempts += 1;
  delivery.inFlight = false;
  ctx.state.deliveries = ctx.state.deliveries.filter((d) => d !== delivery);
  const first = delivery.events[0];
  ctx.state.deliveryLog.push({
    endpointUrl: delivery.endpointUrl,
    eventType: first?.eventType ?? '',
    subject: first?.subject ?? '',
    status: outcome,
    attempt: delivery.attempts,
  });
  const ok = typeof outcome === 'number' && outcome >= 200 && outcome < 300;
  if (delivery.kind === 'SubscriptionValidation') return delivery.onValidated?.(ok);
  if (ok || (typeof outcome === 'number' && NO_RETRY.has(outcome))) return;
  if (delivery.attempts >= delivery.maxAttempts) return;
  if (!ctx.state.resources.has(key(delivery.subscriptionId))) return;
  const wait =
    RETRY_SCHEDULE_MS[Math.min(delivery.attempts - 1, RETRY_SCHEDULE_MS.length - 1)] ?? 0;
  delivery.dueAt = ctx.clock.now() + wait * ctx.config.timeScale;
  ctx.state.deliveries.push(delivery);
}
