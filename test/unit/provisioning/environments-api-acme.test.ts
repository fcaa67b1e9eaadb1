import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DurableClient } from 'durable-functions';
import { LETS_ENCRYPT_STAGING_ROOTS } from '../../../src/plan/lets-encrypt-staging-roots.js';
import { environmentPlan } from '../../../src/environments/index.js';
import { startDeployment } from '../../../src/provisioning/environments-api.js';
import { parseSpec } from '../../../src/spec/index.js';
import { readSettings, type AppSettings } from '../../../src/settings.js';
import { specWith } from '../../support/specs.js';

const ORIGIN = 'http://127.0.0.1:7071';
const INTERNAL = 'https://ca.contoso.example/acme/directory';

/** A durable client with no instance yet, recording what would start. */
function emptyClient() {
  const started: string[] = [];
  const client = {
    getStatus: () =>
      Promise.reject(
        new Error(
          'DurableClient error: Durable Functions extension replied with HTTP 404 response.',
        ),
      ),
    startNew: (_name: string, options: { instanceId: string }) => {
      started.push(options.instanceId);
      return Promise.resolve(options.instanceId);
    },
  } as unknown as Pick<DurableClient, 'getStatus' | 'startNew'>;
  return { client, started };
}

function settingsFrom(env: Record<string, string>): AppSettings {
  const read = readSettings(env);
  assert.ok(read.ok, JSON.stringify(read));
  return read.settings;
}

describe('POST /api/environments and the ACME directory', () => {
  test('answers 400 for a directory the operator did not allow, and starts nothing', async () => {
    const { client, started } = emptyClient();
    const spec = specWith({ certificates: { acmeDirectory: 'https://acme.attacker.example/dir' } });
    const response = await startDeployment(client, spec, ORIGIN, settingsFrom({}));
    assert.equal(response.status, 400);
    const error = (response.jsonBody as { error: { code: string; problems: unknown[] } }).error;
    assert.equal(error.code, 'InvalidSpec');
    assert.deepEqual(
      (error.problems as { path: string }[]).map((p) => p.path),
      ['certificates.acmeDirectory'],
    );
    assert.deepEqual(started, []);
  });

  test("starts a deployment from a directory listed in the app's settings, with its root", async () => {
    const { client, started } = emptyClient();
    // Any CA certificate stands in for the operator's root.
    const root = LETS_ENCRYPT_STAGING_ROOTS[1].data;
    const settings = settingsFrom({
      ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES: INTERNAL,
      ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS: root,
    });
    const response = await startDeployment(
      client,
      specWith({ certificates: { acmeDirectory: INTERNAL } }),
      ORIGIN,
      settings,
    );
    assert.equal(response.status, 202);
    assert.deepEqual(started, ['environment-contoso-dev']);
  });

  test("plans the gateway to trust the operator's roots for the directory it allowed", () => {
    const root = LETS_ENCRYPT_STAGING_ROOTS[1].data;
    const settings = settingsFrom({
      ACI_VNET_SIDECARS_ALLOWED_ACME_DIRECTORIES: INTERNAL,
      ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS: root,
    });
    const parsed = parseSpec(specWith({ certificates: { acmeDirectory: INTERNAL } }));
    assert.ok(parsed.ok);
    const gateway = environmentPlan(parsed.spec, settings).resources.find(
      (r) => r.type === 'Microsoft.Network/applicationGateways',
    );
    assert.deepEqual(
      (gateway?.body.properties as Record<string, unknown>).trustedRootCertificates,
      [{ name: 'acme-root-1', properties: { data: root } }],
    );
  });
});
