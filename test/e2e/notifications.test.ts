// A real deployment of examples/minimal.json on the local stack announces "deployment succeeded"
// to a webhook on 127.0.0.1, through the app as it ships (the functions bundle), with the
// webhook's URL in a secret of the emulator's Key Vault that the app reads with its own identity;
// neither the app's log nor its host's answers nor the Durable history hold the URL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { readMasterKey } from '../../local/host/index.js';
import { LOCAL_PRINCIPAL_ID } from '../../src/settings.js';
import { SUB as VAULT_SUB } from '../integration/emulator/helpers.js';
import {
  assignRole,
  createRbacVault,
  vaultCall,
  vaultId,
  VAULT_ROLES,
} from '../integration/emulator/key-vault-rbac-rig.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { startNotifyReceiver, type NotifyReceiver } from '../support/notify-receiver.js';
import { registerResourceProvider } from '../support/resource-providers.js';
import { skipWithout } from '../support/requires.js';
import { assertNoSecret } from '../support/secrets.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const SUB = '00000000-0000-0000-0000-000000000000';
const SECRET_SETTING = 'ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET';

describe('notifications from a real deployment', { skip }, () => {
  let stack: LocalStack;
  let receiver: NotifyReceiver;
  const appLog: string[] = [];
  const consoleLog = console.log;
  /** The part of the receiver's URL that nothing may hold: port, path, token. */
  const urlSecret = () => receiver.url.replace('http://127.0.0.1', '');

  /**
   * What an operator does before turning notifications on: a vault (RBAC), the webhook URL in a
   * secret, and "Key Vault Secrets User" on that secret for the app's identity. Answers the id.
   */
  async function storeWebhookInVault(): Promise<string> {
    const { emu } = stack;
    await registerResourceProvider(emu, VAULT_SUB, 'Microsoft.KeyVault');
    const id = vaultId('rg-notify-ops', 'kv-notify-ops');
    const vaultUri = await createRbacVault(emu, id);
    const operator = randomUUID();
    await assignRole(emu, id, VAULT_ROLES.secretsOfficer, operator);
    await assignRole(
      emu,
      `${id}/secrets/notify-webhook`,
      VAULT_ROLES.secretsUser,
      LOCAL_PRINCIPAL_ID,
    );
    await until(
      async () =>
        (
          await vaultCall(
            emu,
            vaultUri,
            emu.engine.clock,
            operator,
            'PUT',
            '/secrets/notify-webhook',
            {
              value: receiver.url,
            },
          )
        ).status === 200,
      { what: "the operator's role to apply" },
    );
    await until(
      async () =>
        (
          await vaultCall(
            emu,
            vaultUri,
            emu.engine.clock,
            LOCAL_PRINCIPAL_ID,
            'GET',
            '/secrets/notify-webhook',
          )
        ).status === 200,
      { what: "the app's role to apply" },
    );
    return `${vaultUri.replace(/\/$/, '')}/secrets/notify-webhook`;
  }

  before(async () => {
    receiver = await startNotifyReceiver();
    stack = await startLocalStack({
      publicZones: [
        { subscriptionId: SUB, resourceGroup: 'rg-contoso-dev', zone: 'contoso.example' },
      ],
      settings: { ACI_VNET_SIDECARS_NOTIFY_FORMAT: 'json' },
    });
    // The vault's origin exists only once the emulator runs, after local.settings.json is written.
    // The in-process host has copied its Values into process.env, and the app reads its settings
    // at its first invocation: setting the variable now is what a local.settings.json value does.
    assert.equal(process.env[SECRET_SETTING], undefined);
    process.env[SECRET_SETTING] = await storeWebhookInVault();
    // The app logs with console.log (src/composition.ts), in this process.
    console.log = (...args: unknown[]) => {
      appLog.push(args.map(String).join(' '));
      consoleLog(...args);
    };
  });
  after(async () => {
    console.log = consoleLog;
    delete process.env[SECRET_SETTING];
    await stack?.stop();
    await receiver?.close();
  });

  test('a deployment of the minimal example sends "deployment succeeded" once', async () => {
    receiver.answer({ status: 503 });
    const posted = await stack.api(
      'POST',
      '/api/environments',
      withImportedImages(exampleInput('minimal')),
    );
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    await until(
      async () => (await stack.instance('environment-contoso-dev'))?.runtimeStatus === 'Completed',
      { what: 'the deployment to complete' },
    );
    const delivered = receiver.delivered() as {
      type: string;
      environment: string;
      details: { url?: string; stages: number; certificateNotAfter?: string };
    }[];
    assert.equal(delivered.length, 1, JSON.stringify(receiver.requests));
    assert.equal(receiver.requests.length, 2, 'a 503 first, then the delivery');
    assert.equal(delivered[0]?.type, 'deployment.succeeded');
    assert.equal(delivered[0]?.environment, 'contoso-dev');
    assert.equal(delivered[0]?.details.url, 'https://app.contoso.example/');
    assert.match(delivered[0]?.details.certificateNotAfter ?? '', /^\d{4}-\d\d-\d\dT/);

    const status = await stack.api('GET', '/api/environments/contoso-dev');
    assertNoSecret(JSON.stringify(status.body), urlSecret(), 'the environment status');
    const masterKey = readMasterKey(stack.host.masterKeyFile ?? '') ?? '';
    const history = await fetch(
      `${stack.host.url}/runtime/webhooks/durabletask/instances/environment-contoso-dev?showHistory=true&showHistoryOutput=true`,
      { headers: { 'x-functions-key': masterKey } },
    );
    const historyText = await history.text();
    assert.match(historyText, /"notify"/, 'the history shows the notify activity');
    assertNoSecret(historyText, urlSecret(), 'the Durable history and outputs');
    assert.ok(
      appLog.some((l) =>
        /deployment\.succeeded of contoso-dev: delivered to 127\.0\.0\.1:\d+ \(2 attempts\)/.test(
          l,
        ),
      ),
      appLog.join('\n'),
    );
    assertNoSecret(appLog.join('\n'), urlSecret(), "the app's log");
  });
});
