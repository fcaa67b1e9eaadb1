// Microsoft.EventGrid event subscriptions (webhook destinations), of a system topic or scoped to a
// resource group (system topics themselves: system-topics.ts). Creating a subscription runs the
// validation handshake before it succeeds. Webhooks must be loopback.
import type { TypeBehaviour } from '../../arm/behaviour.js';
import { ArmError } from '../../arm/errors.js';
import { properties } from '../../arm/resource-store.js';
import type { EmulatorContext } from '../../core/context.js';
import { isLoopbackUrl } from '../../core/loopback.js';
import type { ArmResource } from '../../core/model.js';
import { queueValidation } from './delivery.js';
import { webhookUrl } from './subscription-targets.js';
import { latencyOf } from '../../arm/latencies.js';

function checkDestination(subscription: ArmResource): void {
  const destination = properties(subscription).destination as { endpointType?: string } | undefined;
  if (destination?.endpointType !== 'WebHook') {
    throw new ArmError(
      400,
      'InvalidRequest',
      'The emulator delivers to WebHook destinations only (destination.endpointType).',
    );
  }
  const url = webhookUrl(subscription);
  if (!url || !isLoopbackUrl(url)) {
    throw new ArmError(
      400,
      'InvalidRequest',
      `Invalid destination endpoint URL '${url ?? ''}': the emulator only delivers to loopback webhooks (127.0.0.0/8, ::1, localhost).`,
    );
  }
}

function provision(
  ctx: EmulatorContext,
  subscription: ArmResource,
  done: (error?: { code: string; message: string }) => void,
): void {
  const url = webhookUrl(subscription) ?? '';
  queueValidation(ctx, subscription, url, (ok) =>
    done(
      ok
        ? undefined
        : {
            code: 'Url validation',
            message: `Webhook validation handshake failed for ${url.split('?')[0]}.`,
          },
    ),
  );
}

const eventSubscriptionBehaviour = {
  latency: latencyOf('Microsoft.EventGrid/eventSubscriptions'),
  tracked: false,
  prepare: (_ctx: EmulatorContext, subscription: ArmResource) => checkDestination(subscription),
  provision,
};

export const systemTopicSubscriptions: TypeBehaviour = {
  type: 'Microsoft.EventGrid/systemTopics/eventSubscriptions',
  ...eventSubscriptionBehaviour,
};

export const eventSubscriptions: TypeBehaviour = {
  type: 'Microsoft.EventGrid/eventSubscriptions',
  ...eventSubscriptionBehaviour,
};
