/**
 * Which environment an Event Grid event concerns. Container group names are deterministic
 * (`ci-<environment>-app-<n>`, `ci-<environment>-dashboard`), so even a delete event, whose group
 * can no longer be read, names its environment. Pure; reads both delivery schemas
 * (events-envelope.ts).
 */

import type { KnownSystemEventTypes, SystemEventNameToEventData } from '@azure/eventgrid';
import { z } from 'zod';
import { CONTAINER_GROUP_EVENT_TYPES } from '../plan/index.js';
import { openEvent } from './events-envelope.js';

type ContainerGroupEventType = (typeof CONTAINER_GROUP_EVENT_TYPES)[number];
// The planned event types are system event types @azure/eventgrid knows; a typo fails to compile.
CONTAINER_GROUP_EVENT_TYPES satisfies readonly KnownSystemEventTypes[];

/**
 * The part of the SDK's ResourceWrite/Delete/ActionSuccessEventData this reader relies on, all
 * optional: the SDK types `httpRequest` as always there, but Azure includes it "only when updating
 * an existing resource or deleting a resource" (event-schema-resource-groups.md), and a reader of
 * events from the outside world checks every field it reads.
 */
type ResourceEventData = Partial<
  Pick<SystemEventNameToEventData[ContainerGroupEventType], 'resourceUri' | 'operationName'>
>;
const dataSchema = z
  .object({ resourceUri: z.string().optional(), operationName: z.string().optional() })
  .loose() satisfies z.ZodType<ResourceEventData>;

export interface ContainerGroupChange {
  environment: string;
  containerGroupId: string;
  /** Where the group lives, as its resource id says: checked against the environment's spec. */
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. Microsoft.ContainerInstance/containerGroups/restart/action */
  operation: string;
}

/** `malformed` events are dropped; `ignored` ones are well-formed events this app has no use for. */
export type EventReading =
  | { kind: 'change'; change: ContainerGroupChange }
  | { kind: 'ignored'; reason: string }
  | { kind: 'malformed'; reason: string };

/** ARM ids are case-insensitive; Event Grid writes `resourcegroups` (event-schema-resource-groups.md). */
const GROUP_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerInstance\/containerGroups\/([^/]+)$/i;
const GROUP_NAME = /^ci-([a-z][a-z0-9-]{1,18}[a-z0-9])-(app-\d+|dashboard)$/;

function isContainerGroupEventType(type: string): type is ContainerGroupEventType {
  return (CONTAINER_GROUP_EVENT_TYPES as readonly string[]).includes(type);
}

export function readEvent(event: unknown): EventReading {
  const opened = openEvent(event);
  if (!opened.ok) return { kind: 'malformed', reason: opened.reason };
  const { type, subject } = opened.envelope;
  if (!isContainerGroupEventType(type)) {
    return {
      kind: 'ignored',
      reason: `event type ${type} is not a resource write, delete or action`,
    };
  }
  const data = dataSchema.safeParse(opened.envelope.data ?? {});
  if (!data.success) {
    return { kind: 'malformed', reason: 'data.resourceUri and data.operationName must be strings' };
  }
  const resourceUri = data.data.resourceUri ?? subject;
  if (resourceUri === undefined) {
    return { kind: 'malformed', reason: 'the event names no resource (subject, data.resourceUri)' };
  }
  const match = GROUP_ID.exec(resourceUri);
  if (!match) return { kind: 'ignored', reason: `${resourceUri} is not a container group` };
  // Stryker disable next-line StringLiteral: GROUP_ID's groups take part in every match, so the fallbacks (there for noUncheckedIndexedAccess) never run.
  const [, subscriptionId = '', resourceGroup = '', groupName = ''] = match;
  // Container group names are lower-case (ACI's naming rule); ARM answers to any case of them.
  const name = GROUP_NAME.exec(groupName.toLowerCase());
  if (!name)
    return {
      kind: 'ignored',
      reason: `container group ${groupName} is not managed by aci-vnet-sidecars`,
    };
  return {
    kind: 'change',
    change: {
      // Stryker disable next-line StringLiteral: GROUP_NAME's first group takes part in every match, so the fallback (there for noUncheckedIndexedAccess) never runs.
      environment: name[1] ?? '',
      containerGroupId: resourceUri,
      subscriptionId,
      resourceGroup,
      operation: data.data.operationName ?? type,
    },
  };
}
