import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  azureTarget,
  localStackTarget,
  requireParameters,
} from '../../../src/cli/diff-settings.js';
import { writeStackFile } from '../../../src/cli/local-stack/stack-file.js';
import { cli, repoRoot } from '../../support/cli.js';
import { examplePlan } from '../plan/helpers.js';

const PRINCIPAL = '11111111-2222-4333-8444-555555555555';
const FUNCTION_ID =
  '/subscriptions/s/resourceGroups/rg-app/providers/Microsoft.Web/sites/app/functions/onContainerGroupEvent';
const minimal = join(repoRoot, 'examples/minimal.json');

/** A state dir as a running `npm start` leaves it, its host's settings holding `values`. */
function stateDirWith(values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'avs-diff-settings-'));
  const appSettingsFile = join(dir, 'local.settings.json');
  writeFileSync(appSettingsFile, JSON.stringify({ Values: values, Host: { FunctionKey: 'key' } }));
  writeStackFile(dir, {
    armUrl: 'https://127.0.0.1:1',
    caFile: '/ca.pem',
    hostUrl: 'http://127.0.0.1:2',
    appSettingsFile,
  });
  return dir;
}

describe('the settings diff plans with', () => {
  test("locally, the running stack's own app settings", () => {
    const dir = stateDirWith({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
      ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: 'http://127.0.0.1:2/runtime/webhooks/eventgrid',
      ACI_VNET_SIDECARS_PRINCIPAL_ID: PRINCIPAL,
    });
    const target = localStackTarget(dir);
    assert.equal(target.where, `the local stack in ${dir}`);
    assert.equal(target.settings.cloud, 'local');
    assert.equal(target.settings.armEndpoint, 'https://127.0.0.1:1');
    assert.equal(target.settings.eventWebhookUrl, 'http://127.0.0.1:2/runtime/webhooks/eventgrid');
    assert.equal(target.settings.principalId, PRINCIPAL);
  });

  test('locally, a stack that does not say where its settings are is to be restarted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avs-diff-old-stack-'));
    writeStackFile(dir, { armUrl: 'https://127.0.0.1:1', caFile: '/ca', hostUrl: 'http://x' });
    assert.throws(() => localStackTarget(dir), /started by an older version\): restart it$/);
  });

  test("in Azure, the app's settings that shape the plan, options over the environment", () => {
    const env = {
      ACI_VNET_SIDECARS_CLOUD: 'local',
      ACI_VNET_SIDECARS_CA_FILE: '/local/ca.pem',
      ACI_VNET_SIDECARS_ACME_DIRECTORY: 'https://127.0.0.1:14000/dir',
      ACI_VNET_SIDECARS_PRINCIPAL_ID: '99999999-2222-4333-8444-555555555555',
      ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID:
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/app',
    };
    const target = azureTarget(env, { principalId: PRINCIPAL, eventHandlerId: FUNCTION_ID });
    assert.equal(target.where, 'Azure');
    assert.equal(target.settings.cloud, 'azure');
    assert.equal(target.settings.caFile, undefined, 'nothing of a local run');
    assert.equal(target.settings.principalId, PRINCIPAL);
    assert.equal(target.settings.eventHandlerId, FUNCTION_ID);
    assert.equal(target.settings.outboundSubnetId, env.ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID);
  });

  test('in Azure, a principal id that is no GUID is refused, naming the setting', () => {
    assert.throws(
      () => azureTarget({}, { principalId: 'my-app' }),
      /invalid settings in the options and environment:\n.*ACI_VNET_SIDECARS_PRINCIPAL_ID/,
    );
  });

  test('every parameter of the plan needs a value but the tenant id, which an identity gives', () => {
    const plan = examplePlan('minimal');
    assert.throws(
      () => requireParameters(plan, {}, {}),
      new RegExp(
        "the plan needs the object id of the app's managed identity \\(--principal-id or ACI_VNET_SIDECARS_PRINCIPAL_ID\\) and the resource id of the app's Event Grid function",
      ),
    );
    requireParameters(
      plan,
      { deployerPrincipalId: PRINCIPAL, eventHandlerFunctionId: FUNCTION_ID },
      {},
    );
  });

  test("locally, a missing parameter names the setting in the stack's settings file", () => {
    const plan = examplePlan('minimal');
    assert.throws(
      () =>
        requireParameters(
          plan,
          { eventHandlerFunctionId: FUNCTION_ID },
          { settingsFile: '/s.json' },
        ),
      /^CliUsageError: the plan needs the object id of the app's managed identity \(ACI_VNET_SIDECARS_PRINCIPAL_ID in \/s\.json\)$/,
    );
  });
});

describe('aci-vnet-sidecars diff, refused before reading anything', () => {
  test('exits 2 when --azure misses the parameters only the deployment knows', async () => {
    const run = await cli('diff', '--spec', minimal, '--azure');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^aci-vnet-sidecars: the plan needs the object id of the app's managed identity .*\n$/,
    );
  });

  test('exits 2 when --principal-id is given for the local stack, which has its own', async () => {
    const run = await cli('diff', '--spec', minimal, '--principal-id', PRINCIPAL);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--principal-id and --event-handler-id work with --azure only/);
  });

  test('exits 2 on an unknown option', async () => {
    const run = await cli('diff', '--spec', minimal, '--apply');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--apply'/);
  });

  test('exits 2 when the local stack is gone, in one line', async () => {
    const dir = stateDirWith({
      ACI_VNET_SIDECARS_CLOUD: 'local',
      // Nothing listens on port 1.
      ACI_VNET_SIDECARS_ARM_ENDPOINT: 'https://127.0.0.1:1',
      ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: 'http://127.0.0.1:2/runtime/webhooks/eventgrid',
      ACI_VNET_SIDECARS_PRINCIPAL_ID: PRINCIPAL,
    });
    const run = await cli('diff', '--spec', minimal, '--state-dir', dir);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^aci-vnet-sidecars: reading the local stack in .* failed: .*\n$/);
  });
});
