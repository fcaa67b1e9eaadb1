import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  driftOf,
  replacementsOf,
  replacesLine,
  resourceChange,
  type JsonObject,
} from '../../../src/plan/index.js';
import { containerGroupAsAzureAnswers, recasedId } from '../../support/azure-shape.js';
import { examplePlan, ofType } from './helpers.js';

const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
const SUBNET =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/aci';

/** A small container group body; `change` edits a copy. */
function group(change: (body: GroupBody) => void = () => undefined): JsonObject {
  const body: GroupBody = {
    location: 'westeurope',
    properties: {
      osType: 'Linux',
      restartPolicy: 'Always',
      subnetIds: [{ id: SUBNET }],
      containers: [
        {
          name: 'web',
          properties: {
            image: 'registry/web:1',
            ports: [{ port: 80, protocol: 'TCP' }],
            environmentVariables: [{ name: 'PORT', value: '80' }],
            resources: { requests: { cpu: 0.5, memoryInGB: 1 } },
          },
        },
      ],
    },
  };
  change(body);
  return body as unknown as JsonObject;
}

interface GroupBody {
  location: string;
  zones?: string[];
  tags?: Record<string, string>;
  properties: {
    osType: string;
    restartPolicy?: string;
    subnetIds?: { id: string }[];
    networkProfile?: { id: string };
    containers: { name: string; properties: ContainerProps }[];
  };
}
interface ContainerProps {
  image: string;
  ports: { port: number; protocol: string }[];
  environmentVariables: { name: string; value: string }[];
  resources: {
    requests: { cpu: number; memoryInGB: number; gpu?: { count: number; sku: string } };
    limits?: { cpu?: number; memoryInGB?: number };
  };
}

const web = (body: GroupBody) => body.properties.containers[0]!.properties;

