// The database-migration stage against the emulator: a run-once container group holding only the
// SQL admin identity, whose exit code and log the stage reads before deleting it. The emulator
// runs no process: the container's outcome is set through its admin API (run-once.ts).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../local/emulator/index.js';
import { applyResources, environmentContext } from '../../../src/environments/index.js';
import { classifyFailure } from '../../../src/errors.js';
import { planIds, type PlannedResource } from '../../../src/plan/index.js';
import { MIGRATION_MARKER_TAG } from '../../../src/provisioning/database-migration.js';
import type { StageContext } from '../../../src/provisioning/stage-context.js';
import { resourcesOfStage, type StageName } from '../../../src/provisioning/stage-graph.js';
import { databaseMigrationStage } from '../../../src/provisioning/stages/database-migration-stage.js';
import type { StageReport } from '../../../src/provisioning/types.js';
import { createAppServices } from '../../../src/services.js';
import { parseSpec } from '../../../src/spec/index.js';
import { adminRequest } from '../../support/admin.js';
import { emulatorConnection, localSettings } from '../../support/emulator-connection.js';
import { until } from '../../support/eventually.js';
import { specWith } from '../../support/specs.js';

/** The stages whose resources the migration group needs (see src/plan/database-migration.ts). */
const BEFORE: StageName[] = ['identities', 'network', 'private-dns', 'registry', 'database'];
const GROUP_API = '2023-05-01';
const DATABASE_API = '2022-08-01-preview';

interface Logged {
  method: string;
  path: string;
  changedState: boolean;
}

