// Every workflow announces what it did to a webhook on 127.0.0.1, through the real notify activity
// with its retries, and a receiver that fails or hangs changes neither a workflow's outcome nor
// holds it longer than the delivery bound. The webhook's URL lives in a secret of an emulated Key
// Vault (RBAC enforced, with its propagation delay), which the activity reads with the app's own
// identity: a secret it may not read costs a log line naming the secret and the fix, nothing more.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import type { HostHandle } from '../../../local/host/index.js';
import { startHost } from '../../../local/host/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createVault } from '../../../src/azure/key-vault.js';
import { buildPlan } from '../../../src/plan/index.js';
import { DEPLOY_ORCHESTRATOR } from '../../../src/provisioning/deploy.orchestrator.js';
import { stageGraph } from '../../../src/provisioning/stage-graph.js';
import type { DeployInput } from '../../../src/provisioning/types.js';
import type { ReconcileReport } from '../../../src/reconcile/reconcile.js';
import {
  RECONCILE_ORCHESTRATOR,
  type ReconcileInput,
} from '../../../src/reconcile/reconcile.orchestrator.js';
import { RENEWAL_ORCHESTRATOR } from '../../../src/renewal/renewal.orchestrator.js';
import { createAppServices } from '../../../src/services.js';
import { LOCAL_PRINCIPAL_ID, readSettings } from '../../../src/settings.js';
import { parseSpec } from '../../../src/spec/index.js';
import { notifyRun } from '../../fixtures/workflow-app/notify-services.js';
import { resetScript, script } from '../../fixtures/workflow-app/script.js';
import { localSettingValues } from '../../support/emulator-connection.js';
import { until } from '../../support/eventually.js';
import { startNotifyReceiver, type NotifyReceiver } from '../../support/notify-receiver.js';
import { assertNoSecret } from '../../support/secrets.js';
import { exampleInput } from '../../support/specs.js';
import { startTestEmulator } from '../emulator/helpers.js';
import {
  assignRole,
  createRbacVault,
  vaultCall,
  vaultId,
  VAULT_ROLES,
} from '../emulator/key-vault-rbac-rig.js';
import { memoryLogger, startOrchestration, tempDir, waitForStatus } from '../host/helpers.js';

const appRoot = fileURLToPath(new URL('../../fixtures/workflow-app/', import.meta.url));
const entryPoint = fileURLToPath(
  new URL('../../fixtures/workflow-app/notify-app.ts', import.meta.url),
);

const spec = exampleInput('minimal');
function deployInput(): DeployInput {
  const parsed = parseSpec(spec);
  assert.ok(parsed.ok);
  return { environment: 'contoso-dev', spec, graph: stageGraph(buildPlan(parsed.spec)) };
}

interface Delivered {
  type?: string;
  environment?: string;
  summary?: string;
  details?: Record<string, unknown>;
  blocks?: unknown[];
}

const VAULT_ID = vaultId('rg-notify-ops', 'kv-notify-ops');
/** The secret the app is granted "Key Vault Secrets User" on, and one it is granted nothing on. */
const GRANTED = 'notify-webhook';
const UNGRANTED = 'notify-webhook-ungranted';

