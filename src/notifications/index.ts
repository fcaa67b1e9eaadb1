// Notifications: what the workflows announce, in which formats, and how it is sent.
export { notify } from './notify.js';
export { notifyActivity, sendNotification } from './notify.activity.js';
export type { NotifyInput, NotifyResult } from './notify.activity.js';
export { notificationPayload } from './payload.js';
export { safeText } from './redact.js';
export { WebhookTarget, webhookTarget } from './webhook-target.js';
export {
  notifySettings,
  readWebhookTarget,
  WEBHOOK_SECRET_SETTING,
  type NotifySettings,
  type ReadSecret,
  type WebhookSecret,
} from './webhook-secret.js';
export type * from './types.js';
