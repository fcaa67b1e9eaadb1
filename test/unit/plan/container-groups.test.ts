import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BUILT_IN_ROLES,
  buildPlan,
  planIds,
  ref,
  renderNginxConf,
  SIDECAR_FILES,
  type Plan,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { at, envOf, exampleSpec, list, named, ofType } from './helpers.js';
import { stageGraph } from '../../../src/provisioning/stage-graph.js';

const GROUP = 'Microsoft.ContainerInstance/containerGroups';

function setup(changes = {}) {
  const spec = exampleSpec('full', changes);
  const ids = planIds(spec);
  const plan = buildPlan(spec);
  const groups = ofType(plan, GROUP);
  const loginServer = ref(ids.registry, 'properties.loginServer');
  /** The identity a group runs as: the dashboard's own, or the app groups'. */
  const identityOf = (group: PlannedResource) =>
    group.id === ids.dashboardContainerGroup ? ids.dashboardIdentity : ids.appIdentity;
  return { spec, ids, plan, groups, loginServer, identityOf };
}

/** The id of the planned role assignment granting `identityId` the role on `scope`. */
function grantId(plan: Plan, scope: string, identityId: string, role: keyof typeof BUILT_IN_ROLES) {
  const found = ofType(plan, 'Microsoft.Authorization/roleAssignments').filter(
    (r) =>
      r.scope === scope &&
      JSON.stringify(r.body).includes(identityId) &&
      JSON.stringify(r.body).includes(BUILT_IN_ROLES[role]),
  );
  assert.equal(found.length, 1, `one ${role} grant on ${scope}`);
  return found[0]!.id;
}

function containers(group: PlannedResource) {
  return list(group.body, 'properties.containers');
}

function init(group: PlannedResource) {
  return named(list(group.body, 'properties.initContainers'), 'init');
}

