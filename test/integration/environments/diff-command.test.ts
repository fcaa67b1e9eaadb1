// `aci-vnet-sidecars diff` against an environment the deployment's own stages have deployed on an
// in-process emulator, found the way the command finds a running local stack (stack.json and the
// stack's app settings).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { connect } from '../../../src/azure/connection.js';
import { createVault } from '../../../src/azure/key-vault.js';
import { writeStackFile } from '../../../src/cli/local-stack/stack-file.js';
import { planIds } from '../../../src/plan/index.js';
import { createAppServices } from '../../../src/services.js';
import { readSettings } from '../../../src/settings.js';
import { parseSpec } from '../../../src/spec/index.js';
import { adminRequest } from '../../support/admin.js';
import { pkcs12For } from '../../support/certificates.js';
import { cli } from '../../support/cli.js';
import { localSettingValues } from '../../support/emulator-connection.js';
import { exampleInput, specWith, withImportedImages } from '../../support/specs.js';
import { deployByStages, startStageEmulator } from '../../support/stage-deployment.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';

interface Logged {
  changedState: boolean;
}

const deployed = withImportedImages(exampleInput('minimal'));
const parsed = parseSpec(deployed);
assert.ok(parsed.ok);
const { spec } = parsed;
const digest = (digit: string) => `sha256:${digit.repeat(64)}`;

