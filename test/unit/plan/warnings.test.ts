import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildPlan } from '../../../src/plan/index.js';
import { exampleSpec } from './helpers.js';

describe('plan warnings', () => {
  test('tells a user who turns off the NAT gateway what that means and where Azure says so', () => {
    const plan = buildPlan(exampleSpec('minimal', { network: { natGateway: { enabled: false } } }));
    assert.equal(plan.warnings.length, 1);
    const message = plan.warnings[0]?.message ?? '';
    assert.ok(
      message.startsWith(
        'network.natGateway.enabled is false, so the containers subnet gets no NAT gateway',
      ),
      message,
    );
    assert.match(message, /its outbound traffic relies on default outbound access\./);
    assert.match(
      message,
      /\(https:\/\/learn\.microsoft\.com\/azure\/container-instances\/container-instances-virtual-network-concepts\)/,
    );
    assert.match(message, /the sidecars reach Key Vault over outbound HTTPS\./);
    assert.ok(message.endsWith('Remove the setting to plan the NAT gateway.'), message);
  });

  test('names the tag of every image imported by tag, and tells how to pin it by digest', () => {
    const plan = buildPlan(
      exampleSpec('minimal', {
        app: {
          images: {
            web: 'mcr.microsoft.com/azuredocs/aci-helloworld:latest',
            api: 'contoso.azurecr.io/team/api:1.4',
          },
        },
      }),
    );
    const images = plan.warnings.filter((w) => w.code === 'ImageNotPinnedByDigest');
    assert.deepEqual(
      images.map((w) => w.field),
      ['app.images.web', 'app.images.api'],
    );
    assert.equal(
      images[0]?.message,
      'app.images.web imports mcr.microsoft.com/azuredocs/aci-helloworld:latest by its tag "latest", ' +
        'which its publisher can move to another image: a later deployment may import different ' +
        'content under the same name (https://learn.microsoft.com/azure/container-registry/container-registry-image-tag-version). ' +
        'Reference it by digest instead: mcr.microsoft.com/azuredocs/aci-helloworld@sha256:<digest>.',
    );
    assert.match(images[1]?.message ?? '', /by its tag "1\.4"/);
    assert.match(images[1]?.message ?? '', /contoso\.azurecr\.io\/team\/api@sha256:<digest>\.$/);
  });

  test('does not warn for an image imported by digest or built by ACR Tasks', () => {
    const digest = 'sha256:' + 'ab'.repeat(32);
    const plan = buildPlan(
      exampleSpec('minimal', {
        app: { images: { web: `mcr.microsoft.com/azuredocs/aci-helloworld@${digest}` } },
      }),
    );
    assert.deepEqual(plan.warnings, []);
  });
});