describe('container groups', () => {
  test('plans one group per instance plus the dashboard group, with the spec names', () => {
    const { groups, spec } = setup();
    assert.deepEqual(
      groups.map((g) => g.name),
      [...spec.names.appContainerGroups, spec.names.dashboardContainerGroup],
    );
    assert.equal(spec.names.appContainerGroups.length, 3);
    assert.equal(ofType(buildPlan(exampleSpec('minimal')), GROUP).length, 3);
  });

  test('plans no dashboard group when the dashboard is disabled', () => {
    const { groups, spec } = setup({ dashboard: { enabled: false }, app: { instances: 5 } });
    assert.deepEqual(
      groups.map((g) => g.name),
      spec.names.appContainerGroups,
    );
    assert.equal(groups.length, 5);
  });

  test('runs each group privately in the delegated subnet, as Linux, restarted always', () => {
    const { groups, ids, identityOf } = setup();
    for (const group of groups) {
      assert.deepEqual(at(group.body, 'properties.subnetIds'), [{ id: ids.subnets.containers }]);
      assert.deepEqual(at(group.body, 'properties.ipAddress'), {
        type: 'Private',
        ports: [{ port: 443, protocol: 'TCP' }],
      });
      assert.equal(at(group.body, 'properties.osType'), 'Linux');
      assert.equal(at(group.body, 'properties.restartPolicy'), 'Always');
      assert.deepEqual(group.body.identity, {
        type: 'UserAssigned',
        userAssignedIdentities: { [identityOf(group)]: {} },
      });
    }
  });

  test("pulls images from the registry with the group's identity, never a password", () => {
    const { groups, loginServer, identityOf } = setup();
    for (const group of groups) {
      assert.deepEqual(at(group.body, 'properties.imageRegistryCredentials'), [
        { server: loginServer, identity: identityOf(group) },
      ]);
    }
  });

  test('names images after the registry repository: build folders, or the imported name and tag', () => {
    const { groups, loginServer } = setup();
    const app = groups[0]!;
    assert.equal(at(init(app), 'properties.image'), `${loginServer}/init:1.0.0`);
    assert.deepEqual(
      containers(app).map((c) => at(c, 'properties.image')),
      [`${loginServer}/sidecar:1.0.0`, `${loginServer}/web:1.0.0`, `${loginServer}/api:1.0.0`],
    );
    const dashboard = named(containers(groups[3]!), 'dashboard');
    assert.equal(at(dashboard, 'properties.image'), `${loginServer}/dash:1.0.0`);
  });

  test('runs the sidecar on 443, web on 80 and the API on 8080 with the spec resources', () => {
    const { groups, spec } = setup();
    const [sidecar, web, api] = containers(groups[0]!);
    assert.deepEqual(
      [sidecar, web, api].map((c) => [c!.name, at(c, 'properties.ports')]),
      [
        ['sidecar', [{ port: 443, protocol: 'TCP' }]],
        ['web', [{ port: 80, protocol: 'TCP' }]],
        ['api', [{ port: 8080, protocol: 'TCP' }]],
      ],
    );
    assert.deepEqual(at(api, 'properties.resources'), { requests: { cpu: 1, memoryInGB: 1.5 } });
    assert.deepEqual(at(web, 'properties.resources'), { requests: spec.app.resources.web });
    // The sidecar image runs its own entry (fetch the certificate, then nginx): no command here.
    assert.equal((sidecar!.properties as Record<string, unknown>).command, undefined);
  });

  test('shares the TLS volume: nginx.conf from the init container, key and chain from the sidecar', () => {
    const { groups } = setup();
    for (const group of groups) {
      assert.deepEqual(at(group.body, 'properties.volumes'), [{ name: 'tls', emptyDir: {} }]);
      assert.deepEqual(at(init(group), 'properties.volumeMounts'), [
        { name: 'tls', mountPath: '/etc/nginx/tls', readOnly: false },
      ]);
      assert.deepEqual(at(named(containers(group), 'sidecar'), 'properties.volumeMounts'), [
        { name: 'tls', mountPath: '/etc/nginx/tls', readOnly: false },
      ]);
      for (const other of containers(group).filter((c) => c.name !== 'sidecar'))
        assert.equal(
          (other.properties as Record<string, unknown>).volumeMounts,
          undefined,
          `${String(other.name)} sees no key`,
        );
    }
  });

  test('tells the init container only where the volume is and what nginx.conf says, nothing of Azure', () => {
    const { groups } = setup();
    for (const group of groups.slice(0, 3)) {
      const env = envOf(init(group));
      // ACI init containers get no managed identity and no IP (MicrosoftDocs/azure-docs PR #101684).
      assert.deepEqual(Object.keys(env).sort(), ['NGINX_CONF_BASE64', 'SIDECAR_USER', 'TLS_DIR']);
      assert.equal(env.TLS_DIR, SIDECAR_FILES.directory);
      const conf = Buffer.from(env.NGINX_CONF_BASE64!, 'base64').toString('utf8');
      assert.equal(
        conf,
        renderNginxConf({
          serverName: 'app.contoso.example',
          routes: 'app',
          certPath: SIDECAR_FILES.certificate,
          keyPath: SIDECAR_FILES.privateKey,
        }),
      );
    }
  });

  test("gives the sidecar its group's identity, the vault, the certificate and how often to check it", () => {
    const { groups, ids, spec, identityOf } = setup();
    for (const group of groups) {
      const env = envOf(named(containers(group), 'sidecar'));
      assert.deepEqual(env, {
        AZURE_CLIENT_ID: ref(identityOf(group), 'properties.clientId'),
        KEY_VAULT_URL: ref(ids.keyVault, 'properties.vaultUri'),
        CERTIFICATE_NAME: spec.names.certificate,
        TLS_DIR: SIDECAR_FILES.directory,
        NGINX_CONF: SIDECAR_FILES.config,
        CHECK_INTERVAL_SECONDS: '3600',
      });
    }
    const hourly = setup({ certificates: { checkEveryMinutes: 15 } });
    assert.equal(
      envOf(named(containers(hourly.groups[0]!), 'sidecar')).CHECK_INTERVAL_SECONDS,
      '900',
    );
  });

  test('gives the API the database engine, SQL server, database and client id, and nothing secret', () => {
    const { groups, ids, spec } = setup();
    const env = envOf(named(containers(groups[0]!), 'api'));
    assert.equal(env.DATABASE_ENGINE, 'azuresql');
    // Known from the spec: the group need not wait for the server (a reference would make it).
    assert.equal(env.SQL_SERVER_FQDN, `${spec.names.sqlServer}.database.windows.net`);
    assert.equal(env.SQL_DATABASE, 'appdb');
    assert.equal(env.AZURE_CLIENT_ID, ref(ids.appIdentity, 'properties.clientId'));
    for (const group of groups) {
      const text = JSON.stringify(group.body);
      assert.ok(!/secureValue|password|"secret"|gitRepo/i.test(text), group.name);
    }
  });

  test('runs init, nginx and the dashboard in the dashboard group with a dashboard nginx.conf', () => {
    const { groups } = setup();
    const dashboard = groups[3]!;
    assert.deepEqual(
      containers(dashboard).map((c) => c.name),
      ['sidecar', 'dashboard'],
    );
    assert.deepEqual(at(named(containers(dashboard), 'dashboard'), 'properties.ports'), [
      { port: 80, protocol: 'TCP' },
    ]);
    const env = envOf(init(dashboard));
    const conf = Buffer.from(env.NGINX_CONF_BASE64!, 'base64').toString('utf8');
    assert.ok(conf.includes('(dashboard)'));
    assert.ok(!conf.includes('location /api/'));
  });

  test('starts a group after its identity, grants, VNet, vault and registry, not after the database', () => {
    const { groups, ids, plan } = setup();
    for (const app of groups.slice(0, 3)) {
      assert.deepEqual(app.dependsOn, [
        ids.appIdentity,
        ids.virtualNetwork,
        ids.registry,
        ids.keyVault,
        grantId(plan, ids.registry, ids.appIdentity, 'acrPull'),
        grantId(plan, ids.certificateSecret, ids.appIdentity, 'keyVaultSecretsUser'),
      ]);
    }
    // The API opens a connection per request: the SQL server, its endpoint and the privatelink
    // zone may come later, so the database stays off the groups' path (stage graph included).
    const graph = stageGraph(plan);
    const stage = graph.find((n) => n.name === 'container-groups')!;
    for (const database of ['database', 'database-migration', 'private-dns'] as const)
      assert.ok(!stage.dependsOn.includes(database), database);
  });

  test('starts the dashboard group after the app groups it shows', () => {
    const { groups, ids, plan } = setup();
    assert.deepEqual(groups[3]!.dependsOn, [
      ids.dashboardIdentity,
      ids.virtualNetwork,
      ids.registry,
      ids.keyVault,
      grantId(plan, ids.registry, ids.dashboardIdentity, 'acrPull'),
      grantId(plan, ids.certificateSecret, ids.dashboardIdentity, 'keyVaultSecretsUser'),
      ...ids.appContainerGroups,
    ]);
  });

  test("tells the dashboard its environment, its own identity's client id, the app groups to show, the certificate and the database", () => {
    const { groups, ids, spec } = setup();
    assert.deepEqual(envOf(named(containers(groups[3]!), 'dashboard')), {
      PORT: '80',
      CONTAINER_GROUP_NAME: spec.names.dashboardContainerGroup,
      AZURE_CLIENT_ID: ref(ids.dashboardIdentity, 'properties.clientId'),
      ENVIRONMENT_NAME: 'contoso-prod',
      CONTAINER_GROUP_IDS: ids.appContainerGroups.join(','),
      KEY_VAULT_URL: envOf(named(containers(groups[0]!), 'sidecar')).KEY_VAULT_URL,
      CERTIFICATE_NAME: spec.names.certificate,
      DATABASE_ENGINE: 'azuresql',
      SQL_SERVER_FQDN: `${spec.names.sqlServer}.database.windows.net`,
      SQL_DATABASE: 'appdb',
    });
    assert.equal(spec.name, 'contoso-prod');
    assert.equal(ids.appContainerGroups.length, 3);
  });

  test('points every client id a container is given at the one identity its group carries', () => {
    const { groups, identityOf } = setup();
    for (const group of groups) {
      const carried = Object.keys(
        (group.body.identity as { userAssignedIdentities: object }).userAssignedIdentities,
      );
      assert.deepEqual(carried, [identityOf(group)]);
      for (const c of containers(group)) {
        const clientId = envOf(c).AZURE_CLIENT_ID;
        if (clientId !== undefined)
          assert.equal(clientId, ref(identityOf(group), 'properties.clientId'), String(c.name));
      }
    }
  });

  test('has the init container hand the TLS volume to the unprivileged nginx user 101:101', () => {
    const { groups } = setup();
    for (const group of groups) assert.equal(envOf(init(group)).SIDECAR_USER, '101:101');
  });

  test('tells web and the API the ports nginx proxies to, and web where the API is', () => {
    const { groups, spec } = setup();
    for (const [i, group] of groups.slice(0, 3).entries()) {
      // Asked server-side over loopback, as the original sample's page asked API_URL=127.0.0.1:8080.
      assert.deepEqual(envOf(named(containers(group), 'web')), {
        PORT: '80',
        CONTAINER_GROUP_NAME: spec.names.appContainerGroups[i],
        API_URL: 'http://127.0.0.1:8080',
      });
      assert.equal(envOf(named(containers(group), 'api')).PORT, '8080');
    }
  });

  test('names its own group to every workload container, so the page and the access log say which group served', () => {
    const { groups, spec } = setup();
    const expected = [...spec.names.appContainerGroups, spec.names.dashboardContainerGroup];
    assert.deepEqual(
      groups.map((g) => g.name),
      expected,
    );
    for (const [i, group] of groups.entries()) {
      const workloads = containers(group).filter((c) => c.name !== 'sidecar');
      assert.ok(workloads.length > 0);
      for (const c of workloads)
        assert.equal(envOf(c).CONTAINER_GROUP_NAME, expected[i], `${group.name}/${String(c.name)}`);
    }
  });

  test("lets the API's /api/dns resolve only in the environment's private zone and the SQL privatelink zone", () => {
    const { groups, spec } = setup();
    assert.equal(spec.dns.privateZone, 'prod.contoso.internal');
    for (const group of groups.slice(0, 3))
      assert.equal(
        envOf(named(containers(group), 'api')).PRIVATE_DNS_ZONES,
        'prod.contoso.internal,privatelink.database.windows.net',
      );
    assert.equal(envOf(named(containers(groups[3]!), 'dashboard')).PRIVATE_DNS_ZONES, undefined);
  });

  test('switches HTTP/2 on with `http2 on;` for the sidecar built here, and the listen form for an imported one', () => {
    const conf = (group: PlannedResource) =>
      Buffer.from(envOf(init(group)).NGINX_CONF_BASE64!, 'base64').toString('utf8');
    const built = setup();
    for (const group of built.groups) {
      assert.match(conf(group), /^ {8}listen 443 ssl default_server;\n {8}http2 on;$/m);
      assert.doesNotMatch(conf(group), /listen 443 ssl http2/);
    }
    const imported = setup({
      app: { images: { sidecar: 'contoso.azurecr.io/nginx-sidecar:1.0' } },
    });
    for (const group of imported.groups) {
      assert.match(conf(group), /^ {8}listen 443 ssl http2 default_server;$/m);
      assert.doesNotMatch(conf(group), /http2 on;/);
    }
  });

  test('runs every group on the Standard SKU', () => {
    const { groups } = setup();
    for (const group of groups) assert.equal(at(group.body, 'properties.sku'), 'Standard');
  });
});
