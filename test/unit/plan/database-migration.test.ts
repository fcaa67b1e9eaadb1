import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildPlan,
  findSecretLikeValues,
  planIds,
  planProblems,
  ref,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { stageGraph } from '../../../src/provisioning/stage-graph.js';
import { exampleSpec, list, named } from './helpers.js';

const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';

function migration(example: 'minimal' | 'full' = 'full', changes = {}) {
  const spec = exampleSpec(example, changes);
  const plan = buildPlan(spec);
  assert.equal(plan.runOnce.length, 1);
  return { spec, plan, ids: planIds(spec), task: plan.runOnce[0]! };
}

function environment(task: PlannedResource): Record<string, string> {
  const [container] = list(task.body, 'properties.containers');
  return Object.fromEntries(
    list(container, 'properties.environmentVariables').map((v) => [
      String(v.name),
      String(v.value),
    ]),
  );
}

describe('the database migration group', () => {
  test('runs once, in the containers subnet, exposing nothing', () => {
    const { task, ids, spec } = migration();
    assert.equal(task.type, GROUP_TYPE);
    assert.equal(task.name, 'ci-contoso-prod-migrate');
    assert.equal(task.area, 'database-migration');
    const properties = task.body.properties as Record<string, unknown>;
    assert.equal(properties.restartPolicy, 'Never');
    assert.deepEqual(properties.subnetIds, [{ id: ids.subnets.containers }]);
    assert.equal(properties.ipAddress, undefined);
    assert.equal(properties.initContainers, undefined);
    const [container] = list(task.body, 'properties.containers');
    assert.equal(container!.name, 'migrate');
    assert.equal(
      (container!.properties as { image: string }).image,
      `${ref(ids.registry, 'properties.loginServer')}/migrate:latest`,
    );
    assert.equal((container!.properties as { ports?: unknown }).ports, undefined);
    assert.deepEqual((container!.properties as { resources: unknown }).resources, {
      requests: spec.app.resources.migrate,
    });
    assert.deepEqual(task.body.tags, {
      'aci-vnet-sidecars-environment': 'contoso-prod',
      'managed-by': 'aci-vnet-sidecars',
    });
  });

  test('holds only the SQL admin identity, and pulls its image with it', () => {
    const { task, ids } = migration();
    assert.deepEqual(task.body.identity, {
      type: 'UserAssigned',
      userAssignedIdentities: { [ids.sqlAdminIdentity]: {} },
    });
    assert.deepEqual(list(task.body, 'properties.imageRegistryCredentials'), [
      { server: ref(ids.registry, 'properties.loginServer'), identity: ids.sqlAdminIdentity },
    ]);
    for (const other of [ids.appIdentity, ids.dashboardIdentity, ids.gatewayIdentity]) {
      assert.ok(!JSON.stringify(task.body.identity).includes(other));
      assert.ok(
        !JSON.stringify(task.body.properties).includes(`"identity":"${other}"`),
        `${other} pulls nothing here`,
      );
    }
  });

  test("tells the program the database, the admin's client id and each identity's name and ids", () => {
    const { task, ids, spec } = migration();
    assert.deepEqual(environment(task), {
      DATABASE_ENGINE: 'azuresql',
      SQL_SERVER_FQDN: `${spec.names.sqlServer}.database.windows.net`,
      SQL_DATABASE: spec.database.name,
      AZURE_CLIENT_ID: ref(ids.sqlAdminIdentity, 'properties.clientId'),
      API_IDENTITY_NAME: 'id-contoso-prod-app',
      API_IDENTITY_OBJECT_ID: ref(ids.appIdentity, 'properties.principalId'),
      API_IDENTITY_CLIENT_ID: ref(ids.appIdentity, 'properties.clientId'),
      DASHBOARD_IDENTITY_NAME: 'id-contoso-prod-dashboard',
      DASHBOARD_IDENTITY_OBJECT_ID: ref(ids.dashboardIdentity, 'properties.principalId'),
      DASHBOARD_IDENTITY_CLIENT_ID: ref(ids.dashboardIdentity, 'properties.clientId'),
    });
    const [container] = list(task.body, 'properties.containers');
    for (const variable of list(container, 'properties.environmentVariables'))
      assert.ok(!('secureValue' in variable), String(variable.name));
    assert.deepEqual(findSecretLikeValues(task.body), []);
  });

  test('names no dashboard user when there is no dashboard', () => {
    const { task } = migration('minimal', { dashboard: { enabled: false } });
    assert.deepEqual(
      Object.keys(environment(task)).filter((k) => k.startsWith('DASHBOARD')),
      [],
    );
  });

  test('is no resource the environment keeps, and depends only on planned ones', () => {
    const { plan, task } = migration();
    assert.ok(!plan.resources.some((r) => r.id === task.id));
    assert.ok(!plan.resources.some((r) => r.type === GROUP_TYPE && r.name.endsWith('-migrate')));
    assert.deepEqual(planProblems(plan), []);
    const broken = { ...plan, runOnce: [{ ...task, dependsOn: task.dependsOn.slice(1) }] };
    const problems = planProblems(broken);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(
      problems[0]!,
      /-migrate references .*id-contoso-prod-sql-admin.* without depending on it/,
    );
    const unplanned = { ...plan, runOnce: [{ ...task, dependsOn: [...task.dependsOn, '/x'] }] };
    assert.deepEqual(planProblems(unplanned), [`${task.id} depends on /x, which is not planned`]);
  });

  test("runs after the database, registry, network and identities, and not in the container groups' way", () => {
    const { plan } = migration();
    const graph = stageGraph(plan);
    const node = graph.find((n) => n.name === 'database-migration')!;
    for (const stage of ['database', 'registry', 'network', 'identities', 'private-dns'] as const)
      assert.ok(node.dependsOn.includes(stage), stage);
    // The api and the dashboard retry their connection per request: the groups need not wait.
    assert.ok(
      !graph.find((n) => n.name === 'container-groups')!.dependsOn.includes('database-migration'),
    );
    // Its AcrPull grant is written with the registry, before the group pulls the image.
    const grant = plan.resources.find(
      (r) =>
        r.type === 'Microsoft.Authorization/roleAssignments' &&
        JSON.stringify(r.body).includes(planIds(exampleSpec('full')).sqlAdminIdentity),
    );
    assert.ok(grant && node.dependsOn.includes('registry'));
    assert.ok(named(list(plan.runOnce[0]!.body, 'properties.containers'), 'migrate'));
  });
});
