import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createVault } from '../../src/azure/key-vault.js';
import { parseSpec } from '../../src/spec/index.js';
import { adminRequest } from '../support/admin.js';
import { emulatorConnection } from '../support/emulator-connection.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, specWith, withImportedImages } from '../support/specs.js';
import type { DeploymentStatusBody } from '../../src/provisioning/environments-api.js';

const skip = skipWithout('pebble');

/** The full example as shipped: four images built by ACR Tasks from this app, one imported. */
const spec = exampleInput('full');

type StatusBody = DeploymentStatusBody;

describe('deploying an environment through the local stack', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack({
      publicZones: [
        {
          subscriptionId: '11111111-2222-3333-4444-555555555555',
          resourceGroup: 'rg-dns',
          zone: 'contoso.example',
        },
      ],
    });
  });
  after(async () => {
    await stack?.stop();
  });

  async function waitForDeployment(name: string): Promise<StatusBody> {
    let progress: StatusBody | undefined;
    await until(
      async () => {
        const { status, body } = await stack.api('GET', `/api/environments/${name}`);
        assert.equal(status, 200);
        progress = body as unknown as StatusBody;
        return !['Running', 'Pending'].includes(progress.runtimeStatus);
      },
      { what: `the deployment of ${name} to finish` },
    );
    return progress!;
  }

  async function writesSoFar(): Promise<string[]> {
    const log = await adminRequest(stack.emu, 'GET', '/_emulator/requests');
    return (log.value as { changedState: boolean; method: string; path: string }[])
      .filter((r) => r.changedState)
      .map((r) => `${r.method} ${r.path}`);
  }

  test('deploys every stage, with a certificate from the ACME server in Key Vault', async () => {
    const started = await stack.api('POST', '/api/environments', spec);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal(started.body.instanceId, 'environment-contoso-prod');
    const result = await waitForDeployment('contoso-prod');
    const failed = result.stages.filter((s) => s.state !== 'succeeded');
    assert.deepEqual(failed, [], JSON.stringify(result, null, 2));
    assert.equal(result.runtimeStatus, 'Completed');
    const certificate = result.stages.find((s) => s.stage === 'certificate');
    assert.match(certificate?.summary ?? '', /^certificate issued: CN=app\.contoso\.example/);
    for (const s of result.stages)
      assert.ok(s.startedAt && s.endedAt && s.startedAt <= s.endedAt, `${s.stage} times`);
    // The vault itself holds the certificate Pebble issued, and the ACME account's key.
    const parsed = parseSpec(spec);
    assert.ok(parsed.ok);
    const { subscriptionId, resourceGroup, names } = parsed.spec;
    const vaultResource = await adminRequest(
      stack.emu,
      'GET',
      `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${names.keyVault}?api-version=2026-02-01`,
    );
    const vault = createVault(
      emulatorConnection(stack.emu),
      (vaultResource.properties as { vaultUri: string }).vaultUri,
    );
    const held = await vault.getCertificate(names.certificate);
    assert.match(held?.issuer ?? '', /Pebble Intermediate CA/);
    assert.deepEqual([...(held?.names ?? [])].sort(), parsed.spec.certificates.names.toSorted());
    assert.match(
      (await vault.getSecret(names.acmeAccountKeySecret)) ?? '',
      /BEGIN (EC |RSA )?PRIVATE KEY/,
    );
  });

  test('a second deployment of the same spec writes nothing and succeeds', async () => {
    // Against answers in ARM's own form, not an echo of the first run's bodies (arm-shape.ts).
    const parsed = parseSpec(spec);
    assert.ok(parsed.ok);
    const { subscriptionId, resourceGroup, names } = parsed.spec;
    const identity = await adminRequest(
      stack.emu,
      'GET',
      `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${names.appIdentity}?api-version=2024-11-30`,
    );
    assert.match(String(identity.id), /\/resourcegroups\//);
    const before = await writesSoFar();
    const started = await stack.api('POST', '/api/environments', spec);
    assert.equal(started.status, 202);
    const result = await waitForDeployment('contoso-prod');
    assert.equal(result.runtimeStatus, 'Completed', JSON.stringify(result, null, 2));
    assert.deepEqual(
      (await writesSoFar()).slice(before.length),
      [],
      'the second run changed something in Azure',
    );
    assert.match(
      result.stages.find((s) => s.stage === 'certificate')?.summary ?? '',
      /^certificate kept/,
    );
  });

  test('fails at the stage that cannot proceed, skips its dependents, and resumes when posted again', async () => {
    const fabrikam = withImportedImages(
      specWith({
        name: 'fabrikam',
        resourceGroup: 'rg-fabrikam',
        dns: { publicZone: 'fabrikam.example', publicZoneResourceGroup: 'rg-dns-fabrikam' },
        certificates: { email: 'ops@fabrikam.example' },
        gateway: { hostName: 'www.fabrikam.example' },
        app: {
          instances: 1,
        },
        dashboard: { enabled: false },
      }),
    );
    assert.equal((await stack.api('POST', '/api/environments', fabrikam)).status, 202);
    const failed = await waitForDeployment('fabrikam');
    assert.equal(failed.runtimeStatus, 'Failed');
    const byStage = Object.fromEntries(failed.stages.map((s) => [s.stage, s]));
    // The CNAME and the certificate both need the zone; whichever runs first stops the run.
    const failedStages = failed.stages.filter((s) => s.state === 'failed');
    assert.ok(failedStages.length > 0);
    for (const stage of failedStages) {
      assert.equal(stage.error?.code, 'PublicZoneMissing', stage.stage);
      assert.match(
        stage.error?.message ?? '',
        /the public DNS zone fabrikam\.example does not exist in resource group rg-dns-fabrikam; create it/,
      );
    }
    for (const dependent of ['container-groups', 'gateway-configuration', 'verify'])
      assert.equal(byStage[dependent]?.state, 'skipped', dependent);
    assert.equal(byStage.network?.state, 'succeeded');
    // The gateway's create needs neither the zone nor the certificate: it is done already.
    assert.equal(byStage.gateway?.state, 'succeeded');
    assert.match(
      failed.error ?? '',
      /stage (public-dns|certificate) failed: \[not-found\/PublicZoneMissing\]/,
    );

    // The user creates the zone and posts the same spec: the finished stages find nothing to do.
    const group = `/subscriptions/${fabrikam.subscriptionId as string}/resourcegroups/rg-dns-fabrikam`;
    await adminRequest(stack.emu, 'PUT', `${group}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    await adminRequest(
      stack.emu,
      'PUT',
      `${group}/providers/Microsoft.Network/dnsZones/fabrikam.example?api-version=2018-05-01`,
      { location: 'global' },
    );
    assert.equal((await stack.api('POST', '/api/environments', fabrikam)).status, 202);
    const resumed = await waitForDeployment('fabrikam');
    assert.equal(resumed.runtimeStatus, 'Completed', JSON.stringify(resumed, null, 2));
    assert.match(
      resumed.stages.find((s) => s.stage === 'network')?.summary ?? '',
      /^\d+ unchanged$/,
    );
  });

  test('refuses an invalid spec with every problem and starts nothing', async () => {
    const response = await stack.api(
      'POST',
      '/api/environments',
      specWith({ app: { instances: 99 }, network: { subnets: { containers: '10.0.0.0/24' } } }),
    );
    assert.equal(response.status, 400);
    const error = response.body.error as { code: string; problems: { path: string }[] };
    assert.equal(error.code, 'InvalidSpec');
    assert.deepEqual(error.problems.map((p) => p.path).sort(), [
      'app.instances',
      'network.subnets.containers',
    ]);
  });

  test('refuses a body that is not JSON, saying so', async () => {
    const response = await stack.api('POST', '/api/environments', '{"name": ');
    assert.equal(response.status, 400);
    assert.equal((response.body.error as { code: string }).code, 'InvalidJson');
  });

  test('answers 404 for an environment never deployed', async () => {
    const response = await stack.api('GET', '/api/environments/nope');
    assert.equal(response.status, 404);
  });
});
