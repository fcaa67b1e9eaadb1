// Deleting a vault only soft-deletes it, and its name stays taken (soft-delete-overview.md): the
// key-vault stage recovers a soft-deleted vault of the planned name instead of failing on it.
import { CertificateClient } from '@azure/keyvault-certificates';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { environmentContext } from '../../../src/environments/index.js';
import { classifyFailure } from '../../../src/errors.js';
import { resourcesOfStage } from '../../../src/provisioning/stage-graph.js';
import type { StageContext } from '../../../src/provisioning/stage-context.js';
import { stageDefinition } from '../../../src/provisioning/stage-table.js';
import type { StageReport } from '../../../src/provisioning/types.js';
import { createAppServices } from '../../../src/services.js';
import { adminRequest } from '../../support/admin.js';
import { pkcs12For } from '../../support/certificates.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { until } from '../../support/eventually.js';
import { specWith } from '../../support/specs.js';

const VAULT_API = 'api-version=2026-02-01';

interface Logged {
  method: string;
  path: string;
  status: number;
  changedState: boolean;
}

describe('the key-vault stage over a soft-deleted vault of the planned name', () => {
  let emu: EmulatorHandle;
  const lines: string[] = [];

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-vault-recovery-')),
      timeScale: 0.0001,
      // Resource provider registration is the providers stage's test; here it is done already.
      freshSubscription: false,
    });
  });
  after(() => emu.stop());

  function context(spec: Record<string, unknown>, stage: 'identities' | 'key-vault') {
    const services = createAppServices(localSettings(emu), emulatorConnection(emu), (line) =>
      lines.push(line),
    );
    const env = environmentContext(services, spec, stage);
    return { ...env, resources: resourcesOfStage(env.plan, stage) } satisfies StageContext;
  }

  /** The identities stage (the vault's roles name them), then the key-vault stage. */
  async function deployVault(spec: Record<string, unknown>): Promise<StageReport> {
    await stageDefinition('identities').run(context(spec, 'identities'));
    const report = await stageDefinition('key-vault').run(context(spec, 'key-vault'));
    assert.ok('summary' in report, 'the key-vault stage never waits');
    return report;
  }

  function vaultOf(spec: Record<string, unknown>) {
    const ctx = context(spec, 'key-vault');
    const vault = ctx.resources.find((r) => r.type === 'Microsoft.KeyVault/vaults')!;
    const certificates = () =>
      ctx.apply.store
        .get(vault.id, vault.apiVersion)
        .then(
          (found) =>
            new CertificateClient(
              String(found?.properties?.vaultUri),
              ctx.services.connection.credential,
              ctx.services.connection.vaultOptions,
            ),
        );
    return { id: vault.id, name: vault.name, certificates };
  }

  /** Reads `name` as this app, once its role assignments on the vault have applied. */
  async function readCertificate(client: CertificateClient, name: string): Promise<string> {
    let found = '';
    await until(
      () =>
        client.getCertificate(name).then(
          (c) => ((found = c.name), true),
          () => false,
        ),
      { what: `certificate ${name} to be readable` },
    );
    return found;
  }

  const writes = async () =>
    ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as Logged[]).filter(
      (r) => r.changedState,
    );

  test('recovers the vault with its certificate, re-creates its role assignments, and says so', async () => {
    const spec = specWith({ name: 'contoso-kvrec' });
    assert.match((await deployVault(spec)).summary, /created/);
    const vault = vaultOf(spec);
    await (
      await vault.certificates()
    ).importCertificate(
      'app-contoso-example',
      pkcs12For(['app.contoso.example'], new Date(Date.now() + 80 * 86_400_000)),
      { policy: { contentType: 'application/x-pkcs12', exportable: true } },
    );
    await adminRequest(emu, 'DELETE', `${vault.id}?${VAULT_API}`);
    const deletedAt = (await writes()).length;

    const report = await deployVault(spec);
    assert.match(report.summary, new RegExp(`recovered soft-deleted vault ${vault.name}`));
    assert.match(report.summary, /created/, 'the role assignments the deletion removed');
    const sent = (await writes()).slice(deletedAt).map((w) => `${w.method} ${w.status}`);
    assert.ok(!sent.some((s) => s.endsWith(' 409')), `no refused create: ${sent.join(', ')}`);
    assert.ok(
      lines.some((l) => l.includes(`recovered the soft-deleted Key Vault ${vault.name}`)),
      lines.join('\n'),
    );
    const client = await vault.certificates();
    assert.equal(await readCertificate(client, 'app-contoso-example'), 'app-contoso-example');

    const rerun = await deployVault(spec);
    assert.doesNotMatch(rerun.summary, /recovered|created/, 'a second run recovers nothing');
  });

  test('stops with a clear error when the soft-deleted vault is in another location', async () => {
    const spec = specWith({ name: 'contoso-kvloc' });
    await deployVault(spec);
    const vault = vaultOf(spec);
    await adminRequest(emu, 'DELETE', `${vault.id}?${VAULT_API}`);

    const moved = specWith({ name: 'contoso-kvloc', location: 'northeurope' });
    assert.equal(vaultOf(moved).name, vault.name, 'the vault name does not depend on location');
    const failure = await deployVault(moved).then(
      () => assert.fail('the stage should refuse'),
      (error: unknown) => classifyFailure(error),
    );
    assert.equal(failure.kind, 'validation');
    assert.equal(failure.code, 'SoftDeletedVaultElsewhere');
    assert.match(failure.message, new RegExp(`name ${vault.name} is held by a soft-deleted vault`));
    assert.match(failure.message, /in westeurope, resource group rg-contoso-dev/);
    assert.match(failure.message, /plans its vault in northeurope/);
    assert.match(failure.message, /purge protection forbids purging it earlier/);
  });
});
