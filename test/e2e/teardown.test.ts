// Tearing the full example down through the local stack: only what carries the environment's
// marks goes, in an order Azure accepts; a teardown killed with SIGKILL resumes; the vault is
// soft-deleted and a later deployment recovers it; the healing timers leave the environment alone
// until then; a DELETE during a deployment is refused.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseSpec } from '../../src/spec/index.js';
import type { TeardownStatusBody } from '../../src/teardown/teardown-api.js';
import { adminRequest } from '../support/admin.js';
import { deployAndWait } from '../support/deployments.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput } from '../support/specs.js';

const skip = skipWithout('pebble');
const spec = exampleInput('full');
const parsed = parseSpec(spec);
assert.ok(parsed.ok);
const { subscriptionId: SUB, resourceGroup: RG, names } = parsed.spec;
const GROUP = `/subscriptions/${SUB}/resourceGroups/${RG}`;
const ZONE = `/subscriptions/${SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/dnszones/contoso.example`;
const FOREIGN_IDENTITY = `${GROUP}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-someone-else`;
const FOREIGN_RECORD = `${ZONE}/TXT/verification`;

describe('tearing an environment down through the local stack', { skip }, () => {
  let stack: LocalStack;
  let summary: NonNullable<TeardownStatusBody['summary']>;

  before(async () => {
    stack = await startLocalStack({
      publicZones: [{ subscriptionId: SUB, resourceGroup: 'rg-dns', zone: 'contoso.example' }],
      hostProcess: true,
    });
    const deployed = await deployAndWait(stack, spec, 'contoso-prod', 600_000);
    assert.equal(deployed.runtimeStatus, 'Completed', JSON.stringify(deployed, null, 2));
  });
  after(async () => {
    await stack?.stop();
  });

  const teardown = async () =>
    (await stack.api('GET', '/api/environments/contoso-prod/teardown'))
      .body as unknown as TeardownStatusBody;
  const stepState = (status: TeardownStatusBody, step: string) =>
    status.steps.find((s) => s.step === step)?.state;

  test('answers 404 for an environment this app never deployed', async () => {
    const response = await stack.api('DELETE', '/api/environments/never-deployed');
    assert.equal(response.status, 404);
    assert.equal((response.body.error as { code: string }).code, 'EnvironmentNotFound');
  });

  test('deletes what is ours in order, resumes after SIGKILL, and keeps what is not ours', async () => {
    // Someone else's resources: an identity in the environment's group, a record in the zone.
    await adminRequest(stack.emu, 'PUT', `${FOREIGN_IDENTITY}?api-version=2024-11-30`, {
      location: 'westeurope',
      tags: { team: 'data' },
    });
    await adminRequest(stack.emu, 'PUT', `${FOREIGN_RECORD}?api-version=2018-05-01`, {
      properties: { TTL: 300, TXTRecords: [{ value: ['someone-else'] }] },
    });
    // The gateway's delete takes hours instead of minutes: the host is killed while it runs.
    await adminRequest(stack.emu, 'POST', '/_emulator/faults', {
      scenario: 'slowOperation',
      method: 'DELETE',
      pathPattern: '/applicationGateways/agw-contoso-prod$',
      operationMs: 40_000_000,
    });

    const started = await stack.api('DELETE', '/api/environments/contoso-prod');
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.deepEqual(started.body, {
      environment: 'contoso-prod',
      instanceId: 'teardown-contoso-prod',
      statusUri: `${stack.host.url}/api/environments/contoso-prod/teardown`,
    });
    const again = await stack.api('DELETE', '/api/environments/contoso-prod');
    assert.equal(again.status, 202);
    assert.equal(again.body.instanceId, 'teardown-contoso-prod', 'the same teardown');

    await until(async () => stepState(await teardown(), 'gateway') === 'running', {
      what: 'the gateway step to run',
      deadlineMs: 120_000,
    });
    assert.equal(stepState(await teardown(), 'event-grid'), 'succeeded');
    await stack.crashHost();

    let status = await teardown();
    await until(
      async () => {
        status = await teardown();
        return !['Running', 'Pending'].includes(status.runtimeStatus);
      },
      { what: 'the teardown to end after the crash', deadlineMs: 300_000 },
    );
    assert.equal(status.runtimeStatus, 'Completed', JSON.stringify(status, null, 2));
    for (const step of status.steps)
      assert.equal(step.state, 'succeeded', `${step.step}: ${JSON.stringify(step)}`);
    assert.ok(status.summary);
    summary = status.summary;
    // The resumed step waited for the delete the killed host had started: it sent no second one.
    const log = await adminRequest(stack.emu, 'GET', '/_emulator/requests');
    const gatewayDeletes = (log.value as { method: string; path: string }[]).filter(
      (r) => r.method === 'DELETE' && /\/applicationGateways\/agw-contoso-prod$/i.test(r.path),
    );
    assert.equal(gatewayDeletes.length, 1);

    // Only the foreign identity is left in the group, which stays for it.
    const left = await adminRequest(stack.emu, 'GET', `${GROUP}/resources?api-version=2025-04-01`);
    assert.deepEqual(
      (left.value as { id: string }[]).map((r) => r.id.toLowerCase()),
      [FOREIGN_IDENTITY.toLowerCase()],
    );
    const keptGroup = summary.kept.find((k) => k.resource === `resource group ${RG}`);
    assert.match(
      keptGroup?.why ?? '',
      /still holds 1 resource .*userAssignedIdentities\/id-someone-else/,
    );
    assert.deepEqual(summary.kept, [keptGroup], 'nothing else was kept');
    assert.equal(summary.alreadyGone.length, 0);
    assert.ok(summary.deleted.includes('applicationGateways/agw-contoso-prod'));
    assert.ok(summary.deleted.includes('containerGroups/ci-contoso-prod-app-1'));
    assert.ok(
      summary.deleted.some((d) => /^A app-1\.prod\.contoso\.internal/.test(d)),
      'group record',
    );
    assert.ok(summary.deleted.includes('CNAME app.contoso.example (public zone)'));
  });

  test('soft-deletes the vault, never purging it, and says so', async () => {
    assert.deepEqual(
      summary.softDeleted.map((s) => s.resource),
      [`vaults/${names.keyVault}`],
    );
    assert.match(
      summary.softDeleted[0]?.note ?? '',
      /recoverable .*deploying the environment again recovers it/,
    );
    const deleted = await adminRequest(
      stack.emu,
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.KeyVault/deletedVaults?api-version=2026-02-01`,
    );
    const vault = (
      deleted.value as { name: string; properties: { purgeProtectionEnabled: boolean } }[]
    ).find((v) => v.name === names.keyVault);
    assert.equal(vault?.properties.purgeProtectionEnabled, true);
  });

  test("leaves the public zone and its other records, removing only the app's records", async () => {
    const zone = await adminRequest(stack.emu, 'GET', `${ZONE}?api-version=2018-05-01`);
    assert.equal(zone.name, 'contoso.example');
    const records = await adminRequest(stack.emu, 'GET', `${ZONE}/all?api-version=2018-05-01`);
    const sets = records.value as {
      id: string;
      properties: { metadata?: Record<string, string> };
    }[];
    assert.ok(sets.some((r) => r.id.toLowerCase() === FOREIGN_RECORD.toLowerCase()));
    assert.deepEqual(
      sets.filter((r) => r.properties.metadata?.['aci-vnet-sidecars-environment']).map((r) => r.id),
      [],
    );
  });

  test('the reconcile and renewal timers leave the torn-down environment alone', async () => {
    const before = {
      reconcile: (await stack.instance('reconcile-contoso-prod'))?.createdTime,
      renewal: (await stack.instance('renew-contoso-prod'))?.createdTime,
    };
    await stack.fire('reconcileTimer');
    await stack.fire('renewCertificates');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    assert.deepEqual(
      {
        reconcile: (await stack.instance('reconcile-contoso-prod'))?.createdTime,
        renewal: (await stack.instance('renew-contoso-prod'))?.createdTime,
      },
      before,
    );
  });

  test('deploying it again recovers the vault and brings the healing back; a DELETE meanwhile answers 409', async () => {
    const posted = await stack.api('POST', '/api/environments', spec);
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const refused = await stack.api('DELETE', '/api/environments/contoso-prod');
    assert.equal(refused.status, 409);
    assert.equal((refused.body.error as { code: string }).code, 'DeploymentInProgress');

    let deployment: { runtimeStatus: string; stages: { stage: string; summary?: string }[] } = {
      runtimeStatus: 'Pending',
      stages: [],
    };
    await until(
      async () => {
        deployment = (await stack.api('GET', '/api/environments/contoso-prod'))
          .body as unknown as typeof deployment;
        return !['Running', 'Pending'].includes(deployment.runtimeStatus);
      },
      { what: 'the second deployment to end', deadlineMs: 600_000 },
    );
    assert.equal(deployment.runtimeStatus, 'Completed', JSON.stringify(deployment, null, 2));
    const summaryOf = (stage: string) =>
      deployment.stages.find((s) => s.stage === stage)?.summary ?? '';
    assert.match(
      summaryOf('key-vault'),
      new RegExp(`recovered soft-deleted vault ${names.keyVault}`),
    );
    assert.match(summaryOf('certificate'), /^certificate kept/);

    const before = (await stack.instance('reconcile-contoso-prod'))?.createdTime;
    await stack.fire('reconcileTimer');
    await until(
      async () => {
        const now = (await stack.instance('reconcile-contoso-prod'))?.createdTime;
        return now !== undefined && now !== before;
      },
      { what: 'the periodic reconcile of the deployed-again environment' },
    );
  });
});
