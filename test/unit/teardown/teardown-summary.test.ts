// The end of a teardown for people: what each step did, placed as deleted, already gone,
// soft-deleted or kept. Pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  resourceLabel,
  stepSummaryLine,
  teardownSummary,
} from '../../../src/teardown/teardown-summary.js';
import type { InventoriedTarget, StepReport } from '../../../src/teardown/types.js';

const RG = '/subscriptions/s/resourceGroups/rg/providers';
const group = `${RG}/Microsoft.ContainerInstance/containerGroups/ci-x-app-1`;
const gone = `${RG}/Microsoft.ContainerInstance/containerGroups/ci-x-app-2`;
const vault = `${RG}/Microsoft.KeyVault/vaults/kv-x`;
const zone = `${RG}/Microsoft.Network/privateDnsZones/privatelink.database.windows.net`;
const assignment = `${RG}/Microsoft.ContainerRegistry/registries/acrx/providers/Microsoft.Authorization/roleAssignments/0000`;

const target = (id: string, present: boolean): InventoriedTarget => ({
  id,
  type: 'any',
  apiVersion: 'v',
  step: 'container-groups',
  wave: 0,
  owner: 'tags',
  present,
});

describe('teardown summary', () => {
  test('deleted, already gone, soft-deleted and kept, each with what people need', () => {
    const reports: StepReport[] = [
      {
        step: 'container-groups',
        summary: '',
        outcomes: [
          { id: group, type: 'g', outcome: 'absent' },
          { id: gone, type: 'g', outcome: 'absent' },
        ],
      },
      {
        step: 'key-vault',
        summary: '',
        outcomes: [
          {
            id: vault,
            type: 'Microsoft.KeyVault/vaults',
            outcome: 'deleted',
            softDeleted: { recoverableUntil: '2027-02-24T10:00:00.000Z', purgeProtection: true },
          },
        ],
      },
      {
        step: 'private-dns',
        summary: '',
        outcomes: [{ id: zone, type: 'z', outcome: 'kept', why: 'another environment links it' }],
      },
    ];
    const migrate = `${RG}/Microsoft.ContainerInstance/containerGroups/ci-x-migrate`;
    reports[0]?.outcomes.push({ id: migrate, type: 'g', outcome: 'absent' });
    const summary = teardownSummary(
      'x',
      {
        targets: [
          target(group, true),
          target(gone, false),
          { ...target(migrate, false), runOnce: true },
        ],
        notes: ['a note'],
      },
      reports,
    );
    // Present when the teardown started and gone now: an earlier run of the step deleted it.
    assert.deepEqual(summary.deleted, ['containerGroups/ci-x-app-1']);
    // A run-once group is gone once it has run: not worth a line.
    assert.deepEqual(summary.alreadyGone, ['containerGroups/ci-x-app-2']);
    assert.equal(summary.softDeleted.length, 1);
    assert.equal(summary.softDeleted[0]?.resource, 'vaults/kv-x');
    assert.match(
      summary.softDeleted[0]?.note ?? '',
      /^soft-deleted, not purged: recoverable .* until 2027-02-24; deploying the environment again recovers it; purge protection/,
    );
    assert.deepEqual(summary.kept, [
      {
        resource: 'privateDnsZones/privatelink.database.windows.net',
        why: 'another environment links it',
      },
    ]);
    assert.deepEqual(summary.notes, ['a note']);
  });

  test('labels a role assignment with its scope and a record set as a name in its zone', () => {
    assert.equal(resourceLabel(assignment), 'roleAssignments/0000 on registries/acrx');
    assert.equal(
      resourceLabel(`${RG}/Microsoft.Network/dnszones/contoso.example/CNAME/app`),
      'CNAME app.contoso.example (public zone)',
    );
    assert.equal(
      resourceLabel(`${RG}/Microsoft.Network/privateDnsZones/prod.internal/A/app-1`),
      'A app-1.prod.internal (private zone)',
    );
    assert.equal(
      resourceLabel(`${RG}/Microsoft.Network/privateDnsZones/prod.internal/virtualNetworkLinks/v`),
      'privateDnsZones/prod.internal/virtualNetworkLinks/v',
    );
    assert.equal(resourceLabel('/subscriptions/s/resourceGroups/rg-x'), 'resource group rg-x');
  });

  test('one line per step: deleted, soft-deleted, not found, kept', () => {
    assert.equal(stepSummaryLine([]), 'nothing to delete');
    assert.equal(
      stepSummaryLine([
        { id: 'a', type: 't', outcome: 'deleted' },
        { id: 'b', type: 't', outcome: 'deleted', softDeleted: { purgeProtection: true } },
        { id: 'c', type: 't', outcome: 'absent' },
        { id: 'd', type: 't', outcome: 'kept', why: 'w' },
      ]),
      '1 deleted, 1 soft-deleted, 1 not found, 1 kept',
    );
  });
});