describe('changes that force a container group to be replaced', () => {
  // "Changes to these properties require container group deletion before redeployment: OS type;
  // CPU, memory, or GPU resources; Restart policy; Network profile; Availability zone"
  // (container-instances-update.md).
  const documented: [string, (body: GroupBody) => void][] = [
    ['OS type', (b) => (b.properties.osType = 'Windows')],
    ["CPU of container 'web'", (b) => (web(b).resources.requests.cpu = 1)],
    ["memory of container 'web'", (b) => (web(b).resources.requests.memoryInGB = 2)],
    ["GPU of container 'web'", (b) => (web(b).resources.requests.gpu = { count: 1, sku: 'V100' })],
    ["CPU limit of container 'web'", (b) => (web(b).resources.limits = { cpu: 1 })],
    ['restart policy', (b) => (b.properties.restartPolicy = 'OnFailure')],
    [
      'network profile',
      (b) =>
        (b.properties.networkProfile = {
          id: `${SUBNET.split('/virtualNetworks')[0]}/networkProfiles/p`,
        }),
    ],
    ['subnet', (b) => (b.properties.subnetIds = [{ id: `${SUBNET}-2` }])],
    ['availability zone', (b) => (b.zones = ['1'])],
  ];
  for (const [property, change] of documented) {
    test(`replaces the group when the ${property} changes`, () => {
      const result = resourceChange(GROUP_TYPE, group(change), group());
      assert.equal(result.action, 'replace');
      assert.deepEqual(result.action === 'replace' && result.replaces, [property]);
    });
  }

  test('updates in place what ACI can update: image, variables, ports, tags', () => {
    const desired = group((b) => {
      web(b).image = 'registry/web:2';
      web(b).environmentVariables = [{ name: 'PORT', value: '8080' }];
      web(b).ports = [{ port: 8080, protocol: 'TCP' }];
      b.tags = { owner: 'me' };
    });
    const change = resourceChange(GROUP_TYPE, desired, group());
    assert.equal(change.action, 'update');
  });

  test('names every property that forces it, in one line', () => {
    const desired = group((b) => {
      web(b).resources.requests.cpu = 1;
      b.properties.restartPolicy = 'Never';
    });
    const replaces = replacementsOf(GROUP_TYPE, desired, group());
    assert.deepEqual(replaces, ['restart policy', "CPU of container 'web'"]);
    assert.equal(
      replacesLine('ci-x-app-1', replaces),
      "replaces ci-x-app-1 (restart policy, CPU of container 'web' changed)",
    );
  });

  test('reads values the way ARM answers them: ids and enums in another case, an omitted default restart policy', () => {
    const actual = group((b) => {
      b.properties.subnetIds = [{ id: recasedId(SUBNET).toUpperCase() }];
      b.properties.osType = 'linux';
      delete b.properties.restartPolicy;
    });
    const desired = group((b) => (web(b).image = 'registry/web:2'));
    assert.deepEqual(replacementsOf(GROUP_TYPE, desired, actual), []);
    assert.deepEqual(
      replacementsOf(
        GROUP_TYPE,
        group((b) => (b.properties.restartPolicy = 'Never')),
        actual,
      ),
      ['restart policy'],
      'an omitted restart policy is Always, so Never is a change',
    );
  });

  test('zones and subnets are sets: another order or an empty list for an omitted one is no change', () => {
    const desired = group((b) => (b.zones = ['1', '2']));
    const reordered = group((b) => (b.zones = ['2', '1']));
    assert.deepEqual(replacementsOf(GROUP_TYPE, desired, reordered), []);
    const emptyZones = group((b) => (b.zones = []));
    assert.deepEqual(replacementsOf(GROUP_TYPE, group(), emptyZones), []);
    assert.deepEqual(replacementsOf(GROUP_TYPE, desired, emptyZones), ['availability zone']);
  });

  test('a GPU count change with the same SKU replaces the group', () => {
    const gpus = (count: number) =>
      group((b) => (web(b).resources.requests.gpu = { count, sku: 'V100' }));
    assert.deepEqual(replacementsOf(GROUP_TYPE, gpus(2), gpus(1)), ["GPU of container 'web'"]);
    assert.deepEqual(replacementsOf(GROUP_TYPE, gpus(1), gpus(1)), []);
  });

  test('an answer with null for an omitted property or no resource at all is read without failing', () => {
    const answered = group((b) => {
      const props = b.properties as unknown as Record<string, unknown>;
      props.networkProfile = null;
      props.subnetIds = null;
      (b as unknown as Record<string, unknown>).zones = null;
      (web(b).resources as unknown as Record<string, unknown>).limits = null;
    });
    const desired = group((b) => delete b.properties.subnetIds);
    assert.deepEqual(replacementsOf(GROUP_TYPE, desired, answered), []);
    assert.deepEqual(resourceChange(GROUP_TYPE, group(), null), { action: 'create' });
  });

  test('a container added or removed is not a resource change (inferred), but is an update', () => {
    const desired = group((b) => b.properties.containers.push({ name: 'api', properties: web(b) }));
    assert.equal(resourceChange(GROUP_TYPE, desired, group()).action, 'update');
  });

  test('a resource whose last operation failed is written again even when its body matches', () => {
    const failed = group((b) => {
      (b.properties as unknown as Record<string, unknown>).provisioningState = 'Failed';
    });
    const change = resourceChange(GROUP_TYPE, group(), failed);
    assert.deepEqual(change, { action: 'update', drift: ['provisioningState Failed'] });
    const succeeded = group((b) => {
      (b.properties as unknown as Record<string, unknown>).provisioningState = 'Succeeded';
    });
    assert.deepEqual(resourceChange(GROUP_TYPE, group(), succeeded), { action: 'unchanged' });
    const moreCpu = group((b) => (web(b).resources.requests.cpu = 1));
    assert.equal(resourceChange(GROUP_TYPE, moreCpu, failed).action, 'replace');
  });

  test('says what differs as the deployment reports it: (absent) for a create', () => {
    assert.deepEqual(driftOf({ action: 'create' }), ['(absent)']);
    assert.deepEqual(driftOf({ action: 'unchanged' }), []);
    assert.deepEqual(driftOf({ action: 'update', drift: ['tags'] }), ['tags']);
    assert.deepEqual(driftOf({ action: 'replace', drift: ['a'], replaces: ['OS type'] }), ['a']);
  });

  test('creates what is absent, leaves alone what matches, never replaces other types', () => {
    assert.deepEqual(resourceChange(GROUP_TYPE, group(), undefined), { action: 'create' });
    assert.deepEqual(resourceChange(GROUP_TYPE, group(), group()), { action: 'unchanged' });
    const vnet = 'Microsoft.Network/virtualNetworks';
    const changed = group((b) => (b.properties.osType = 'Windows'));
    assert.deepEqual(replacementsOf(vnet, changed, group()), []);
    assert.equal(resourceChange(vnet, changed, group()).action, 'update');
  });

  test('a spec that gives the web containers more CPU replaces every app group and not the dashboard', () => {
    const before = examplePlan('full');
    const after = examplePlan('full', { app: { resources: { web: { cpu: 1, memoryInGB: 1 } } } });
    const groups = ofType(after, GROUP_TYPE);
    const changes = groups.map((g) => {
      const previous = before.resources.find((r) => r.id === g.id)!;
      return [g.name, resourceChange(g.type, g.body, previous.body)] as const;
    });
    assert.deepEqual(
      changes.map(([name, c]) => [name, c.action === 'replace' ? c.replaces : c.action]),
      [
        ['ci-contoso-prod-app-1', ["CPU of container 'web'"]],
        ['ci-contoso-prod-app-2', ["CPU of container 'web'"]],
        ['ci-contoso-prod-app-3', ["CPU of container 'web'"]],
        ['ci-contoso-prod-dashboard', 'unchanged'],
      ],
    );
  });

  test('a group as Azure answers it is not replaced; the same answer with other CPU is', () => {
    const planned = ofType(examplePlan('minimal'), GROUP_TYPE)[0]!;
    const answered = containerGroupAsAzureAnswers(planned.id, planned.body, '192.168.1.4');
    assert.deepEqual(replacementsOf(GROUP_TYPE, planned.body, answered), []);
    const bigger = examplePlan('minimal', {
      app: { resources: { api: { cpu: 2, memoryInGB: 1 } } },
    });
    const desired = ofType(bigger, GROUP_TYPE)[0]!.body;
    assert.deepEqual(replacementsOf(GROUP_TYPE, desired, answered), ["CPU of container 'api'"]);
  });
});
