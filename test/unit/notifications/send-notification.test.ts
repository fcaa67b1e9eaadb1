// The notify activity's handler: off without a secret, the webhook URL read from Key Vault at each
// send, one log line naming the host (or the secret's id and the fix), never a throw.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AzureConnection } from '../../../src/azure/connection.js';
import type { Vault, VaultSecret } from '../../../src/azure/key-vault.js';
import { AppError } from '../../../src/errors.js';
import type { Post } from '../../../src/notifications/deliver.js';
import { sendNotification } from '../../../src/notifications/index.js';
import { createAppServices } from '../../../src/services.js';
import { readSettings } from '../../../src/settings.js';
import { deploymentFailed, SECRET_BITS } from './events.js';

const TOKEN = 'workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=1&sig=S3cr3tS1gnature';
const WEBHOOK = `https://prod-00.westeurope.logic.azure.com/${TOKEN}`;
const SECRET_ID = 'https://kv-contoso-ops.vault.azure.net/secrets/notify-webhook';
const PRINCIPAL = '11111111-2222-4333-8444-555555555555';

const TEAMS = {
  ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: SECRET_ID,
  ACI_VNET_SIDECARS_NOTIFY_FORMAT: 'teams',
  ACI_VNET_SIDECARS_PRINCIPAL_ID: PRINCIPAL,
};

/** What the fake vault answers for the secret: its value, absent, or a failure. */
type Answer = { value: string; enabled?: boolean } | 'absent' | Error;

function services(env: Record<string, string>, logs: string[], answer: () => Answer) {
  const read = readSettings(env);
  assert.ok(read.ok, JSON.stringify(read));
  const app = createAppServices(read.settings, {} as AzureConnection, (l) => logs.push(l));
  const reads: string[] = [];
  const vault = (url: string): Vault =>
    ({
      url,
      getSecretVersion: (name: string): Promise<VaultSecret | undefined> => {
        reads.push(`${url} ${name}`);
        const a = answer();
        if (a instanceof Error) return Promise.reject(a);
        if (a === 'absent') return Promise.resolve(undefined);
        return Promise.resolve({
          value: a.value,
          version: 'v1',
          contentType: undefined,
          enabled: a.enabled ?? true,
        });
      },
    }) as unknown as Vault;
  return { services: { ...app, vault, sleep: () => Promise.resolve() }, reads };
}

function recordingPost(posts: string[], answers: number[] = []): Post {
  return (url) => {
    posts.push(url);
    return Promise.resolve({ status: answers.shift() ?? 200 });
  };
}

function assertNoUrl(texts: string[]) {
  for (const text of texts) {
    assert.ok(!text.includes('S3cr3tS1gnature') && !text.includes('/workflows/'), text);
    for (const secret of Object.values(SECRET_BITS)) assert.ok(!text.includes(secret), text);
  }
}

