/**
 * Which environment an Event Grid event concerns. Container group names are deterministic
 * (`ci-<environment>-app-<n>`, `ci-<environment>-dashboard`), so even a delete event, whose group
 * can no longer be read, names its environment. Pure.
 */

import { z } from 'zod';
import { CONTAINER_GROUP_EVENT_TYPES } from '../plan/index.js';

const eventSchema = z.object({
  eventType: z.string(),
  subject: z.string(),
  data: z
    .object({ operationName: z.string().optional(), resourceUri: z.string().optional() })
    .loose()
    .optional(),
});

export interface ContainerGroupChange {
  environment: string;
  containerGroupId: string;
  /** e.g. Microsoft.ContainerInstance/containerGroups/restart/action */
  operation: string;
}

export type EventReading =
  { kind: 'change'; change: ContainerGroupChange } | { kind: 'ignored'; reason: string };

const GROUP_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerInstance\/containerGroups\/([^/]+)$/i;
const GROUP_NAME = /^ci-([a-z][a-z0-9-]{1,18}[a-z0-9])-(app-\d+|dashboard)$/;

export function readEvent(event: unknown): EventReading {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success)
    return {
      kind: 'ignored',
      reason: 'not an Event Grid event (eventType, subject and data are required)',
    };
  const { eventType, subject, data } = parsed.data;
  if (!(CONTAINER_GROUP_EVENT_TYPES as readonly string[]).includes(eventType)) {
    return {
      kind: 'ignored',
      reason: `event type ${eventType} is not a resource write, delete or action`,
    };
  }
  const resourceUri = data?.resourceUri ?? subject;
  const match = GROUP_ID.exec(resourceUri);
  if (!match) return { kind: 'ignored', reason: `${resourceUri} is not a container group` };
  // Stryker disable next-line StringLiteral: GROUP_ID's only group takes part in every match, so the fallback (there for noUncheckedIndexedAccess) never runs.
  const name = GROUP_NAME.exec(match[1] ?? '');
  if (!name)
    return {
      kind: 'ignored',
      reason: `container group ${match[1]} is not managed by aci-vnet-sidecars`,
    };
  return {
    kind: 'change',
    change: {
      // Stryker disable next-line StringLiteral: GROUP_NAME's first group takes part in every match, so the fallback (there for noUncheckedIndexedAccess) never runs.
      environment: name[1] ?? '',
      containerGroupId: resourceUri,
      operation: data?.operationName ?? eventType,
    },
  };
}
