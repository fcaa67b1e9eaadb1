import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { imageName, workloadImage, workloadImages } from '../../../src/plan/index.js';
import { exampleSpec } from './helpers.js';

describe('workload images', () => {
  test('names an imported image after its last path segment and keeps its tag', () => {
    const image = workloadImage('web', 'mcr.microsoft.com/azuredocs/aci-helloworld:latest');
    assert.deepEqual([image.repository, image.reference], ['aci-helloworld', ':latest']);
    assert.equal(imageName(image, 'acr.azurecr.io'), 'acr.azurecr.io/aci-helloworld:latest');
  });

  test('keeps a digest and copes with a registry port', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const image = workloadImage('api', `registry.example:5000/team/api@${digest}`);
    assert.deepEqual([image.repository, image.reference], ['api', `@${digest}`]);
  });

  test('names a built image after its folder', () => {
    const image = workloadImage('dashboard', { build: 'images/dash', tag: '2.0' });
    assert.deepEqual([image.repository, image.reference], ['dash', ':2.0']);
  });

  test('lists the dashboard image only when the dashboard is enabled, and the migration always', () => {
    assert.deepEqual(
      workloadImages(exampleSpec('minimal')).map((i) => i.repository),
      ['init', 'sidecar', 'web', 'api', 'dash', 'migrate'],
    );
    const without = exampleSpec('minimal', { dashboard: { enabled: false } });
    assert.deepEqual(
      workloadImages(without).map((i) => i.role),
      ['init', 'sidecar', 'web', 'api', 'migrate'],
    );
  });
});
