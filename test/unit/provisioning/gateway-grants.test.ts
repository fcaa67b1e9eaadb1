// The gateway's HTTPS listener is written only once its identity's Key Vault grant has applied:
// the app cannot ask Key Vault as the gateway, so it counts from the grant's creation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pendingGatewayGrants } from '../../../src/provisioning/stages/gateway-grants.js';
import { ROLE_ASSIGNMENT_APPLIES_MS } from '../../../src/retry-policies.js';
import { readSettings } from '../../../src/settings.js';

const NOW = new Date('2026-12-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const grant = (createdOn: Date | 'absent' | undefined, id = 'grant-1') => ({ id, createdOn });

void describe('the gateway identity grant wait', () => {
  void test('waits while the newest grant is younger than the apply time, saying how long is left', () => {
    const pending = pendingGatewayGrants(
      [grant(ago(ROLE_ASSIGNMENT_APPLIES_MS)), grant(ago(60_000), 'grant-2')],
      NOW,
      ROLE_ASSIGNMENT_APPLIES_MS,
    );
    assert.match(pending ?? '', /Key Vault role assignment to apply/);
    assert.match(pending ?? '', /about 9\.5 min left/);
    assert.match(pending ?? '', /HTTPS listener disabled/);
    const last = pendingGatewayGrants(
      [grant(ago(ROLE_ASSIGNMENT_APPLIES_MS - 1_500))],
      NOW,
      ROLE_ASSIGNMENT_APPLIES_MS,
    );
    assert.match(last ?? '', /about 2 s left/);
  });

  void test('goes on once every grant is as old as the apply time', () => {
    assert.equal(
      pendingGatewayGrants(
        [grant(ago(ROLE_ASSIGNMENT_APPLIES_MS))],
        NOW,
        ROLE_ASSIGNMENT_APPLIES_MS,
      ),
      undefined,
    );
    assert.equal(pendingGatewayGrants([], NOW, ROLE_ASSIGNMENT_APPLIES_MS), undefined);
  });

  void test('names a grant ARM does not hold instead of counting time', () => {
    const pending = pendingGatewayGrants(
      [grant('absent', '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/g')],
      NOW,
      ROLE_ASSIGNMENT_APPLIES_MS,
    );
    assert.match(pending ?? '', /do not exist yet: \/subscriptions\/s\/.*roleAssignments\/g/);
  });

  void test('counts a grant whose creation ARM did not report as applied', () => {
    assert.equal(
      pendingGatewayGrants([grant(undefined)], NOW, ROLE_ASSIGNMENT_APPLIES_MS),
      undefined,
    );
  });

  void test('allows for ten minutes and some clock skew in Azure', () => {
    assert.ok(ROLE_ASSIGNMENT_APPLIES_MS > 10 * 60_000);
    assert.ok(ROLE_ASSIGNMENT_APPLIES_MS <= 11 * 60_000);
  });

  void test('takes its time from a setting that defaults to Azure and names a bad value', () => {
    const azure = readSettings({});
    assert.ok(azure.ok);
    assert.equal(azure.settings.roleAssignmentApplyMs, ROLE_ASSIGNMENT_APPLIES_MS);
    const empty = readSettings({ ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: '' });
    assert.ok(empty.ok);
    assert.equal(empty.settings.roleAssignmentApplyMs, ROLE_ASSIGNMENT_APPLIES_MS);
    const bad = readSettings({ ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS: '-1' });
    assert.ok(!bad.ok);
    assert.match(JSON.stringify(bad.problems), /ACI_VNET_SIDECARS_ROLE_ASSIGNMENT_APPLY_MS/);
    assert.match(JSON.stringify(bad.problems), /must be at least 0/);
  });
});
