/**
 * Where notifications go. A Slack or Teams webhook URL is a bearer credential (whoever has it can
 * post to the channel: Slack's URL embeds a token, a Teams Workflows URL carries a `sig`), so the
 * URL is held privately here: serialising, printing or inspecting the target shows only its host
 * and format. Only the sender asks for the URL itself (`secretUrl`). The URL is read from Key
 * Vault when a notification is sent (webhook-secret.ts), never from an app setting.
 */

import { inspect } from 'node:util';
import type { NotificationFormat } from './types.js';

export class WebhookTarget {
  readonly #url: string;
  /** Safe to log: the host carries no token. */
  readonly host: string;
  readonly format: NotificationFormat;

  constructor(url: URL, format: NotificationFormat) {
    this.#url = url.href;
    this.host = url.host;
    this.format = format;
  }

  /** The URL with its token, for the HTTP request only: never log it or put it in an error. */
  secretUrl(): string {
    return this.#url;
  }

  toString(): string {
    return `${this.format} webhook on ${this.host}`;
  }

  toJSON(): { host: string; format: NotificationFormat } {
    return { host: this.host, format: this.format };
  }

  [inspect.custom](): string {
    return `WebhookTarget(${this.toString()})`;
  }
}

export type TargetResult = { ok: true; target: WebhookTarget } | { ok: false; problem: string };

/** Locally every connection stays on this machine: 127.0.0.0/8, [::1] or localhost. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * The target of a webhook URL (the value of the Key Vault secret), or what is wrong with it,
 * described without quoting it: the URL is the credential. In Azure only https; locally (`cloud`
 * local) only loopback, so that tests and `npm start` never reach beyond this machine.
 */
export function webhookTarget(
  value: string,
  format: NotificationFormat,
  cloud: 'azure' | 'local',
): TargetResult {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { ok: false, problem: 'it is not a URL' };
  }
  if (url.username || url.password)
    return { ok: false, problem: 'it carries a user name or password' };
  if (cloud === 'local') {
    if (!isLoopback(url.hostname) || !['http:', 'https:'].includes(url.protocol))
      return {
        ok: false,
        problem:
          'it must be an http:// or https:// URL on 127.0.0.1, [::1] or localhost when ACI_VNET_SIDECARS_CLOUD is local',
      };
  } else if (url.protocol !== 'https:') {
    return { ok: false, problem: 'it must be an https:// URL' };
  }
  return { ok: true, target: new WebhookTarget(url, format) };
}
