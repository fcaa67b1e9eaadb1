// The emulator answers as ARM answers (local/emulator/arm/arm-shape.ts), each expectation taken
// from the x-ms-example or page the shaping rule names.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { EmulatorHandle } from '../../../local/emulator/index.js';
import { adminRequest } from '../../support/admin.js';
import { until } from '../../support/eventually.js';
import { startWebhook, type TestWebhook } from '../../support/webhook.js';
import { SUB, startTestEmulator } from './helpers.js';

type Json = Record<string, unknown>;

const RG = `/subscriptions/${SUB}/resourceGroups/rg-Shape`;
const identityId = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;
const vnetId = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-app`;
const subnetId = `${vnetId}/subnets/aci`;
const serverId = `${RG}/providers/Microsoft.Sql/servers/sql-shape`;
const topicId = `${RG}/providers/Microsoft.EventGrid/systemTopics/evgt-shape`;

const put = (emu: EmulatorHandle, id: string, version: string, body: Json) =>
  adminRequest(emu, 'PUT', `${id}?api-version=${version}`, body);

/** The resource once its PUT's operation has completed. */
async function settled(emu: EmulatorHandle, id: string, version: string, query = '') {
  let answer: Json = {};
  await until(
    async () => {
      answer = await adminRequest(emu, 'GET', `${id}?api-version=${version}${query}`);
      return (answer.properties as Json | undefined)?.provisioningState === 'Succeeded';
    },
    { what: `${id} to be provisioned` },
  );
  return answer;
}

describe('ARM-shaped answers from the emulator', () => {
  let emu: EmulatorHandle;
  let webhook: TestWebhook;

  before(async () => {
    emu = await startTestEmulator();
    webhook = await startWebhook();
    await adminRequest(emu, 'PUT', `${RG}?api-version=2025-04-01`, { location: 'westeurope' });
    await put(emu, identityId, '2024-11-30', { location: 'West Europe' });
    await put(emu, vnetId, '2025-05-01', {
      location: 'westeurope',
      properties: {
        addressSpace: { addressPrefixes: ['192.168.0.0/16'] },
        subnets: [
          {
            name: 'aci',
            properties: {
              addressPrefix: '192.168.1.0/24',
              delegations: [
                {
                  name: 'aci',
                  properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' },
                },
              ],
            },
          },
        ],
      },
    });
    await settled(emu, vnetId, '2025-05-01');
  });
  after(async () => {
    await webhook?.close();
    await emu?.stop();
  });

  test('a managed identity answers its id with resourcegroups lower-cased and its location normalised', async () => {
    const identity = await adminRequest(emu, 'GET', `${identityId}?api-version=2024-11-30`);
    assert.equal(identity.id, identityId.replace('/resourceGroups/', '/resourcegroups/'));
    assert.equal(identity.location, 'westeurope');
    assert.equal((identity.properties as Json).isolationScope, 'None');
  });

  test('a container group hides secure values and answers references and identities in ARM form', async () => {
    const groupId = `${RG}/providers/Microsoft.ContainerInstance/containerGroups/ci-shape`;
    await put(emu, groupId, '2023-05-01', {
      location: 'westeurope',
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
      properties: {
        osType: 'Linux',
        subnetIds: [{ id: subnetId }],
        ipAddress: { type: 'Private', ports: [{ port: 443, protocol: 'TCP' }] },
        imageRegistryCredentials: [
          { server: 'acr.example', username: 'u', password: 'registry-secret' },
        ],
        containers: [
          {
            name: 'api',
            properties: {
              image: 'acr.example/api:1',
              resources: { requests: { cpu: 1, memoryInGB: 1.5 } },
              environmentVariables: [
                { name: 'TOKEN', secureValue: 'env-secret' },
                { name: 'PORT', value: '8080' },
              ],
            },
          },
        ],
      },
    });
    const group = await settled(emu, groupId, '2023-05-01');
    assert.doesNotMatch(JSON.stringify(group), /registry-secret|env-secret/);
    const p = group.properties as Json & { containers: { properties: Json }[] };
    assert.deepEqual(p.containers[0]!.properties.environmentVariables, [
      { name: 'TOKEN' },
      { name: 'PORT', value: '8080' },
    ]);
    assert.deepEqual(p.containers[0]!.properties.command, []);
    assert.deepEqual(p.imageRegistryCredentials, [{ server: 'acr.example', username: 'u' }]);
    assert.deepEqual(p.initContainers, []);
    assert.equal(p.sku, 'Standard');
    assert.equal(group.location, 'WestEurope');
    assert.deepEqual(p.subnetIds, [
      { id: subnetId.replace('/resourceGroups/', '/resourcegroups/') },
    ]);
    const identities = (group.identity as { userAssignedIdentities: Record<string, Json> })
      .userAssignedIdentities;
    const held = await adminRequest(emu, 'GET', `${identityId}?api-version=2024-11-30`);
    const { principalId, clientId } = held.properties as Json;
    assert.deepEqual(identities, {
      [identityId.replace('/resourceGroups/', '/resourcegroups/')]: { principalId, clientId },
    });
    assert.equal(group.id, groupId, 'its own id keeps the casing it was created with');
  });

  test('a SQL server answers its Entra administrator to the PUT, and to a GET only with $expand', async () => {
    const administrators = {
      administratorType: 'ActiveDirectory',
      principalType: 'Application',
      login: 'id-app',
      sid: '00000000-0000-4000-8000-00000000000a',
      tenantId: emu.tenantId,
      azureADOnlyAuthentication: true,
    };
    const created = await put(emu, serverId, '2022-08-01-preview', {
      location: 'westeurope',
      properties: { administratorLoginPassword: 'sql-secret', administrators },
    });
    assert.deepEqual((created.properties as Json).administrators, administrators);
    const server = await settled(emu, serverId, '2022-08-01-preview');
    assert.equal((server.properties as Json).administrators, undefined);
    assert.equal(server.kind, 'v12.0');
    assert.doesNotMatch(JSON.stringify(server), /sql-secret/);
    const expanded = await adminRequest(
      emu,
      'GET',
      `${serverId}?api-version=2022-08-01-preview&$expand=administrators/activedirectory`,
    );
    assert.deepEqual((expanded.properties as Json).administrators, administrators);
  });

  test('a DTU database answers its SKU as edition and DTUs, the objective by name', async () => {
    const databaseId = `${serverId}/databases/appdb`;
    await put(emu, databaseId, '2022-08-01-preview', {
      location: 'westeurope',
      sku: { name: 'S1', tier: 'Standard' },
    });
    const database = await settled(emu, databaseId, '2022-08-01-preview');
    assert.deepEqual(database.sku, { name: 'Standard', tier: 'Standard', capacity: 20 });
    assert.equal((database.properties as Json).currentServiceObjectiveName, 'S1');
    assert.equal(database.kind, 'v12.0,user');
  });

  test('a role assignment answers a subscription-scoped role definition id without the subscription', async () => {
    const role =
      '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
    const id = `${identityId}/providers/Microsoft.Authorization/roleAssignments/1b4f3c5a-0000-4000-8000-000000000001`;
    const held = await adminRequest(emu, 'GET', `${identityId}?api-version=2024-11-30`);
    const answer = await put(emu, id, '2022-04-01', {
      properties: {
        roleDefinitionId: `/subscriptions/${SUB}${role}`,
        principalId: (held.properties as Json).principalId,
        principalType: 'ServicePrincipal',
      },
    });
    assert.equal((answer.properties as Json).roleDefinitionId, role);
  });

  test('Event Grid answers the topic type in lower case and a webhook by its base URL only', async () => {
    await put(emu, topicId, '2022-06-15', {
      location: 'global',
      properties: { source: RG, topicType: 'Microsoft.Resources.ResourceGroups' },
    });
    const topic = await settled(emu, topicId, '2022-06-15');
    assert.equal((topic.properties as Json).topicType, 'microsoft.resources.resourcegroups');
    const subscriptionId = `${topicId}/eventSubscriptions/evgs-shape`;
    await put(emu, subscriptionId, '2022-06-15', {
      properties: {
        destination: {
          endpointType: 'WebHook',
          properties: { endpointUrl: `${webhook.url}?code=function-key` },
        },
        filter: {
          subjectBeginsWith: `${RG}/providers/Microsoft.ContainerInstance/containerGroups/`,
        },
      },
    });
    const subscription = await settled(emu, subscriptionId, '2022-06-15');
    const p = subscription.properties as Json & { destination: { properties: Json }; filter: Json };
    assert.deepEqual(p.destination.properties, { endpointBaseUrl: webhook.url.split('?')[0] });
    assert.doesNotMatch(JSON.stringify(subscription), /function-key/);
    assert.equal(p.topic, topicId);
    assert.equal(p.filter.isSubjectCaseSensitive, false);
    assert.equal(
      p.filter.subjectBeginsWith,
      `${RG}/providers/Microsoft.ContainerInstance/containerGroups/`,
      'a subject filter is text, not an id: kept as given',
    );
  });
});

describe('an emulator started with armShape: false', () => {
  test('echoes what was PUT, where the default answers in ARM form', async () => {
    const answers: unknown[] = [];
    for (const armShape of [false, true]) {
      const emu = await startTestEmulator({ armShape });
      try {
        await adminRequest(emu, 'PUT', `${RG}?api-version=2025-04-01`, { location: 'westeurope' });
        await put(emu, identityId, '2024-11-30', { location: 'westeurope' });
        answers.push((await adminRequest(emu, 'GET', `${identityId}?api-version=2024-11-30`)).id);
      } finally {
        await emu.stop();
      }
    }
    assert.deepEqual(answers, [
      identityId,
      identityId.replace('/resourceGroups/', '/resourcegroups/'),
    ]);
  });
});
