import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffText, hasChanges } from '../../../src/cli/diff-output.js';
import type { ResourceDiff } from '../../../src/environments/index.js';
import type { ResourceChange } from '../../../src/plan/index.js';
import { examplePlan, ofType } from '../plan/helpers.js';

const plan = examplePlan('minimal');
const [vnet] = ofType(plan, 'Microsoft.Network/virtualNetworks');
const [group1, group2] = ofType(plan, 'Microsoft.ContainerInstance/containerGroups');
const [grant] = ofType(plan, 'Microsoft.Authorization/roleAssignments');
const HEADING = 'What deploying spec.json would change:';

const diff = (resource = vnet!, change: ResourceChange, note?: string): ResourceDiff => ({
  resource,
  change,
  ...(note ? { note } : {}),
});

describe('what diff prints', () => {
  test('exactly "no changes" when every resource is unchanged, notes included', () => {
    const diffs = [
      diff(vnet, { action: 'unchanged' }),
      diff(group1, { action: 'unchanged' }, 'shared with another environment, used as it is'),
    ];
    assert.equal(hasChanges(diffs), false);
    assert.equal(diffText(diffs, HEADING), 'no changes\n');
  });

  test('one row per resource, then the paths that differ per update or replacement, then the counts', () => {
    const diffs = [
      diff(vnet, { action: 'unchanged' }),
      diff(group1, { action: 'update', drift: ['properties.containers[2].properties.image'] }),
      diff(group2, {
        action: 'replace',
        drift: ['properties.containers[2].properties.resources.requests.cpu'],
        replaces: ["CPU of container 'web'"],
      }),
      diff(grant, { action: 'create' }),
    ];
    assert.equal(hasChanges(diffs), true);
    assert.equal(
      diffText(diffs, HEADING),
      [
        HEADING,
        '',
        'CHANGE     TYPE                                         NAME',
        'unchanged  Microsoft.Network/virtualNetworks            vnet-contoso-dev',
        'update     Microsoft.ContainerInstance/containerGroups  ci-contoso-dev-app-1',
        'replace    Microsoft.ContainerInstance/containerGroups  ci-contoso-dev-app-2',
        'create     Microsoft.Authorization/roleAssignments      AcrPull: id-contoso-dev-app on acrcontosodevvwwnhcgt',
        '',
        'update ci-contoso-dev-app-1',
        '  properties.containers[2].properties.image',
        "replaces ci-contoso-dev-app-2 (CPU of container 'web' changed): deleted, then created again",
        '  properties.containers[2].properties.resources.requests.cpu',
        '',
        '1 to create, 1 to update, 1 to replace, 1 unchanged',
        '',
      ].join('\n'),
    );
  });

  test("says why a change cannot be compared or would be refused, under the resource's name", () => {
    const text = diffText(
      [
        diff(group1, { action: 'update', drift: [] }, 'cannot be compared before x is created'),
        diff(vnet, { action: 'update', drift: ['tags'] }, "not this environment's (tags): refused"),
      ],
      HEADING,
    );
    assert.match(
      text,
      /^update ci-contoso-dev-app-1\n {2}cannot be compared before x is created\n/m,
    );
    assert.match(
      text,
      /^update vnet-contoso-dev\n {2}tags\n {2}not this environment's \(tags\): refused\n/m,
    );
    assert.match(text, /\n2 to update\n$/);
  });

  test('lists each resource a deployment would prune as delete, with why, and counts them', () => {
    const zone = 'contoso-dev.internal';
    const deletions: ResourceDiff[] = [
      {
        resource: {
          id: `${group2!.id}-3`,
          type: group2!.type,
          name: 'ci-contoso-dev-app-3',
          body: {},
        },
        change: { action: 'delete' },
        note: 'no longer planned',
      },
      {
        resource: {
          id: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/${zone}/A/app-3`,
          type: 'Microsoft.Network/privateDnsZones/A',
          name: 'app-3',
          body: {},
        },
        change: { action: 'delete' },
        note: 'deleted after its group',
      },
    ];
    const diffs = [diff(vnet, { action: 'unchanged' }), ...deletions];
    assert.equal(hasChanges(diffs), true);
    const text = diffText(diffs, HEADING);
    assert.match(
      text,
      /^delete\s+Microsoft\.ContainerInstance\/containerGroups\s+ci-contoso-dev-app-3$/m,
    );
    assert.match(
      text,
      new RegExp(`^delete\\s+Microsoft\\.Network/privateDnsZones/A\\s+${zone}/app-3$`, 'm'),
    );
    assert.match(text, /^delete ci-contoso-dev-app-3\n {2}no longer planned\n/m);
    assert.match(text, new RegExp(`^delete ${zone}/app-3\\n {2}deleted after its group\\n`, 'm'));
    assert.match(text, /\n2 to delete, 1 unchanged\n$/);
  });
});
