import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildPlan,
  planIds,
  ref,
  renderNginxConf,
  SIDECAR_FILES,
  type PlannedResource,
} from '../../../src/plan/index.js';
import { at, envOf, exampleSpec, list, named, ofType } from './helpers.js';

const GROUP = 'Microsoft.ContainerInstance/containerGroups';

function setup(changes = {}) {
  const spec = exampleSpec('full', changes);
  const ids = planIds(spec);
  const groups = ofType(buildPlan(spec), GROUP);
  const loginServer = ref(ids.registry, 'properties.loginServer');
  return { spec, ids, groups, loginServer };
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
    const { groups, ids } = setup();
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
        userAssignedIdentities: { [ids.workloadIdentity]: {} },
      });
    }
  });

  test('pulls images from the registry with the workload identity, never a password', () => {
    const { groups, ids, loginServer } = setup();
    for (const group of groups) {
      assert.deepEqual(at(group.body, 'properties.imageRegistryCredentials'), [
        { server: loginServer, identity: ids.workloadIdentity },
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
    assert.equal(at(dashboard, 'properties.image'), `${loginServer}/aci-helloworld:latest`);
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
    assert.deepEqual(at(sidecar, 'properties.command'), [
      'nginx',
      '-c',
      SIDECAR_FILES.config,
      '-g',
      'daemon off;',
    ]);
  });

  test('shares the TLS volume: written by the init container, read-only for nginx', () => {
    const { groups } = setup();
    for (const group of groups) {
      assert.deepEqual(at(group.body, 'properties.volumes'), [{ name: 'tls', emptyDir: {} }]);
      assert.deepEqual(at(init(group), 'properties.volumeMounts'), [
        { name: 'tls', mountPath: '/etc/nginx/tls', readOnly: false },
      ]);
      assert.deepEqual(at(named(containers(group), 'sidecar'), 'properties.volumeMounts'), [
        { name: 'tls', mountPath: '/etc/nginx/tls', readOnly: true },
      ]);
    }
  });

  test('tells the init container where its certificate, zone, record and config are', () => {
    const { groups, ids, spec } = setup();
    groups.slice(0, 3).forEach((group, i) => {
      const env = envOf(init(group));
      assert.equal(env.KEY_VAULT_URL, ref(ids.keyVault, 'properties.vaultUri'));
      assert.equal(env.CERTIFICATE_NAME, spec.names.certificate);
      assert.equal(env.PRIVATE_DNS_ZONE_ID, ids.appPrivateZone);
      assert.equal(env.DNS_RECORD_NAME, `app-${i + 1}`);
      assert.equal(env.DNS_TTL, '300');
      assert.equal(env.CONTAINER_GROUP_ID, group.id);
      assert.equal(env.AZURE_CLIENT_ID, ref(ids.workloadIdentity, 'properties.clientId'));
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
    });
  });

  test('gives the API the SQL server, database and client id, and nothing secret', () => {
    const { groups, ids } = setup();
    const env = envOf(named(containers(groups[0]!), 'api'));
    assert.equal(env.SQL_SERVER_FQDN, ref(ids.sqlServer, 'properties.fullyQualifiedDomainName'));
    assert.equal(env.SQL_DATABASE, 'appdb');
    assert.equal(env.AZURE_CLIENT_ID, ref(ids.workloadIdentity, 'properties.clientId'));
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
    assert.equal(env.DNS_RECORD_NAME, 'dashboard');
    const conf = Buffer.from(env.NGINX_CONF_BASE64!, 'base64').toString('utf8');
    assert.ok(conf.includes('(dashboard)'));
    assert.ok(!conf.includes('location /api/'));
  });

  test('starts a group only after its role grants, the SQL private DNS and the VNet exist', () => {
    const { groups, ids } = setup();
    const app = groups[0]!;
    for (const needed of [
      ids.workloadIdentity,
      ids.virtualNetwork,
      ids.registry,
      ids.keyVault,
      ids.appPrivateZone,
      ids.sqlServer,
    ]) {
      assert.ok(app.dependsOn.includes(needed), needed);
    }
    const grants = app.dependsOn.filter((d) => d.includes('/roleAssignments/'));
    assert.equal(grants.length, 3);
    assert.ok(app.dependsOn.includes(`${ids.sqlPrivateEndpoint}/privateDnsZoneGroups/default`));
  });
});
