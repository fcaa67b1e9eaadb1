// The app's own notification JSON, for any receiver that reads JSON (a Logic App, a function, a queue bridge).
import type { EventDescription, NotificationEvent } from './types.js';

/** Versioned so that a receiver can tell this shape from a later one. */
export const JSON_SCHEMA = 'aci-vnet-sidecars.notification.v1';

export interface JsonNotification {
  schema: typeof JSON_SCHEMA;
  /** `deployment.succeeded`, `deployment.failed`, `certificate.renewed`, `certificate.renewal-failed`, `environment.healed`. */
  type: NotificationEvent['type'];
  environment: string;
  time: string;
  title: string;
  summary: string;
  /** The event's own fields (docs/notifications.md lists them per type). */
  details: NotificationEvent['details'];
}

export function jsonPayload(event: NotificationEvent, text: EventDescription): JsonNotification {
  return {
    schema: JSON_SCHEMA,
    type: event.type,
    environment: event.environment,
    time: event.at,
    title: text.title,
    summary: text.summary,
    details: event.details,
  };
}