describe('notifications from the workflows, to a receiver on 127.0.0.1', () => {
  let emu: EmulatorHandle;
  let host: HostHandle;
  let receiver: NotifyReceiver;
  let vaultUri = '';
  let stateDir = '';
  const logs: string[] = [];
  const hostLines: string[] = [];
  const secretId = (name: string) => `${vaultUri.replace(/\/$/, '')}/secrets/${name}`;
  /** The part of the receiver's URL that a log or history must never hold: port, path, token. */
  const urlSecret = () => receiver.url.replace('http://127.0.0.1', '');

  /**
   * The notify activity's services: the app's settings for a local run against the emulator, its
   * own identity (LOCAL_PRINCIPAL_ID), the webhook secret `name`, in `format`, time scaled as a
   * local run's.
   */
  function useFormat(format: string, name = GRANTED) {
    const read = readSettings(
      localSettingValues(emu, {
        ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '10',
        ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET: secretId(name),
        ACI_VNET_SIDECARS_NOTIFY_FORMAT: format,
      }),
    );
    assert.ok(read.ok, JSON.stringify(read));
    const connection = connect(read.settings, {
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 },
    });
    notifyRun.current = createAppServices(read.settings, connection, (line) => logs.push(line));
  }

  /**
   * An RBAC vault holding the receiver's URL in two secrets, written by an operator (Secrets
   * Officer on the vault); the app gets "Key Vault Secrets User" on the first secret only, and the
   * test waits until the emulator has applied it, as Azure takes up to 10 minutes to.
   */
  async function storeWebhookInVault() {
    vaultUri = await createRbacVault(emu, VAULT_ID);
    const operator = randomUUID();
    assert.equal(
      (await assignRole(emu, VAULT_ID, VAULT_ROLES.secretsOfficer, operator)).answer.status,
      201,
    );
    const scope = `${VAULT_ID}/secrets/${GRANTED}`;
    assert.equal(
      (await assignRole(emu, scope, VAULT_ROLES.secretsUser, LOCAL_PRINCIPAL_ID)).answer.status,
      201,
    );
    const put = (name: string) =>
      vaultCall(emu, vaultUri, emu.engine.clock, operator, 'PUT', `/secrets/${name}`, {
        value: receiver.url,
      });
    await until(async () => (await put(GRANTED)).status === 200, {
      what: "the operator's role to apply",
    });
    assert.equal((await put(UNGRANTED)).status, 200);
    const read = readSettings(localSettingValues(emu));
    assert.ok(read.ok);
    const app = createVault(
      connect(read.settings, { retry: { maxRetries: 0, baseDelayMs: 1, maxDelayMs: 5 } }),
      vaultUri,
    );
    await until(
      () =>
        app.getSecretVersion(GRANTED).then(
          (s) => s?.value === receiver.url,
          () => false,
        ),
      { what: "the app's Key Vault Secrets User role to apply" },
    );
  }

  async function run(name: string, input: unknown, history = false) {
    const started = Date.now();
    const id = await startOrchestration(host.url, name, input);
    const status = await waitForStatus(host.url, id, ['Completed', 'Failed'], history);
    return { status, ms: Date.now() - started };
  }

  /** Every file the host wrote under its state directory (Durable history, instances, queues). */
  function stateFiles(dir = stateDir): { path: string; text: string }[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? stateFiles(path) : [{ path, text: readFileSync(path, 'utf8') }];
    });
  }

  before(async () => {
    receiver = await startNotifyReceiver();
    emu = await startTestEmulator({ timeScale: 0.0001 });
    await storeWebhookInVault();
    stateDir = tempDir('notify-state');
    host = await startHost({
      appRoot,
      entryPoint,
      port: 0,
      runTimers: false,
      stateDir,
      logger: memoryLogger(hostLines),
    });
  });
  after(async () => {
    await host?.stop();
    await emu?.stop();
    await receiver?.close();
  });
  beforeEach(() => {
    resetScript();
    receiver.reset();
    logs.length = 0;
    useFormat('json');
  });

  test('"deployment succeeded" arrives once, after a 500 and a 429 with Retry-After', async () => {
    receiver.answer({ status: 500 }, { status: 429, headers: { 'retry-after': '1' } });
    const input = deployInput();
    const { status } = await run(DEPLOY_ORCHESTRATOR, input);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.deepEqual(
      receiver.requests.map((r) => r.status),
      [500, 429, 200],
    );
    const [third, second] = [receiver.requests[2]!, receiver.requests[1]!];
    assert.ok(third.at - second.at >= 950, `Retry-After honoured: ${third.at - second.at} ms`);
    assert.equal(third.contentType, 'application/json; charset=utf-8');
    const delivered = receiver.delivered() as Delivered[];
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]?.type, 'deployment.succeeded');
    assert.equal(delivered[0]?.environment, 'contoso-dev');
    assert.equal(delivered[0]?.details?.stages, input.graph.length);
    assert.ok(logs.length > 0);
    for (const line of logs) {
      assert.ok(!line.includes(receiver.token) && !line.includes('/hooks/'), line);
      assert.match(line, /127\.0\.0\.1:\d+/);
    }
    assert.match(logs.at(-1) ?? '', /delivered to 127\.0\.0\.1:\d+ \(3 attempts\)$/);
  });

  test('the webhook URL is in no log line of the app or the host, nor in Durable history or output', async () => {
    const { status } = await run(DEPLOY_ORCHESTRATOR, deployInput(), true);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.equal(receiver.delivered().length, 1);
    const history = JSON.stringify(status);
    assert.match(history, /"notify"/, 'the history shows the notify activity');
    assertNoSecret(history, urlSecret(), 'the Durable status with its history and outputs');
    assertNoSecret(logs.join('\n'), urlSecret(), "the app's log");
    assertNoSecret(hostLines.join('\n'), urlSecret(), "the host's log");
    const files = stateFiles();
    assert.ok(files.length > 0, 'the host keeps its state in files');
    for (const file of files) assertNoSecret(file.text, urlSecret(), file.path);
  });

  test('a secret the app may not read: the deployment completes, and one line names the secret and the role to grant', async () => {
    useFormat('json', UNGRANTED);
    const { status } = await run(DEPLOY_ORCHESTRATOR, deployInput(), true);
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.equal(receiver.requests.length, 0);
    const id = secretId(UNGRANTED);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.equal(
      logs[0],
      `notification deployment.succeeded of contoso-dev: not sent: cannot read the webhook URL from Key Vault secret ${id} (HTTP 403 Forbidden): ` +
        `grant this app's identity "Key Vault Secrets User" on that secret, az role assignment create --assignee-object-id ${LOCAL_PRINCIPAL_ID} ` +
        `--assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope "<vault resource id>/secrets/${UNGRANTED}" ` +
        "(a new role assignment can take up to 10 minutes to apply), and check that the vault lets this app's network in",
    );
    for (const [text, where] of [
      [logs.join('\n'), "the app's log"],
      [JSON.stringify(status), 'the Durable status'],
    ] as const)
      assertNoSecret(text, urlSecret(), where);
  });

  test('an absent secret: the deployment completes, and the line says to create it', async () => {
    useFormat('json', 'notify-webhook-absent');
    assert.equal(
      (
        await assignRole(
          emu,
          `${VAULT_ID}/secrets/notify-webhook-absent`,
          VAULT_ROLES.secretsUser,
          LOCAL_PRINCIPAL_ID,
        )
      ).answer.status,
      201,
    );
    await until(
      async () => {
        logs.length = 0;
        const { status } = await run(DEPLOY_ORCHESTRATOR, deployInput());
        assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
        return /does not exist/.test(logs[0] ?? '');
      },
      { what: 'the role on the absent secret to apply' },
    );
    assert.equal(
      logs[0],
      `notification deployment.succeeded of contoso-dev: not sent: Key Vault secret ${secretId('notify-webhook-absent')} does not exist: ` +
        'create it holding the webhook URL, az keyvault secret set --vault-name <vault> --name notify-webhook-absent --file <file holding the URL>',
    );
    assert.equal(receiver.requests.length, 0);
  });

  test('"deployment failed" names the stage and its error, and the deployment still fails with it', async () => {
    script('stage-database', {
      kind: 'failed',
      failure: {
        kind: 'validation',
        code: 'InvalidSku',
        message: 'the SKU is not offered here (https://st.blob.core.windows.net/c?sig=S3CR3T)',
      },
    });
    const { status } = await run(DEPLOY_ORCHESTRATOR, deployInput());
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(String(status.output), /stage database failed: \[validation\/InvalidSku\]/);
    const [delivered] = receiver.delivered() as Delivered[];
    assert.equal(delivered?.type, 'deployment.failed');
    assert.deepEqual(delivered?.details?.error, {
      code: 'InvalidSku',
      message: 'the SKU is not offered here (https://st.blob.core.windows.net/c?[query withheld])',
    });
    assert.equal(delivered?.details?.stage, 'database');
  });

  test('a receiver that always fails neither fails the deployment nor holds it past the bound', async () => {
    receiver.otherwise({ status: 503 });
    const { status, ms } = await run(DEPLOY_ORCHESTRATOR, deployInput());
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.equal(receiver.requests.length, 6, 'every attempt of the policy, then it gave up');
    assert.ok(ms < 20_000, `the deployment took ${ms} ms`);
    assert.match(
      logs.at(-1) ?? '',
      /not delivered to 127\.0\.0\.1:\d+: server error \(503\) on each of 6 attempts/,
    );
  });

  test('a receiver that never answers is given up within the bound', async () => {
    receiver.otherwise({ status: 0, hang: true });
    const { status, ms } = await run(DEPLOY_ORCHESTRATOR, deployInput());
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status.output));
    assert.ok(ms < 20_000, `the deployment took ${ms} ms`);
    assert.match(logs.at(-1) ?? '', /not delivered to 127\.0\.0\.1:\d+: no answer in time/);
  });

  test('a renewed certificate is announced in the configured format (Slack); a kept one is not', async () => {
    useFormat('slack');
    script('renewCertificateIfDue', {
      kind: 'done',
      value: {
        action: 'kept',
        message: 'valid until 2027-03-01',
        notAfter: '2027-03-01T12:00:00.000Z',
        version: 'v1',
      },
    });
    const kept = await run(RENEWAL_ORCHESTRATOR, { environment: 'contoso-dev', spec });
    assert.equal(kept.status.runtimeStatus, 'Completed');
    assert.equal(receiver.requests.length, 0);

    script('renewCertificateIfDue', {
      kind: 'done',
      value: {
        action: 'issued',
        message: 'it expires on 2026-12-20T12:00:00.000Z, within 30 days',
        notAfter: '2027-03-01T12:00:00.000Z',
        version: 'v2',
      },
    });
    const issued = await run(RENEWAL_ORCHESTRATOR, { environment: 'contoso-dev', spec });
    assert.equal(issued.status.runtimeStatus, 'Completed');
    const [slack] = receiver.delivered() as { text: string; blocks: unknown[] }[];
    assert.match(
      slack?.text ?? '',
      /^✅ Certificate of contoso-dev renewed: app-contoso-example was renewed/,
    );
    assert.match(JSON.stringify(slack?.blocks), /\*Next renewal\*\\n2027-01-30T12:00:00\.000Z/);
  });

  test('a failed renewal is announced, and the renewal fails as before', async () => {
    useFormat('teams');
    script('renewCertificateIfDue', {
      kind: 'failed',
      failure: {
        kind: 'validation',
        code: 'AcmeIdentifierNotInSpec',
        message: 'the order names other.example',
      },
    });
    const { status } = await run(RENEWAL_ORCHESTRATOR, { environment: 'contoso-dev', spec });
    assert.equal(status.runtimeStatus, 'Failed');
    assert.match(String(status.output), /\[validation\/AcmeIdentifierNotInSpec\]/);
    const [teams] = receiver.delivered() as {
      type: string;
      attachments: { content: { body: { text?: string }[] } }[];
    }[];
    assert.equal(teams?.type, 'message');
    assert.equal(
      teams?.attachments[0]?.content.body[0]?.text,
      'Certificate renewal of contoso-dev failed',
    );
  });

  test('a reconcile that wrote records is announced; one that found everything in sync is not', async () => {
    const input: ReconcileInput = {
      environment: 'contoso-dev',
      spec,
      coalesceSeconds: 0,
      reason: 'restart/action on ci-contoso-dev-app-1',
    };
    const inSync: ReconcileReport = {
      environment: 'contoso-dev',
      recordChanges: [],
      poolsChanged: [],
      addresses: { 'app-1': '192.168.1.4' },
      summary: 'in sync: nothing to write',
    };
    script('reconcile', { kind: 'done', value: inSync });
    assert.equal((await run(RECONCILE_ORCHESTRATOR, input)).status.runtimeStatus, 'Completed');
    assert.equal(receiver.requests.length, 0);

    script('reconcile', {
      kind: 'done',
      value: {
        ...inSync,
        recordChanges: [
          { action: 'upsert', recordName: 'app-1', ip: '192.168.1.8', was: '192.168.1.4' },
        ],
        poolsChanged: ['app'],
        summary: 'app-1 → 192.168.1.8, pool app updated',
      },
    });
    assert.equal((await run(RECONCILE_ORCHESTRATOR, input)).status.runtimeStatus, 'Completed');
    const [delivered] = receiver.delivered() as Delivered[];
    assert.equal(delivered?.type, 'environment.healed');
    assert.deepEqual(delivered?.details, {
      trigger: 'restart/action on ci-contoso-dev-app-1',
      records: [{ name: 'app-1', from: '192.168.1.4', to: '192.168.1.8' }],
      pools: ['app'],
    });
  });
});
