import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { notificationPayload, safeText } from '../../../src/notifications/index.js';
import type { NotificationEvent, NotificationFormat } from '../../../src/notifications/index.js';
import { findSecretLikeValues } from '../../../src/plan/index.js';
import {
  ALL_EVENTS,
  AT,
  deploymentFailed,
  deploymentSucceeded,
  environmentHealed,
  SECRET_BITS,
} from './events.js';

const FORMATS: NotificationFormat[] = ['json', 'teams', 'slack'];

function body(event: NotificationEvent, format: NotificationFormat): Record<string, unknown> {
  const result = notificationPayload(event, format);
  assert.ok(result.ok, JSON.stringify(result));
  return result.body as Record<string, unknown>;
}

interface TeamsMessage {
  type: string;
  attachments: {
    contentType: string;
    contentUrl: null;
    content: {
      type: string;
      version: string;
      body: {
        type: string;
        text?: string;
        color?: string;
        facts?: { title: string; value: string }[];
      }[];
    };
  }[];
}

interface SlackMessage {
  text: string;
  blocks: {
    type: string;
    text?: { type: string; text: string };
    fields?: { type: string; text: string }[];
    elements?: { type: string; text: string }[];
  }[];
}

describe('notification payloads', () => {
  test('the JSON payload carries the event type, environment, time, summary and details', () => {
    assert.deepEqual(body(deploymentSucceeded, 'json'), {
      schema: 'aci-vnet-sidecars.notification.v1',
      type: 'deployment.succeeded',
      environment: 'contoso-dev',
      time: AT,
      title: 'Deployment of contoso-dev succeeded',
      summary:
        'contoso-dev is deployed: 15 stages succeeded in 22 min 5 s, serving https://app.contoso.example/.',
      details: deploymentSucceeded.details,
    });
  });

  test('the Teams payload is one Adaptive Card message, as a Workflows webhook takes it', () => {
    const message = body(deploymentFailed, 'teams') as unknown as TeamsMessage;
    assert.equal(message.type, 'message');
    assert.equal(message.attachments.length, 1);
    const [attachment] = message.attachments;
    assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment?.contentUrl, null);
    assert.equal(attachment?.content.type, 'AdaptiveCard');
    assert.equal(attachment?.content.version, '1.4');
    const [title, summary, facts] = attachment?.content.body ?? [];
    assert.deepEqual(
      { type: title?.type, text: title?.text, color: title?.color },
      { type: 'TextBlock', text: 'Deployment of contoso-dev failed', color: 'Attention' },
    );
    assert.match(
      summary?.text ?? '',
      /^Stage database failed \(InvalidSku\): the SKU is not offered here/,
    );
    assert.equal(facts?.type, 'FactSet');
    assert.deepEqual(facts?.facts?.slice(0, 3), [
      { title: 'Environment', value: 'contoso-dev' },
      { title: 'Failed stage', value: 'database' },
      { title: 'Error code', value: 'InvalidSku' },
    ]);
  });

  test('the Slack payload has a fallback text and Block Kit blocks within their limits', () => {
    const message = body(environmentHealed, 'slack') as unknown as SlackMessage;
    assert.match(
      message.text,
      /^🩹 contoso-dev healed: A reconcile \(restart\/action on ci-contoso-dev-app-1\) brought 2 private DNS records and 1 gateway backend pool back/,
    );
    assert.deepEqual(
      message.blocks.map((b) => b.type),
      ['header', 'section', 'section', 'context'],
    );
    assert.equal(message.blocks[0]?.text?.type, 'plain_text');
    assert.ok((message.blocks[0]?.text?.text.length ?? 0) <= 150);
    const fields = message.blocks[2]?.fields ?? [];
    assert.ok(fields.length <= 10);
    assert.deepEqual(
      fields.map((f) => f.text),
      [
        '*Environment*\ncontoso-dev',
        '*Trigger*\nrestart/action on ci-contoso-dev-app-1',
        '*DNS records*\napp-1 192.168.1.4 → 192.168.1.8, app-2 removed (was 192.168.1.5)',
        '*Backend pools*\napp',
      ],
    );
  });

  test('Slack control characters are escaped, so a message can neither mention a channel nor hide a link', () => {
    const event: NotificationEvent = {
      ...deploymentFailed,
      details: {
        ...deploymentFailed.details,
        stage: '<!channel> & <https://evil.example|click>',
        error: { code: 'X', message: 'plain' },
      },
    };
    const text = JSON.stringify(body(event, 'slack'));
    assert.ok(!text.includes('<!channel>'));
    assert.ok(!text.includes('<https://evil'));
    assert.match(text, /&lt;!channel&gt; &amp; &lt;https:\/\/evil\.example\|click&gt;/);
  });

  for (const format of FORMATS)
    test(`${format}: no secret leaves, even when an error message quotes one`, () => {
      const text = JSON.stringify(body(deploymentFailed, format));
      for (const [what, secret] of Object.entries(SECRET_BITS))
        assert.ok(!text.includes(secret), `${what} reached the ${format} payload`);
      assert.deepEqual(findSecretLikeValues(JSON.parse(text)), []);
      assert.match(text, /the SKU is not offered here/, 'what failed is still said');
      assert.match(text, /st\.blob\.core\.windows\.net\/c\/b\?\[query withheld\]/);
    });

  for (const format of FORMATS)
    test(`${format}: every event type gives a payload that scans clean and fits a Teams message (28 KB)`, () => {
      for (const event of ALL_EVENTS) {
        const payload = body(event, format);
        assert.deepEqual(findSecretLikeValues(payload), [], event.type);
        assert.ok(Buffer.byteLength(JSON.stringify(payload)) < 28 * 1024, event.type);
        assert.match(JSON.stringify(payload), /contoso-dev/);
      }
    });

  test('long lists are cut with "and N more", long texts at 1,000 characters', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({
      name: `app-${i}`,
      to: `192.168.1.${i}`,
    }));
    const event: NotificationEvent = {
      ...environmentHealed,
      details: { trigger: 'restart '.repeat(700), records, pools: ['app'] },
    };
    const json = body(event, 'json') as { details: { trigger: string } };
    assert.equal(json.details.trigger.length, 1_000);
    const slack = body(event, 'slack') as unknown as SlackMessage;
    const recordsField = slack.blocks[2]?.fields?.find((f) => f.text.startsWith('*DNS records*'));
    assert.match(recordsField?.text ?? '', /app-9 → 192\.168\.1\.9 and 20 more$/);
    for (const field of slack.blocks[2]?.fields ?? []) assert.ok(field.text.length <= 2_000);
    assert.ok((slack.blocks[1]?.text?.text.length ?? 0) <= 3_000);
  });
});

