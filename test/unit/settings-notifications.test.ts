import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { formatProblems } from '../../src/spec/index.js';
import { readSettings } from '../../src/settings.js';

const LOCAL = {
  ACI_VNET_SIDECARS_CLOUD: 'local',
  ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
};
const TOKEN = 'T0001/B0002/zYxWvUtSrQpOnMlKjIhGfEdC';
const SLACK = `https://hooks.slack.com/services/${TOKEN}`;
const SECRET_ID = 'https://kv-contoso-ops.vault.azure.net/secrets/notify-webhook';
const SECRET = 'ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET';

function problems(env: Record<string, string>): string {
  const read = readSettings(env);
  assert.ok(!read.ok, 'the settings were accepted');
  return formatProblems(read.problems);
}

function notifications(env: Record<string, string>) {
  const read = readSettings(env);
  assert.ok(read.ok, JSON.stringify(read));
  return read.settings.notifications;
}

describe('app settings for notifications', () => {
  test('are off when the secret setting is empty', () => {
    const envs: Record<string, string>[] = [{}, { [SECRET]: '' }, { [SECRET]: '  ' }, LOCAL];
    for (const env of envs) {
      assert.equal(notifications(env), undefined);
    }
  });

  test("read a Key Vault secret's id in Azure, with the format, json by default", () => {
    const slack = notifications({ [SECRET]: SECRET_ID, ACI_VNET_SIDECARS_NOTIFY_FORMAT: 'Slack' });
    assert.deepEqual(slack, {
      secret: {
        id: SECRET_ID,
        vaultUrl: 'https://kv-contoso-ops.vault.azure.net',
        name: 'notify-webhook',
        vaultName: 'kv-contoso-ops',
      },
      format: 'slack',
    });
    assert.equal(notifications({ [SECRET]: `${SECRET_ID}/` })?.format, 'json');
    // Host names are case-insensitive; the id the app logs is the canonical one.
    assert.equal(
      notifications({ [SECRET]: 'https://KV-Contoso-Ops.Vault.Azure.Net/secrets/notify-webhook' })
        ?.secret.id,
      SECRET_ID,
    );
  });

  test('hold no secret: printing, serialising or inspecting them shows the id only', () => {
    const read = readSettings({ [SECRET]: SECRET_ID });
    assert.ok(read.ok);
    for (const text of [JSON.stringify(read.settings), inspect(read.settings, { depth: 10 })]) {
      assert.match(text, /kv-contoso-ops\.vault\.azure\.net/);
    }
  });

  test('refuse a webhook URL given instead of the secret id, saying to store it in Key Vault, without quoting it', () => {
    for (const env of [
      { [SECRET]: SLACK },
      { ...LOCAL, [SECRET]: `http://127.0.0.1:8080/hooks/${TOKEN}` },
    ]) {
      const text = problems(env);
      assert.match(
        text,
        /^ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: must be the id of a Key Vault secret, not the webhook URL: a webhook URL is a credential and app settings are environment variables, so store the URL in a Key Vault secret \(az keyvault secret set .*\) and give the secret's id here, https:\/\/<vault>\.vault\.azure\.net\/secrets\/<name>/,
      );
      assert.match(text, /\(the value is not shown, in case it is the webhook URL itself\)$/);
      assert.ok(!text.includes(TOKEN), text);
    }
  });

  test('refuse the old URL setting, even beside a good secret id, without quoting it', () => {
    const text = problems({ ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_URL: SLACK, [SECRET]: SECRET_ID });
    assert.match(
      text,
      /^ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_URL: must not be set: a webhook URL is a credential and app settings are environment variables\. Store the URL in a Key Vault secret, give the secret's id in ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET/,
    );
    assert.ok(!text.includes(TOKEN), text);
  });

  test('refuse a Key Vault reference, which the platform would resolve into the environment', () => {
    const text = problems({ [SECRET]: `@Microsoft.KeyVault(SecretUri=${SECRET_ID}/)` });
    assert.match(
      text,
      /^ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: is a Key Vault reference, which the platform resolves into an environment variable of the app: give the secret's id itself/,
    );
  });

  test('in Azure, refuse http, other hosts, other paths, queries and pinned versions', () => {
    const refused: [string, RegExp][] = [
      [
        'http://kv-contoso-ops.vault.azure.net/secrets/notify-webhook',
        /must be an https:\/\/ Key Vault secret id/,
      ],
      ['https://kv-contoso-ops.vault.azure.net.evil.example/secrets/n', /not the webhook URL/],
      ['https://kv.vault.azure.net/secrets/n', /not the webhook URL/], // a vault name is 3-24 characters
      ['https://kv--ops.vault.azure.net/secrets/n', /not the webhook URL/],
      ['https://kv-contoso-ops.vault.azure.net/keys/notify-webhook', /not the webhook URL/],
      ['https://kv-contoso-ops.vault.azure.net/secrets/notify_webhook', /not the webhook URL/],
      ['https://127.0.0.1:8443/secrets/notify-webhook', /not the webhook URL/],
      [`${SECRET_ID}?api-version=7.6`, /without user name, query or fragment/],
      [
        `${SECRET_ID}/0123456789abcdef0123456789abcdef`,
        /must be the version-less id of the secret, .*: the app reads its current version at each notification, so a rotated webhook URL \(a new version\) is used without a restart/,
      ],
      [
        'kv-contoso-ops/notify-webhook',
        /must be the id of the Key Vault secret that holds the webhook URL/,
      ],
    ];
    for (const [value, message] of refused) {
      const text = problems({ [SECRET]: value });
      assert.match(text, /^ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: /, value);
      assert.match(text, message, value);
      assert.ok(!text.includes(value), `${value} is quoted: ${text}`);
    }
  });

  test("locally, a secret of the emulator's vaults: https on loopback, and nothing else", () => {
    for (const value of [
      'https://127.0.0.1:50123/secrets/notify-webhook',
      'https://localhost:50123/secrets/notify-webhook',
      'https://[::1]:50123/secrets/notify-webhook',
    ]) {
      const local = notifications({ ...LOCAL, [SECRET]: value });
      assert.equal(local?.secret.id, value, value);
      assert.equal(local?.secret.name, 'notify-webhook');
      assert.equal(local?.secret.vaultName, undefined);
      assert.equal(local?.secret.vaultUrl, new URL(value).origin);
    }
    assert.match(
      problems({ ...LOCAL, [SECRET]: SECRET_ID }),
      /not the webhook URL.*\(locally, a vault of the emulator: https on 127\.0\.0\.1\)/,
    );
    assert.match(
      problems({ ...LOCAL, [SECRET]: 'http://127.0.0.1:50123/secrets/notify-webhook' }),
      /must be an https:\/\/ Key Vault secret id/,
    );
  });

  test('refuse an unknown format, and a format without a secret', () => {
    assert.equal(
      problems({ [SECRET]: SECRET_ID, ACI_VNET_SIDECARS_NOTIFY_FORMAT: 'xml' }),
      'ACI_VNET_SIDECARS_NOTIFY_FORMAT: must be json, teams or slack',
    );
    assert.equal(
      problems({ ACI_VNET_SIDECARS_NOTIFY_FORMAT: 'teams' }),
      'ACI_VNET_SIDECARS_NOTIFY_FORMAT: is set but ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET is empty',
    );
  });
});
