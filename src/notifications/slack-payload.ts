/**
 * A Slack incoming-webhook message: `text` (shown in notifications, and where blocks cannot be)
 * and Block Kit `blocks` ("Sending messages using incoming webhooks",
 * docs.slack.dev/messaging/sending-messages-using-incoming-webhooks). Limits from the block
 * reference (docs.slack.dev/reference/block-kit/blocks): a header's plain text 150 characters, a
 * section's text 3,000, at most 10 fields of 2,000 each. Sources: docs/notifications.md.
 */

import type { EventDescription, NotificationEvent } from './types.js';

const TONE_MARK = { good: '✅', attention: '❌', warning: '🩹' } as const;

/**
 * Slack reads `&`, `<` and `>` as control characters ("Escaping text",
 * docs.slack.dev/messaging/formatting-message-text#escaping, formerly
 * api.slack.com/reference/surfaces/formatting#escaping): escaped in every text the app sends, a
 * message cannot mention `<!channel>` or hide a link.
 */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function slackPayload(event: NotificationEvent, text: EventDescription) {
  const title = slackEscape(`${TONE_MARK[text.tone]} ${text.title}`);
  const summary = slackEscape(text.summary);
  return {
    text: cut(`${title}: ${summary}`, 3_000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: true } },
      { type: 'section', text: { type: 'plain_text', text: cut(summary, 3_000) } },
      ...(text.facts.length > 0
        ? [
            {
              type: 'section',
              fields: text.facts.slice(0, 10).map((f) => ({
                type: 'mrkdwn',
                text: cut(`*${slackEscape(f.title)}*\n${slackEscape(f.value)}`, 2_000),
              })),
            },
          ]
        : []),
      {
        type: 'context',
        elements: [{ type: 'plain_text', text: `aci-vnet-sidecars · ${event.type} · ${event.at}` }],
      },
    ],
  };
}