describe('safeText', () => {
  test('keeps an ordinary message as it is', () => {
    const message =
      "stage verify waited 15 minutes: the gateway's probes find app-1 192.168.1.8 Unhealthy";
    assert.equal(safeText(message), message);
  });

  test('cuts out credentials and key material but keeps what names them', () => {
    assert.equal(
      safeText('GET https://kv.vault.azure.net/secrets/x?api-version=7.5&code=abc failed'),
      'GET https://kv.vault.azure.net/secrets/x?[query withheld] failed',
    );
    assert.equal(safeText('connect with Password=p4ss;'), 'connect with Password [withheld];');
    assert.equal(safeText(`pfx ${'A'.repeat(400)}`), 'pfx [encoded data withheld]');
    assert.equal(
      safeText('amqps://user:pa55@bus.example/q'),
      'amqps://[credentials withheld]@bus.example/q',
    );
  });

  test('withholds a text the secret scanner still objects to once redacted', () => {
    // A credential split across base64: no pattern above cuts it, the scanner decodes and finds it.
    const encoded = Buffer.from('Server=x;Password=hunter2').toString('base64');
    const text = safeText(`value ${encoded}`);
    assert.match(text, /^\[withheld: it looked like it held a connection string with a credential/);
    assert.ok(!text.includes(encoded));
  });
});
