// A deleted Key Vault stays soft-deleted and keeps its name (soft-delete-overview.md): deploying
// the environment again recovers it, with the certificate it held, instead of failing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseSpec } from '../../src/spec/index.js';
import { adminRequest } from '../support/admin.js';
import { deployAndWait, type DeploymentStatus } from '../support/deployments.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { specWith, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');

const spec = withImportedImages(
  specWith({ name: 'contoso-vault', app: { instances: 1 }, dashboard: { enabled: false } }),
);

describe('deploying again after the vault was deleted', { skip }, () => {
  let stack: LocalStack;

  before(async () => {
    stack = await startLocalStack({
      publicZones: [
        {
          subscriptionId: '00000000-0000-0000-0000-000000000000',
          resourceGroup: 'rg-contoso-dev',
          zone: 'contoso.example',
        },
      ],
    });
  });
  after(async () => {
    await stack?.stop();
  });

  async function deploy(): Promise<DeploymentStatus> {
    const progress = await deployAndWait(stack, spec, 'contoso-vault', 60_000);
    assert.equal(progress.runtimeStatus, 'Completed', JSON.stringify(progress, null, 2));
    return progress;
  }

  const summaryOf = (status: DeploymentStatus, stage: string) =>
    status.stages.find((s) => s.stage === stage)?.summary ?? '';

  test('recovers the soft-deleted vault and keeps the certificate it holds', async () => {
    const first = await deploy();
    assert.match(summaryOf(first, 'certificate'), /^certificate issued/);
    const parsed = parseSpec(spec);
    assert.ok(parsed.ok);
    const { subscriptionId, resourceGroup, names } = parsed.spec;
    const vault = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.KeyVault/vaults/${names.keyVault}?api-version=2026-02-01`;
    await adminRequest(stack.emu, 'DELETE', vault);

    const second = await deploy();
    assert.match(
      summaryOf(second, 'key-vault'),
      new RegExp(`recovered soft-deleted vault ${names.keyVault}`),
    );
    // The recovered vault still holds the certificate: nothing is issued again.
    assert.match(summaryOf(second, 'certificate'), /^certificate kept/);
  });
});
