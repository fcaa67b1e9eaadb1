/**
 * A Microsoft Teams message holding one Adaptive Card, as a Teams Workflows webhook ("When a
 * Teams webhook request is received", Power Automate) and the classic incoming webhook both take
 * it: `type` "message", one attachment of content type `application/vnd.microsoft.card.adaptive`
 * whose `content` is the card ("Send Adaptive Cards using an incoming webhook",
 * learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
 * Workflows take Adaptive Cards only, not the connectors' MessageCard (same page, "Known issues").
 * Version 1.4: every Teams client renders it, desktop and mobile. Sources: docs/notifications.md.
 */

import type { EventDescription, NotificationEvent } from './types.js';

const TONE_COLOR = { good: 'Good', attention: 'Attention', warning: 'Warning' } as const;

export function teamsPayload(event: NotificationEvent, text: EventDescription) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          // Teams' own extension: the card takes the message's full width.
          msteams: { width: 'Full' },
          body: [
            {
              type: 'TextBlock',
              text: text.title,
              size: 'Large',
              weight: 'Bolder',
              color: TONE_COLOR[text.tone],
              wrap: true,
            },
            { type: 'TextBlock', text: text.summary, wrap: true },
            { type: 'FactSet', facts: text.facts },
            {
              type: 'TextBlock',
              text: `aci-vnet-sidecars · ${event.type} · ${event.at}`,
              size: 'Small',
              isSubtle: true,
              wrap: true,
            },
          ],
        },
      },
    ],
  };
}
