// The gateway's HTTPS listener is written only once its identity's Key Vault grant has applied:
// the app cannot ask Key Vault as the gateway, so it counts from the grant's creation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  effectiveGrant,
  pendingGatewayGrants,
  reaches,
} from '../../../src/provisioning/stages/gateway-grants.js';
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

  const RG = '/subscriptions/s/resourceGroups/rg-contoso-prod';
  const SECRET = `${RG}/providers/Microsoft.KeyVault/vaults/kv-x/secrets/app-contoso-example`;
  const SECRETS_USER =
    '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6';
  const GATEWAY = '55555555-5555-4555-8555-555555555555';
  const planned = (createdOn: Date | 'absent') => ({
    id: `${SECRET}/providers/Microsoft.Authorization/roleAssignments/g`,
    createdOn,
    scope: SECRET,
    roleDefinitionId: SECRETS_USER,
    principalId: GATEWAY,
  });
  const listed = (scope: string, createdOn: Date, over: Record<string, string> = {}) => ({
    principalId: GATEWAY,
    roleDefinitionId: SECRETS_USER,
    scope,
    createdOn: createdOn.toISOString(),
    ...over,
  });

  void test('counts from an older grant of the same role to the gateway on the resource group, as azd provision makes it', () => {
    const prepared = effectiveGrant(planned(ago(1_000)), [
      listed(RG, ago(ROLE_ASSIGNMENT_APPLIES_MS + 60_000)),
    ]);
    assert.equal(pendingGatewayGrants([prepared], NOW, ROLE_ASSIGNMENT_APPLIES_MS), undefined);
    // ARM answers a built-in role's id without the subscription (arm-shape-types.ts).
    const beforeOwn = effectiveGrant(planned('absent'), [
      listed(RG, ago(ROLE_ASSIGNMENT_APPLIES_MS), {
        roleDefinitionId:
          '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6',
      }),
    ]);
    assert.deepEqual(beforeOwn.createdOn, ago(ROLE_ASSIGNMENT_APPLIES_MS));
  });

  void test('does not count a grant that is younger, elsewhere, of another role or to another principal', () => {
    const old = ago(ROLE_ASSIGNMENT_APPLIES_MS * 2);
    const own = ago(60_000);
    for (const other of [
      listed(RG, ago(30_000)),
      listed('/subscriptions/s/resourceGroups/rg-contoso', old),
      listed(`${RG}/providers/Microsoft.KeyVault/vaults/kv-other`, old),
      listed(RG, old, { roleDefinitionId: SECRETS_USER.replace('4633458b', 'acdd72a7') }),
      listed(RG, old, { principalId: '66666666-6666-4666-8666-666666666666' }),
    ]) {
      assert.deepEqual(effectiveGrant(planned(own), [other]).createdOn, own, JSON.stringify(other));
    }
    assert.equal(
      effectiveGrant(planned('absent'), [listed(RG, old, { scope: SECRET + '-2' })]).createdOn,
      'absent',
    );
  });

  void test('takes a scope as reaching itself and what lies below it, case-insensitively', () => {
    assert.ok(reaches(RG, SECRET));
    assert.ok(reaches(RG.toUpperCase() + '/', SECRET));
    assert.ok(reaches(SECRET, SECRET));
    assert.ok(reaches('/subscriptions/s', SECRET));
    assert.ok(!reaches(SECRET, RG));
    assert.ok(!reaches('', SECRET), 'an assignment without a scope reaches nothing');
    assert.ok(!reaches(undefined, SECRET));
    assert.ok(!reaches('/subscriptions/s/resourceGroups/rg-contoso', SECRET));
  });
});