describe('the notify activity', () => {
  test('does nothing without a secret, and reads no vault', async () => {
    const logs: string[] = [];
    const posts: string[] = [];
    const { services: s, reads } = services({}, logs, () => ({ value: WEBHOOK }));
    const result = await sendNotification(s, deploymentFailed, recordingPost(posts));
    assert.deepEqual(result, { sent: false, message: 'notifications are off' });
    assert.deepEqual([posts, logs, reads], [[], [], []]);
  });

  test('reads the URL from the secret, posts the payload there and logs only the host', async () => {
    const logs: string[] = [];
    const bodies: string[] = [];
    const { services: s, reads } = services(TEAMS, logs, () => ({ value: WEBHOOK }));
    const post: Post = (url, body) => {
      assert.equal(url, WEBHOOK);
      bodies.push(body);
      return Promise.resolve(bodies.length === 1 ? { status: 502 } : { status: 202 });
    };
    const result = await sendNotification(s, deploymentFailed, post);
    assert.deepEqual(result, {
      sent: true,
      message: 'delivered to prod-00.westeurope.logic.azure.com (2 attempts)',
    });
    assert.deepEqual(reads, ['https://kv-contoso-ops.vault.azure.net notify-webhook']);
    assert.equal(bodies.length, 2);
    assert.equal((JSON.parse(bodies[0]!) as { type: string }).type, 'message');
    assert.deepEqual(logs, [
      'notification deployment.failed of contoso-dev: prod-00.westeurope.logic.azure.com: server error (502); retrying in 2000 ms (attempt 2)',
      'notification deployment.failed of contoso-dev: delivered to prod-00.westeurope.logic.azure.com (2 attempts)',
    ]);
    assertNoUrl([...logs, ...bodies, JSON.stringify(result)]);
  });

  test('reads the secret at each send: a rotated webhook is used without a restart', async () => {
    const logs: string[] = [];
    const posts: string[] = [];
    let value = WEBHOOK;
    const { services: s, reads } = services(TEAMS, logs, () => ({ value }));
    await sendNotification(s, deploymentFailed, recordingPost(posts));
    value = 'https://prod-01.westeurope.logic.azure.com/workflows/rotated?sig=N3wS1gnature';
    await sendNotification(s, deploymentFailed, recordingPost(posts));
    assert.deepEqual(posts, [WEBHOOK, value]);
    assert.equal(reads.length, 2);
  });

  test('a secret the app may not read: one line naming the secret and the role to grant, no post', async () => {
    const logs: string[] = [];
    const posts: string[] = [];
    const forbidden = new AppError(
      'forbidden',
      'VaultForbidden',
      'GET secret notify-webhook: Caller is not authorized to perform action on resource (HTTP 403 Forbidden)',
    );
    const { services: s } = services(TEAMS, logs, () => forbidden);
    const result = await sendNotification(s, deploymentFailed, recordingPost(posts));
    const line =
      `notification deployment.failed of contoso-dev: not sent: cannot read the webhook URL from Key Vault secret ${SECRET_ID} (HTTP 403 Forbidden): ` +
      `grant this app's identity "Key Vault Secrets User" on that secret, az role assignment create --assignee-object-id ${PRINCIPAL} ` +
      '--assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope "$(az keyvault show --name kv-contoso-ops --query id -o tsv)/secrets/notify-webhook" ' +
      "(a new role assignment can take up to 10 minutes to apply), and check that the vault lets this app's network in";
    assert.deepEqual(logs, [line]);
    assert.equal(result.sent, false);
    assert.equal(
      `notification deployment.failed of contoso-dev: not sent: ${result.message}`,
      line,
    );
    assert.deepEqual(posts, []);
  });

  test('an absent or disabled secret, or a failed read: a line naming the secret and what to do', async () => {
    const cases: [Answer, RegExp][] = [
      [
        'absent',
        /not sent: Key Vault secret https:\/\/kv-contoso-ops\.vault\.azure\.net\/secrets\/notify-webhook does not exist: create it holding the webhook URL, az keyvault secret set --vault-name kv-contoso-ops --name notify-webhook --file <file holding the URL>$/,
      ],
      [
        { value: WEBHOOK, enabled: false },
        /not sent: Key Vault secret https:\/\/kv-contoso-ops\.vault\.azure\.net\/secrets\/notify-webhook is disabled: enable it, or az keyvault secret set/,
      ],
      [
        new AppError(
          'transient',
          'ServiceUnavailable',
          `GET secret notify-webhook: ${WEBHOOK} (HTTP 503 ServiceUnavailable)`,
        ),
        /not sent: cannot read the webhook URL from Key Vault secret \S+notify-webhook \(HTTP 503 ServiceUnavailable\); the next notification tries again$/,
      ],
      [
        new TypeError(`fetch failed: ${WEBHOOK}`),
        /not sent: cannot read the webhook URL from Key Vault secret \S+notify-webhook \(unexpected\/Unexpected\); the next notification tries again$/,
      ],
    ];
    for (const [answer, expected] of cases) {
      const logs: string[] = [];
      const posts: string[] = [];
      const { services: s } = services(TEAMS, logs, () => answer);
      const result = await sendNotification(s, deploymentFailed, recordingPost(posts));
      assert.equal(result.sent, false);
      assert.equal(logs.length, 1, logs.join('\n'));
      assert.match(logs[0] ?? '', expected);
      assert.deepEqual(posts, []);
      assertNoUrl([...logs, result.message]);
    }
  });

  test('a secret whose value is no webhook URL this app may use is refused without quoting it', async () => {
    for (const [env, value, problem] of [
      [TEAMS, `http://prod-00.westeurope.logic.azure.com/${TOKEN}`, 'it must be an https:// URL'],
      [TEAMS, `not a url ${TOKEN}`, 'it is not a URL'],
      [
        TEAMS,
        `https://user:S3cr3tS1gnature@hooks.example/workflows/x`,
        'it carries a user name or password',
      ],
      [
        {
          ACI_VNET_SIDECARS_CLOUD: 'local',
          ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
          ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: 'https://127.0.0.1:50123/secrets/notify-webhook',
        },
        WEBHOOK,
        'it must be an http:// or https:// URL on 127.0.0.1, [::1] or localhost when ACI_VNET_SIDECARS_CLOUD is local',
      ],
    ] as const) {
      const logs: string[] = [];
      const posts: string[] = [];
      const { services: s } = services(env, logs, () => ({ value }));
      const result = await sendNotification(s, deploymentFailed, recordingPost(posts));
      assert.equal(result.sent, false);
      assert.ok(
        result.message.includes(
          `is not a webhook URL this app may use: ${problem} (the value is not shown: a webhook URL holds its token); set a new version, az keyvault secret set`,
        ),
        result.message,
      );
      assert.deepEqual(posts, []);
      assertNoUrl([...logs, result.message]);
    }
  });

  test('answers a failure as a value: a post that throws does not fail the activity', async () => {
    const logs: string[] = [];
    const post: Post = () => Promise.reject(new TypeError(`fetch failed for ${TOKEN}`));
    const { services: s } = services(TEAMS, logs, () => ({ value: WEBHOOK }));
    const result = await sendNotification(s, deploymentFailed, post);
    assert.deepEqual(result, {
      sent: false,
      message: 'not delivered to prod-00.westeurope.logic.azure.com: TypeError',
    });
    assertNoUrl(logs);
  });
});
