// The local Instance Metadata Service answers each container as ACI's IMDS would: a token of the
// group's identity to a regular container, IMDS's own refusals otherwise.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  emulatorTokenMinter,
  startImdsEndpoint,
  type ImdsEndpoint,
} from '../../../../local/runtime/identity/index.js';
import type { GroupIdentity } from '../../../../local/runtime/types.js';

const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
const RG_ID = '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity';

function identity(name: string, n: number): GroupIdentity {
  return {
    resourceId: `${RG_ID}/userAssignedIdentities/${name}`,
    name,
    principalId: `00000000-0000-4000-8000-00000000000${n}`,
    clientId: `11111111-0000-4000-8000-00000000000${n}`,
  };
}
const APP = identity('id-demo-app', 1);
const DASHBOARD = identity('id-demo-dashboard', 2);

interface Answer {
  status: number;
  body: Record<string, string>;
}

async function ask(
  authorityHost: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = { Metadata: 'true' },
): Promise<Answer> {
  const params = new URLSearchParams({
    'api-version': '2018-02-01',
    resource: 'https://vault.azure.net',
    ...query,
  });
  const response = await fetch(
    `${authorityHost}/metadata/identity/oauth2/token?${params.toString()}`,
    {
      headers,
    },
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

const identityNotFound = {
  status: 400,
  body: { error: 'invalid_request', error_description: 'Identity not found' },
};

void describe('the local managed identity endpoint', () => {
  const log: string[] = [];
  let imds: ImdsEndpoint;
  const now = () => NOW_MS;
  before(async () => {
    imds = await startImdsEndpoint({
      mintToken: emulatorTokenMinter(now),
      now,
      log: (line) => log.push(line),
    });
  });
  after(() => imds.close());

  const container = (name: string, identities: GroupIdentity[], init = false) =>
    imds.register({ group: 'app-1', container: name, init, identities });

  void test('gives each container its own loopback URL', () => {
    const sidecar = container('sidecar', [APP]);
    const web = container('web', [APP]);
    assert.match(sidecar.authorityHost, /^http:\/\/127\.0\.0\.1:\d+\/containers\/[0-9a-f]{32}$/);
    assert.ok(sidecar.authorityHost.startsWith(imds.url));
    assert.notEqual(sidecar.authorityHost, web.authorityHost);
  });

  void test("gives a regular container a token of its group's identity, every value a string as IMDS sends them", async () => {
    const answer = await ask(container('sidecar', [APP]).authorityHost, {
      client_id: APP.clientId,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), [
      'access_token',
      'client_id',
      'expires_in',
      'expires_on',
      'ext_expires_in',
      'not_before',
      'resource',
      'token_type',
    ]);
    assert.ok(Object.values(answer.body).every((v) => typeof v === 'string'));
    assert.deepEqual(
      { ...answer.body, access_token: '…' },
      {
        access_token: '…',
        client_id: APP.clientId,
        expires_in: '86400',
        expires_on: String(NOW_S + 86_400),
        ext_expires_in: '86400',
        not_before: String(NOW_S),
        resource: 'https://vault.azure.net',
        token_type: 'Bearer',
      },
    );
    const claims = claimsOf(answer.body.access_token ?? '');
    assert.equal(claims.oid, APP.principalId);
    assert.equal(claims.aud, 'https://vault.azure.net');
    assert.equal(claims.exp, NOW_S + 86_400);
  });

  void test('gives the one identity of the group when the container names none', async () => {
    const answer = await ask(container('web', [APP]).authorityHost);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.client_id, APP.clientId);
  });

  void test('serves the route with the trailing slash @azure/msal-node sends, and no other', async () => {
    const host = container('web', [APP]).authorityHost;
    const query = 'api-version=2018-02-01&resource=https%3A%2F%2Fvault.azure.net';
    const status = async (path: string) =>
      (await fetch(`${host}${path}?${query}`, { headers: { Metadata: 'true' } })).status;
    assert.equal(await status('/metadata/identity/oauth2/token/'), 200);
    assert.equal(await status('/metadata/instance'), 404);
    assert.equal(await status('/metadata/identity/oauth2/token/x'), 404);
  });

  void test('picks an identity by client_id, object_id, mi_res_id or msi_res_id, ids in any case', async () => {
    const host = container('api', [APP, DASHBOARD]).authorityHost;
    const selectors: Record<string, string>[] = [
      { client_id: DASHBOARD.clientId.toUpperCase() },
      { object_id: DASHBOARD.principalId },
      { mi_res_id: DASHBOARD.resourceId.replace('resourcegroups', 'resourceGroups') },
      { msi_res_id: DASHBOARD.resourceId },
    ];
    for (const query of selectors) {
      const answer = await ask(host, query);
      assert.equal(answer.status, 200, JSON.stringify(query));
      assert.equal(claimsOf(answer.body.access_token ?? '').oid, DASHBOARD.principalId);
    }
  });

  void test('refuses a request without the Metadata: true header with IMDS 400', async () => {
    const host = container('sidecar', [APP]).authorityHost;
    for (const headers of [{}, { Metadata: 'True' }] as Record<string, string>[]) {
      assert.deepEqual(await ask(host, {}, headers), {
        status: 400,
        body: {
          error: 'invalid_request',
          error_description: 'Required metadata header not specified',
        },
      });
    }
  });

  void test('refuses a request without resource or api-version', async () => {
    const host = container('sidecar', [APP]).authorityHost;
    const answer = await ask(host, { resource: '' });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error_description, "Required query variable 'resource' is missing");
    assert.equal((await ask(host, { 'api-version': '' })).status, 400);
  });

  void test('answers an init container as IMDS answers a VM without identity', async () => {
    log.length = 0;
    const answer = await ask(container('init', [APP], true).authorityHost, {
      client_id: APP.clientId,
    });
    assert.deepEqual(answer, identityNotFound);
    assert.match(log.join('\n'), /refused init container init of app-1 .*no managed identity/);
  });

  void test('refuses an identity the group does not hold', async () => {
    const host = container('sidecar', [APP]).authorityHost;
    assert.deepEqual(await ask(host, { client_id: DASHBOARD.clientId }), identityNotFound);
    assert.deepEqual(await ask(host, { object_id: DASHBOARD.principalId }), identityNotFound);
    assert.deepEqual(
      await ask(host, { client_id: APP.clientId, object_id: DASHBOARD.principalId }),
      identityNotFound,
    );
    assert.deepEqual(await ask(container('lonely', []).authorityHost), identityNotFound);
  });

  void test('asks which identity when the group holds several and the container names none', async () => {
    assert.deepEqual(await ask(container('api', [APP, DASHBOARD]).authorityHost), {
      status: 400,
      body: {
        error: 'invalid_request',
        error_description:
          'Multiple user assigned identities exist, please specify the clientId / resourceId of the identity in the token request',
      },
    });
  });

  void test('refuses a stopped container, and a key it never gave, as an unknown source', async () => {
    const stopped = container('sidecar', [APP]);
    const running = container('web', [APP]);
    assert.equal((await ask(stopped.authorityHost)).status, 200);
    stopped.revoke();
    const refused = await ask(stopped.authorityHost);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error, 'unknown_source');
    assert.equal((await ask(`${imds.url}/containers/${'0'.repeat(32)}`)).status, 401);
    assert.equal((await ask(imds.url)).status, 401);
    assert.equal((await ask(running.authorityHost)).status, 200);
  });

  void test('never writes a token or a key in its log', () => {
    const text = log.join('\n');
    assert.doesNotMatch(text, /eyJ|[0-9a-f]{32}/);
  });
});