describe('the database-migration stage', () => {
  let emu: EmulatorHandle;
  const input = specWith({ name: 'contoso-migr', resourceGroup: 'rg-contoso-migr' });
  const parsed = parseSpec(input);
  assert.ok(parsed.ok);
  const ids = planIds(parsed.spec);
  const groupId = `${ids.resourceGroup}/providers/Microsoft.ContainerInstance/containerGroups/ci-contoso-migr-migrate`;

  before(async () => {
    emu = await startEmulator({
      stateDir: mkdtempSync(join(tmpdir(), 'avs-migration-stage-')),
      timeScale: 0.0001,
      freshSubscription: false,
    });
    await adminRequest(emu, 'PUT', `${ids.resourceGroup}?api-version=2025-04-01`, {
      location: 'westeurope',
    });
    const ctx = context();
    ctx.apply.params.tenantId = emu.tenantId;
    await applyResources(
      ctx.apply,
      BEFORE.flatMap((s) => resourcesOfStage(ctx.plan, s)),
    );
  });
  after(() => emu.stop());

  /** What one activity run of the stage gets: a fresh context, as each Durable activity has. */
  function context(log: (line: string) => void = () => {}): StageContext {
    const services = createAppServices(localSettings(emu), emulatorConnection(emu), log);
    const env = environmentContext(services, input, 'database-migration');
    return { ...env, resources: resourcesOfStage(env.plan, 'database-migration') };
  }

  /** Runs the stage as the orchestrator would: again after each "not ready", until it answers. */
  async function deploy(
    log?: (line: string) => void,
  ): Promise<{ report: StageReport; waits: string[] }> {
    const waits: string[] = [];
    let report: StageReport | undefined;
    await until(
      async () => {
        const answer = await databaseMigrationStage(context(log));
        if ('notReady' in answer) waits.push(answer.notReady);
        else report = answer;
        return report !== undefined;
      },
      { what: 'the migration stage to finish' },
    );
    return { report: report!, waits };
  }

  const writes = async () =>
    ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as Logged[])
      .filter((r) => r.changedState)
      .map((r) => `${r.method} ${r.path.split('?')[0]!.split('/').slice(-2).join('/')}`);
  const reads = async () =>
    ((await adminRequest(emu, 'GET', '/_emulator/requests')).value as Logged[]).map(
      (r) => `${r.method} ${r.path.split('?')[0]!.split('/').slice(-4).join('/')}`,
    );
  const databaseTags = async () =>
    (await adminRequest(emu, 'GET', `${ids.sqlDatabase}?api-version=${DATABASE_API}`)).tags as
      Record<string, string> | undefined;
  const groupExists = () =>
    adminRequest(emu, 'GET', `${groupId}?api-version=${GROUP_API}`).then(
      () => true,
      () => false,
    );
  const outcome = (exitCode: number, log: string) =>
    adminRequest(emu, 'POST', '/_emulator/container-instance/outcomes', {
      containerGroupId: groupId,
      container: 'migrate',
      exitCode,
      log,
    });
  const forgetMigration = async () => {
    const tags = { ...(await databaseTags()) };
    delete tags[MIGRATION_MARKER_TAG];
    await adminRequest(emu, 'PATCH', `${ids.sqlDatabase}?api-version=${DATABASE_API}`, { tags });
  };

  test('runs the group holding only the SQL admin, reads its exit and log, deletes it, records the run', async () => {
    await outcome(
      0,
      'migrate: connected to Azure SQL x\nmigrate: + table dbo.access_log\nmigrate: 5 changes\n',
    );
    const before = (await writes()).length;
    const { report, waits } = await deploy();
    assert.equal(
      report.summary,
      'migrate: 5 changes (ran in ci-contoso-migr-migrate, now deleted)',
    );
    assert.equal(report.updated, 5);
    assert.deepEqual(report.outputs.log, [
      'migrate: connected to Azure SQL x',
      'migrate: + table dbo.access_log',
      'migrate: 5 changes',
    ]);
    assert.ok(
      waits.every((w) =>
        w.startsWith('waiting for the migration in ci-contoso-migr-migrate to exit'),
      ),
      waits.join('\n'),
    );
    assert.deepEqual((await writes()).slice(before), [
      'PUT containerGroups/ci-contoso-migr-migrate',
      'DELETE containerGroups/ci-contoso-migr-migrate',
      `PATCH databases/${parsed.spec.database.name}`,
    ]);
    assert.ok((await reads()).includes('GET ci-contoso-migr-migrate/containers/migrate/logs'));
    assert.equal(await groupExists(), false);
    assert.equal((await databaseTags())?.[MIGRATION_MARKER_TAG], report.outputs.migration);
    assert.equal((await databaseTags())?.['managed-by'], 'aci-vnet-sidecars', 'other tags kept');
  });

  test("a second deployment's stage creates no group and writes nothing", async () => {
    const before = (await writes()).length;
    const { report, waits } = await deploy();
    assert.deepEqual(waits, []);
    assert.match(
      report.summary,
      /^the database already had this migration \([0-9a-f]{8}\): no group created$/,
    );
    assert.equal(report.unchanged, 1);
    assert.deepEqual((await writes()).slice(before), []);
  });

  test('fails on a nonzero exit with the tail of the log, and deletes the group', async () => {
    await forgetMigration();
    await outcome(
      1,
      'migrate: connected to Azure SQL x\nmigrate: failed while migrating: CREATE USER [id-contoso-migr-app] failed: no\n',
    );
    const failure = await deploy().then(
      () => assert.fail('the stage succeeded'),
      (error: unknown) => classifyFailure(error),
    );
    assert.equal(failure.kind, 'validation');
    assert.equal(failure.code, 'MigrationFailed');
    assert.match(
      failure.message,
      /^the database migration in ci-contoso-migr-migrate exited with code 1; its log ends:\nmigrate: connected to Azure SQL x\nmigrate: failed while migrating: CREATE USER \[id-contoso-migr-app\] failed: no\nThe group is deleted/,
    );
    assert.equal(await groupExists(), false);
    assert.equal(
      (await databaseTags())?.[MIGRATION_MARKER_TAG],
      undefined,
      'no record of a failed run',
    );
  });

  test('deletes a group another migration left before running its own', async () => {
    await outcome(0, 'migrate: 0 changes: the database already had them\n');
    const ctx = context();
    const task = ctx.plan.runOnce[0] as PlannedResource;
    const stale = structuredClone(task.body);
    await adminRequest(emu, 'PUT', `${groupId}?api-version=${GROUP_API}`, {
      ...stale,
      identity: { type: 'UserAssigned', userAssignedIdentities: { [ids.sqlAdminIdentity]: {} } },
      properties: {
        ...(stale.properties as object),
        imageRegistryCredentials: [],
        containers: [
          {
            name: 'migrate',
            properties: {
              image: 'registry.example/migrate:old',
              resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } },
            },
          },
        ],
      },
    });
    const lines: string[] = [];
    const { report, waits } = await deploy((l) => lines.push(l));
    assert.equal(
      waits[0],
      'ci-contoso-migr-migrate was left by another migration and is deleted; creating it anew',
    );
    assert.match(report.summary, /^migrate: 0 changes/);
    assert.equal(report.unchanged, 1);
    assert.ok(
      lines.some((l) =>
        l.includes('deleting ci-contoso-migr-migrate: it was created for another migration'),
      ),
    );
  });

  test("neither uses nor deletes a group of that name that is not this environment's", async () => {
    await forgetMigration();
    const task = context().plan.runOnce[0] as PlannedResource;
    await adminRequest(emu, 'PUT', `${groupId}?api-version=${GROUP_API}`, {
      ...structuredClone(task.body),
      tags: { owner: 'someone else' },
      identity: { type: 'UserAssigned', userAssignedIdentities: { [ids.sqlAdminIdentity]: {} } },
      properties: {
        ...(task.body.properties as object),
        imageRegistryCredentials: [],
        containers: [
          {
            name: 'migrate',
            properties: { image: 'x/y:1', resources: { requests: { cpu: 0.5, memoryInGB: 0.5 } } },
          },
        ],
      },
    });
    await assert.rejects(
      databaseMigrationStage(context()),
      /\[validation\/NotOwned\] .*ci-contoso-migr-migrate/,
    );
    assert.equal(await groupExists(), true);
  });
});
