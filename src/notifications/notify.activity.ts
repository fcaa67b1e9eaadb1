// The notification activity: builds the payload in the configured format and delivers it.
import { NOTIFY_RETRY, notifyDelivery } from '../retry-policies.js';
import type { AppServices } from '../services.js';
import { defineActivity } from '../workflows/activity.js';
import { deliver, fetchPost, type Post } from './deliver.js';
import { notificationPayload } from './payload.js';
import type { NotificationEvent } from './types.js';
import { readWebhookTarget, type ReadSecret } from './webhook-secret.js';

export interface NotifyInput {
  event: NotificationEvent;
}

export interface NotifyResult {
  sent: boolean;
  /** One line, naming the receiver by host only. */
  message: string;
}

/**
 * Announces one event to the webhook whose URL is in the Key Vault secret that
 * ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET names, if it names one. The secret is read now, with
 * the app's own identity (webhook-secret.ts), so its current version is used. Every outcome is a
 * value and is logged with the receiver's host or the secret's id, never the URL: a notification
 * that could not be sent is worth a log line, not a failed workflow.
 */
export async function sendNotification(
  services: AppServices,
  event: NotificationEvent,
  post: Post = fetchPost,
): Promise<NotifyResult> {
  const notify = services.settings.notifications;
  if (!notify) return { sent: false, message: 'notifications are off' };
  const what = `notification ${event.type} of ${event.environment}`;
  const log = (line: string) => services.log(`${what}: ${line}`);
  const readSecret: ReadSecret = (vaultUrl, name) =>
    services.vault(vaultUrl).getSecretVersion(name);
  const read = await readWebhookTarget(
    readSecret,
    notify,
    services.settings.cloud,
    services.settings.principalId,
  );
  if (!read.ok) {
    log(`not sent: ${read.message}`);
    return { sent: false, message: read.message };
  }
  const target = read.target;
  try {
    const payload = notificationPayload(event, target.format);
    if (!payload.ok) {
      log(`not sent: ${payload.reason}`);
      return { sent: false, message: payload.reason };
    }
    const report = await deliver(
      target,
      payload.body,
      notifyDelivery(services.settings.pollIntervalMs),
      {
        post,
        sleep: services.sleep,
        now: () => services.now().getTime(),
        log,
      },
    );
    log(report.message);
    return { sent: report.delivered, message: report.message };
  } catch (error) {
    // Only a bug or the activity's own deadline gets here; its text is not logged, as it could
    // quote what was being sent.
    const message = `not delivered to ${target.host}: ${error instanceof Error ? error.name : 'unexpected failure'}`;
    log(message);
    return { sent: false, message };
  }
}

/** The activity every workflow calls to announce what it did (src/notifications/notify.ts). */
export const notifyActivity = defineActivity<NotifyInput, NotifyResult>({
  name: 'notify',
  retry: NOTIFY_RETRY,
  run: (services, input) => sendNotification(services, input.event),
});
