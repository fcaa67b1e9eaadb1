import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bodyDrift } from '../../../src/plan/index.js';

const desired = {
  location: 'westeurope',
  tags: { 'managed-by': 'aci-vnet-sidecars' },
  properties: {
    subnetIds: [
      {
        id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/c',
      },
    ],
    containers: [
      { name: 'sidecar', properties: { image: 'acr.example/sidecar:1' } },
      { name: 'web', properties: { image: 'acr.example/web:1' } },
    ],
    ipAddress: { type: 'Private', ports: [{ port: 443, protocol: 'TCP' }] },
  },
};

/** What ARM returns for that body: read-only additions, other casing of ids and location. */
const actual = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerInstance/containerGroups/ci',
  location: 'West Europe',
  tags: { 'managed-by': 'aci-vnet-sidecars' },
  properties: {
    provisioningState: 'Succeeded',
    subnetIds: [
      {
        id: '/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/v/subnets/c',
      },
    ],
    containers: [
      {
        name: 'web',
        properties: { image: 'acr.example/web:1', instanceView: { restartCount: 0 } },
      },
      { name: 'sidecar', properties: { image: 'acr.example/sidecar:1' } },
    ],
    ipAddress: { type: 'Private', ip: '192.168.1.4', ports: [{ port: 443, protocol: 'TCP' }] },
  },
};

describe('drift between a desired body and the resource in Azure', () => {
  test('finds none when Azure only added read-only values and changed the casing of ids', () => {
    assert.deepEqual(bodyDrift(desired, actual), []);
  });

  test('names the path of a changed value', () => {
    const changed = structuredClone(actual);
    changed.properties.containers[0]!.properties.image = 'acr.example/web:2';
    assert.deepEqual(bodyDrift(desired, changed), ['properties.containers[1].properties.image']);
  });

  test('sees a missing resource as drift of the whole body', () => {
    assert.deepEqual(bodyDrift(desired, undefined), ['(body)']);
  });

  test('sees a list with an element more or less as drift', () => {
    const extra = structuredClone(actual);
    extra.properties.ipAddress.ports.push({ port: 80, protocol: 'TCP' });
    assert.deepEqual(bodyDrift(desired, extra), ['properties.ipAddress.ports']);
  });

  test('sees a changed tag as drift', () => {
    assert.deepEqual(bodyDrift(desired, { ...actual, tags: {} }), ['tags.managed-by']);
  });

  test('names the object Azure does not hold, or holds as a list', () => {
    const { ipAddress: _, ...withoutIp } = actual.properties;
    assert.deepEqual(bodyDrift(desired, { ...actual, properties: withoutIp }), [
      'properties.ipAddress',
    ]);
    const asList = { ...actual, properties: { ...actual.properties, ipAddress: [] } };
    assert.deepEqual(bodyDrift(desired, asList), ['properties.ipAddress']);
  });

  test('sees another location, or none, as drift', () => {
    assert.deepEqual(bodyDrift(desired, { ...actual, location: 'North Europe' }), ['location']);
    assert.deepEqual(bodyDrift(desired, { ...actual, location: undefined }), ['location']);
  });

  test('sees a renamed container, or an id Azure does not return, as drift', () => {
    const renamed = structuredClone(actual);
    renamed.properties.containers[0]!.name = 'web-2';
    assert.deepEqual(bodyDrift(desired, renamed), ['properties.containers[1]']);
    const noId = structuredClone(actual);
    noId.properties.subnetIds = [{}] as typeof noId.properties.subnetIds;
    assert.deepEqual(bodyDrift(desired, noId), ['properties.subnetIds[0].id']);
  });

  test('compares other values exactly: case, spaces and type count', () => {
    const body = { tags: { team: 'Platform Team' }, properties: { port: 443 } };
    const same = { tags: { team: 'Platform Team' }, properties: { port: 443 } };
    assert.deepEqual(bodyDrift(body, same), []);
    assert.deepEqual(bodyDrift(body, { ...same, tags: { team: 'platform team' } }), ['tags.team']);
    assert.deepEqual(bodyDrift(body, { ...same, tags: { team: 'PlatformTeam' } }), ['tags.team']);
    assert.deepEqual(bodyDrift(body, { ...same, properties: { port: '443' } }), [
      'properties.port',
    ]);
  });

  test('compares locations by case and spaces only: a look-alike letter (ſ) is another location', () => {
    assert.deepEqual(bodyDrift({ location: 'westeurope' }, { location: 'Weſt Europe' }), [
      'location',
    ]);
  });

  test('pairs a list item without a name with the one whose name is empty, and names what differs', () => {
    const body = { items: [{ name: '', value: 'a' }] };
    assert.deepEqual(bodyDrift(body, { items: [{ value: 'a' }] }), ['items[0].name']);
  });

  test('matches keys exactly unless they are resource ids', () => {
    assert.deepEqual(bodyDrift({ tags: { Team: 'a' } }, { tags: { team: 'a' } }), ['tags.Team']);
  });

  test('compares null like any other value, also as a whole body', () => {
    assert.deepEqual(bodyDrift({ a: null }, { a: null }), []);
    assert.deepEqual(bodyDrift({ a: null }, { a: {} }), ['a']);
    assert.deepEqual(bodyDrift('westeurope', 'northeurope'), ['(body)']);
  });

  test('matches list items without a string name by position', () => {
    const list = { items: [null, { name: 5, value: 'a' }, 'x'] };
    assert.deepEqual(bodyDrift(list, structuredClone(list)), []);
    assert.deepEqual(bodyDrift(list, { items: [null, { name: 5, value: 'b' }, 'x'] }), [
      'items[1].value',
    ]);
  });
});
