// Which Event Grid subscriptions see events about a resource: subscriptions of a system topic whose
// source is the resource's group (or subscription), and event subscriptions scoped to the group.
import { key, resourceGroupOf } from '../../arm/resource-id.js';
import { getResource, properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import type { ArmResource } from '../../core/model.js';

export interface SubscriptionFilter {
  includedEventTypes?: string[];
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  isSubjectCaseSensitive?: boolean;
}

export interface SubscriptionTarget {
  id: string;
  endpointUrl: string;
  filter: SubscriptionFilter;
  maxDeliveryAttempts: number;
}

export function webhookUrl(subscription: ArmResource): string | undefined {
  const destination = properties(subscription).destination as
    { endpointType?: string; properties?: { endpointUrl?: string } } | undefined;
  return destination?.properties?.endpointUrl;
}

function target(subscription: ArmResource): SubscriptionTarget | undefined {
  const props = properties(subscription);
  const url = webhookUrl(subscription);
  if (!url || props.provisioningState !== 'Succeeded') return undefined;
  const retry = props.retryPolicy as { maxDeliveryAttempts?: number } | undefined;
  return {
    id: subscription.id,
    endpointUrl: url,
    filter: (props.filter as SubscriptionFilter | undefined) ?? {},
    maxDeliveryAttempts: retry?.maxDeliveryAttempts ?? 30,
  };
}

function scopeOf(ctx: EmulatorContext, subscription: ArmResource): string | undefined {
  const lower = key(subscription.type);
  if (lower === 'microsoft.eventgrid/eventsubscriptions') {
    return subscription.id.split(/\/providers\/Microsoft\.EventGrid\/eventSubscriptions\//i)[0];
  }
  const topicId = subscription.id.split(/\/eventSubscriptions\//i)[0] ?? '';
  const topic = getResource(ctx, topicId);
  const source = topic ? properties(topic).source : undefined;
  return typeof source === 'string' ? source : undefined;
}

export function subscriptionsFor(ctx: EmulatorContext, resourceId: string): SubscriptionTarget[] {
  const group = resourceGroupOf(resourceId);
  if (!group) return [];
  const resource = key(resourceId);
  return [...ctx.state.resources.values()]
    .filter((r) => /^microsoft\.eventgrid\/(systemtopics\/)?eventsubscriptions$/.test(key(r.type)))
    .filter((r) => {
      const scope = scopeOf(ctx, r);
      return (
        scope !== undefined && (resource === key(scope) || resource.startsWith(key(scope) + '/'))
      );
    })
    .map(target)
    .filter((t): t is SubscriptionTarget => t !== undefined);
}