describe('aci-vnet-sidecars diff, after a deployment', () => {
  let emu: EmulatorHandle;
  let webhook: TestWebhook;
  let stateDir = '';
  const files = mkdtempSync(join(tmpdir(), 'avs-diff-specs-'));

  before(async () => {
    emu = await startStageEmulator('diff');
    webhook = await startWebhook();
    const values = localSettingValues(emu, { ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL: webhook.url });
    const settings = readSettings(values);
    assert.ok(settings.ok);
    const connection = connect(settings.settings, {
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    await userPublicZone(emu);
    await deployByStages(
      createAppServices(settings.settings, connection, () => {}),
      deployed,
      {
        // Issuance has its own tests (with Pebble): the certificate is put in the vault instead.
        certificate: async () => {
          const vault = await adminRequest(
            emu,
            'GET',
            `${planIds(spec).keyVault}?api-version=2026-02-01`,
          );
          const vaultUri = String((vault.properties as { vaultUri: string }).vaultUri);
          const pfx = pkcs12For([spec.gateway.hostName], new Date(Date.now() + 60 * 86_400_000));
          await createVault(connection, vaultUri).setSecret(
            spec.names.certificate,
            Buffer.from(pfx).toString('base64'),
            'application/x-pkcs12',
          );
        },
        // A run-once group keeps nothing that a diff compares; verify writes nothing.
        'database-migration': 'skip',
        verify: 'skip',
      },
    );
    stateDir = localStack(emu, values);
  });
  after(async () => {
    await webhook?.close();
    await emu?.stop();
  });

  function specFile(name: string, input: Record<string, unknown>): string {
    const file = join(files, name);
    writeFileSync(file, JSON.stringify(input));
    return file;
  }

  async function writes(): Promise<number> {
    const log = await adminRequest(emu, 'GET', '/_emulator/requests');
    return (log.value as Logged[]).filter((r) => r.changedState).length;
  }

  test('finds nothing to change in what the deployment made, exits 0 and writes nothing', async () => {
    const before = await writes();
    const run = await cli(
      'diff',
      '--spec',
      specFile('deployed.json', deployed),
      '--state-dir',
      stateDir,
    );
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, 'no changes\n');
    assert.equal(run.code, 0);
    assert.equal(await writes(), before, 'a diff sends no write');
  });

  test('names the JSON path of a new image in each app group, exits 1 and still writes nothing', async () => {
    const web = `mcr.microsoft.com/aci-vnet-sidecars/web@${digest('5')}`;
    const next = specWith({ app: { images: { web } } }, deployed);
    const before = await writes();
    const run = await cli('diff', '--spec', specFile('image.json', next), '--state-dir', stateDir);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(await writes(), before);
    for (const group of spec.names.appContainerGroups) {
      assert.match(run.stdout, new RegExp(`^update\\s+\\S+containerGroups\\s+${group}$`, 'm'));
      assert.match(
        run.stdout,
        new RegExp(
          `^update ${group}\\n  properties\\.containers\\[\\d\\]\\.properties\\.image\\n`,
          'm',
        ),
      );
    }
    assert.match(
      run.stdout,
      new RegExp(
        `^unchanged\\s+\\S+containerGroups\\s+${spec.names.dashboardContainerGroup}$`,
        'm',
      ),
    );
    const groups = spec.names.appContainerGroups.length;
    assert.match(run.stdout, new RegExp(`\\n${groups} to update, \\d+ unchanged\\n$`));
  });

  test('says a group is replaced when its CPU changes, naming the property ACI cannot update', async () => {
    const next = specWith({ app: { resources: { web: { cpu: 1, memoryInGB: 1 } } } }, deployed);
    const run = await cli('diff', '--spec', specFile('cpu.json', next), '--state-dir', stateDir);
    assert.equal(run.code, 1, run.stderr);
    for (const group of spec.names.appContainerGroups) {
      assert.match(run.stdout, new RegExp(`^replace\\s+\\S+containerGroups\\s+${group}$`, 'm'));
      assert.match(
        run.stdout,
        new RegExp(
          `^replaces ${group} \\(CPU of container 'web' changed\\): deleted, then created again\\n  properties\\.containers\\[\\d\\]\\.properties\\.resources\\.requests\\.cpu$`,
          'm',
        ),
      );
    }
  });

  test('one more instance: a new group and its Reader grant are created, the dashboard that lists the groups is updated', async () => {
    const instances = spec.app.instances + 1;
    const next = specWith({ app: { instances } }, deployed);
    const run = await cli('diff', '--spec', specFile('more.json', next), '--state-dir', stateDir);
    assert.equal(run.code, 1, run.stderr);
    const group = `ci-${spec.name}-app-${instances}`;
    assert.match(run.stdout, new RegExp(`^create\\s+\\S+containerGroups\\s+${group}$`, 'm'));
    assert.match(
      run.stdout,
      new RegExp(`^create\\s+\\S+roleAssignments\\s+Reader: \\S+ on ${group}$`, 'm'),
    );
    assert.match(
      run.stdout,
      new RegExp(
        `^update ${spec.names.dashboardContainerGroup}\\n  properties\\.containers\\[\\d\\]\\.properties\\.environmentVariables\\[\\d+\\]\\.value$`,
        'm',
      ),
    );
    // Its A record is planned from its IP, which it has only once it runs.
    assert.doesNotMatch(run.stdout, new RegExp(`privateDnsZones/A\\s+\\S+/app-${instances}`));
    assert.match(run.stdout, /\n2 to create, 1 to update, \d+ unchanged\n$/);
  });

  test('one instance fewer: the last group and its A record are listed delete, and nothing is written', async () => {
    const fewer = specWith({ app: { instances: spec.app.instances - 1 } }, deployed);
    const last = spec.names.appContainerGroups.at(-1) ?? '';
    const record = `${spec.dns.privateZone}/app-${spec.app.instances}`;
    const before = await writes();
    const run = await cli('diff', '--spec', specFile('fewer.json', fewer), '--state-dir', stateDir);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(await writes(), before, 'a diff deletes nothing');
    assert.match(run.stdout, new RegExp(`^delete\\s+\\S+containerGroups\\s+${last}$`, 'm'));
    assert.match(run.stdout, new RegExp(`^delete\\s+\\S+privateDnsZones/A\\s+${record}$`, 'm'));
    assert.match(
      run.stdout,
      new RegExp(
        `^delete ${last}\\n  no longer planned: a deployment takes it out of the gateway's backend pools`,
        'm',
      ),
    );
    assert.match(
      run.stdout,
      new RegExp(
        `^delete ${record}\\n  the A record of a container group no longer planned: deleted after the group$`,
        'm',
      ),
    );
    assert.match(run.stdout, /, 2 to delete, \d+ unchanged\n$/);

    const kept = specWith({ app: { instances: spec.app.instances - 1 }, prune: false }, deployed);
    const keeping = await cli(
      'diff',
      '--spec',
      specFile('kept.json', kept),
      '--state-dir',
      stateDir,
    );
    assert.equal(keeping.code, 1, keeping.stderr);
    assert.doesNotMatch(keeping.stdout, /^delete/m);
    assert.doesNotMatch(keeping.stdout, /to delete/);
  });

  test('exits 2 with one line when the spec file does not exist', async () => {
    const missing = join(files, 'missing.json');
    const run = await cli('diff', '--spec', missing, '--state-dir', stateDir);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `aci-vnet-sidecars: cannot read spec ${missing}: no such file\n`);
  });

  test('exits 2 with one line when no local stack runs in the state dir', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'avs-diff-nostack-'));
    const run = await cli('diff', '--spec', specFile('again.json', deployed), '--state-dir', empty);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^aci-vnet-sidecars: no local stack is running with state dir .*; start one with `npm start`\n$/,
    );
  });
});

/** The user's public zone, which the app only writes records into. */
async function userPublicZone(emu: EmulatorHandle): Promise<void> {
  const group = `/subscriptions/${spec.subscriptionId}/resourcegroups/${spec.dns.publicZoneResourceGroup}`;
  await adminRequest(emu, 'PUT', `${group}?api-version=2025-04-01`, { location: spec.location });
  await adminRequest(
    emu,
    'PUT',
    `${group}/providers/Microsoft.Network/dnsZones/${spec.dns.publicZone}?api-version=2018-05-01`,
    { location: 'global' },
  );
}

/** A state dir as `npm start` leaves it: stack.json and the host's app settings. */
function localStack(emu: EmulatorHandle, values: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'avs-diff-state-'));
  const appDir = join(dir, 'app');
  mkdirSync(appDir);
  const appSettingsFile = join(appDir, 'local.settings.json');
  writeFileSync(appSettingsFile, JSON.stringify({ Values: values, Host: { FunctionKey: 'k' } }));
  writeStackFile(dir, {
    armUrl: emu.armUrl,
    caFile: emu.caFile,
    hostUrl: 'http://127.0.0.1:9',
    appSettingsFile,
  });
  return dir;
}
