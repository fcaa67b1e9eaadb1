import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bodyDrift, type JsonObject } from '../../../src/plan/index.js';

const rg = '/subscriptions/s/resourceGroups/rg-app';
const identityId = `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app`;
/** The same id as the Managed Identity RP spells it (IdentityGet.json, azure-cli#27099). */
const armCased = identityId.replace('/resourceGroups/', '/resourcegroups/');

describe('drift against ARM-shaped answers', () => {
  test('matches identity map keys whatever the casing ARM gives them, and sees another identity', () => {
    const desired = {
      identity: { type: 'UserAssigned', userAssignedIdentities: { [identityId]: {} } },
    };
    const answered = (key: string) => ({
      identity: {
        type: 'UserAssigned',
        userAssignedIdentities: { [key]: { principalId: 'p', clientId: 'c' } },
      },
    });
    assert.deepEqual(bodyDrift(desired, answered(armCased)), []);
    assert.deepEqual(bodyDrift(desired, answered(armCased.replace(/id-app$/, 'id-other'))), [
      `identity.userAssignedIdentities.${identityId}`,
    ]);
  });

  test('takes a secure value Azure does not return as unchanged, and compares plain values', () => {
    const desired: JsonObject = {
      properties: {
        containers: [
          {
            name: 'api',
            properties: {
              environmentVariables: [
                { name: 'TOKEN', secureValue: 'secret' },
                { name: 'PORT', value: '8080' },
              ],
            },
          },
        ],
      },
    };
    const answered = (port: string) => ({
      properties: {
        containers: [
          {
            name: 'api',
            properties: {
              environmentVariables: [{ name: 'TOKEN' }, { name: 'PORT', value: port }],
            },
          },
        ],
      },
    });
    assert.deepEqual(bodyDrift(desired, answered('8080')), []);
    assert.deepEqual(bodyDrift(desired, answered('80')), [
      'properties.containers[0].properties.environmentVariables[1].value',
    ]);
  });

  test('compares a SQL administrator password or a create-time administrator only when returned', () => {
    const desired = {
      properties: {
        administratorLoginPassword: 'p',
        administrators: { login: 'id-app', azureADOnlyAuthentication: true },
      },
    };
    assert.deepEqual(bodyDrift(desired, { properties: {} }), []);
    const expanded = {
      properties: { administrators: { login: 'someone', azureADOnlyAuthentication: true } },
    };
    assert.deepEqual(bodyDrift(desired, expanded), ['properties.administrators.login']);
  });

  test('takes only the administrators of a SQL server as returned on request', () => {
    const administrators = { login: 'id-app', azureADOnlyAuthentication: true };
    // Expanded, but without the login: the login is compared, not taken as unreturned.
    assert.deepEqual(
      bodyDrift(
        { properties: { administrators } },
        { properties: { administrators: { azureADOnlyAuthentication: true } } },
      ),
      ['properties.administrators.login'],
    );
    // The same key under another object is an ordinary property.
    assert.deepEqual(
      bodyDrift(
        { properties: { database: { properties: { administrators } } } },
        {
          properties: { database: { properties: {} } },
        },
      ),
      ['properties.database.properties.administrators'],
    );
  });

  test('takes registry and Azure Files secrets Azure does not return as unchanged', () => {
    const desired = {
      properties: {
        imageRegistryCredentials: [{ server: 'acr.azurecr.io', username: 'u', password: 'p' }],
        volumes: [
          {
            name: 'certs',
            azureFile: { shareName: 'certs', storageAccountName: 'st', storageAccountKey: 'k' },
          },
        ],
      },
    };
    const answered = (server: string) => ({
      properties: {
        imageRegistryCredentials: [{ server, username: 'u' }],
        volumes: [{ name: 'certs', azureFile: { shareName: 'certs', storageAccountName: 'st' } }],
      },
    });
    assert.deepEqual(bodyDrift(desired, answered('acr.azurecr.io')), []);
    assert.deepEqual(bodyDrift(desired, answered('other.azurecr.io')), [
      'properties.imageRegistryCredentials[0].server',
    ]);
  });

  test('takes gateway certificate data and passwords as unreturned at any index, and compares the rest', () => {
    const certificates = (count: number, publicCertData: string) =>
      Array.from({ length: count }, (_, i) => ({
        name: `cert-${i}`,
        properties: { publicCertData, data: `pfx-${i}`, password: 'p' },
      }));
    const answered = (publicCertData: string) => ({
      properties: {
        sslCertificates: certificates(13, publicCertData).map(({ name, properties }) => ({
          name,
          properties: { publicCertData: properties.publicCertData },
        })),
      },
    });
    const desired = { properties: { sslCertificates: certificates(13, 'MII') } };
    assert.deepEqual(bodyDrift(desired, answered('MII')), []);
    assert.deepEqual(
      bodyDrift(desired, answered('other')),
      Array.from(
        { length: 13 },
        (_, i) => `properties.sslCertificates[${i}].properties.publicCertData`,
      ),
    );
    // A property that only begins like `data` is compared as usual.
    const withDataFormat = {
      properties: { sslCertificates: [{ name: 'cert-0', properties: { dataFormat: 'pfx' } }] },
    };
    assert.deepEqual(
      bodyDrift(withDataFormat, {
        properties: { sslCertificates: [{ name: 'cert-0', properties: {} }] },
      }),
      ['properties.sslCertificates[0].properties.dataFormat'],
    );
  });

  test('compares a webhook URL through the endpointBaseUrl Azure answers instead', () => {
    const desired = {
      properties: {
        destination: {
          endpointType: 'WebHook',
          properties: { endpointUrl: 'https://fn.example/runtime/webhooks/eventgrid?code=k' },
        },
      },
    };
    const answered = (base: string) => ({
      properties: {
        destination: { endpointType: 'WebHook', properties: { endpointBaseUrl: base } },
      },
    });
    assert.deepEqual(
      bodyDrift(desired, answered('https://fn.example/runtime/webhooks/eventgrid')),
      [],
    );
    assert.deepEqual(
      bodyDrift(desired, answered('https://other.example/runtime/webhooks/eventgrid')),
      ['properties.destination.properties.endpointUrl'],
    );
  });

  test('takes a webhook URL as unchanged when Azure answers neither it nor an endpointBaseUrl', () => {
    const desired = {
      properties: {
        destination: {
          endpointType: 'WebHook',
          properties: { endpointUrl: 'https://fn.example/runtime/webhooks/eventgrid?code=k' },
        },
      },
    };
    const answered = { properties: { destination: { endpointType: 'WebHook', properties: {} } } };
    assert.deepEqual(bodyDrift(desired, answered), []);
  });

  test('compares only the webhook URL through endpointBaseUrl, not another unreturned setting', () => {
    const base = 'https://fn.example/runtime/webhooks/eventgrid';
    const desired = {
      properties: {
        destination: {
          endpointType: 'WebHook',
          properties: {
            endpointUrl: `${base}?code=k`,
            azureActiveDirectoryApplicationIdOrUri: base,
          },
        },
      },
    };
    const answered = {
      properties: {
        destination: { endpointType: 'WebHook', properties: { endpointBaseUrl: base } },
      },
    };
    assert.deepEqual(bodyDrift(desired, answered), [
      'properties.destination.properties.azureActiveDirectoryApplicationIdOrUri',
    ]);
  });

  test('takes a role definition id without its subscription scope as the same role', () => {
    const role = 'roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
    const desired = {
      properties: {
        roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/${role}`,
      },
    };
    const answered = (id: string) => ({ properties: { roleDefinitionId: id } });
    assert.deepEqual(
      bodyDrift(desired, answered(`/providers/Microsoft.Authorization/${role}`)),
      [],
    );
    assert.deepEqual(
      bodyDrift(desired, answered('/providers/Microsoft.Authorization/roleDefinitions/other')),
      ['properties.roleDefinitionId'],
    );
  });

  test('drops only a leading subscription scope of a role definition id, whatever its length', () => {
    const subscription = '00000000-0000-0000-0000-000000000001';
    const role =
      'providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
    const roleId = (id: string) => ({ properties: { roleDefinitionId: id } });
    assert.deepEqual(
      bodyDrift(roleId(`/subscriptions/${subscription}/${role}`), roleId(`/${role}`)),
      [],
    );
    // Desired without the scope, answered with it and ARM's casing: the same role.
    assert.deepEqual(
      bodyDrift(roleId(`/${role}`), roleId(`/subscriptions/${subscription}/${role}`.toLowerCase())),
      [],
    );
    // A subscription further in the id is part of it: another subscription is another id.
    const underGroup = (sub: string) =>
      `/providers/Microsoft.Management/managementGroups/mg/subscriptions/${sub}/${role}`;
    assert.deepEqual(bodyDrift(roleId(underGroup('s1')), roleId(underGroup('s2'))), [
      'properties.roleDefinitionId',
    ]);
  });

  test('takes an Event Grid topic type in lower case as the same type', () => {
    const desired = { properties: { topicType: 'Microsoft.Resources.ResourceGroups' } };
    assert.deepEqual(
      bodyDrift(desired, { properties: { topicType: 'microsoft.resources.resourcegroups' } }),
      [],
    );
    assert.deepEqual(
      bodyDrift(desired, { properties: { topicType: 'microsoft.storage.storageaccounts' } }),
      ['properties.topicType'],
    );
  });

  test('takes a DTU SKU answered as its edition and DTUs as the same SKU, and sees another size', () => {
    const desired = { sku: { name: 'S1', tier: 'Standard' } };
    const answered = (objective: string, capacity: number) => ({
      sku: { name: 'Standard', tier: 'Standard', capacity },
      properties: { currentServiceObjectiveName: objective },
    });
    assert.deepEqual(bodyDrift(desired, answered('S1', 20)), []);
    assert.deepEqual(bodyDrift(desired, answered('S0', 10)), ['sku.name']);
  });

  test('reports a whole-body drift, not a crash, when Azure answers null for the resource or its SKU', () => {
    const desired = { sku: { name: 'S1', tier: 'Standard' } };
    assert.deepEqual(bodyDrift(desired, null), ['(body)']);
    assert.deepEqual(
      bodyDrift(desired, { sku: null, properties: { currentServiceObjectiveName: 'S1' } }),
      ['sku'],
    );
  });
});
