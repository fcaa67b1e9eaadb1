import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  vaultAccess,
  type VaultGrant,
  type VaultRefusal,
} from '../../../src/certs/vault-access.js';
import { NOT_READY_WAIT, ROLE_ASSIGNMENT_WAIT } from '../../../src/retry-policies.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const PRINCIPAL = '00000000-0000-4000-8000-0000000000a0';
const VAULT_ID =
  '/subscriptions/s/resourceGroups/rg-contoso-dev/providers/Microsoft.KeyVault/vaults/kv-contoso-dev';
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

function grant(role: string, createdOn: VaultGrant['createdOn']): VaultGrant {
  return { role, scope: VAULT_ID, createdOn };
}

function refusal(grants: VaultGrant[]): VaultRefusal {
  return {
    vaultName: 'kv-contoso-dev',
    principalId: PRINCIPAL,
    refusal:
      'GET certificate app-contoso-example: Caller is not authorized to perform action on resource. (HTTP 403 Forbidden)',
    grants,
    now: NOW,
    wait: ROLE_ASSIGNMENT_WAIT,
  };
}

describe("a 403 from the environment's vault", () => {
  test('waits while the newest role assignment is younger than Azure takes to apply it, saying so', () => {
    const decision = vaultAccess(
      refusal([
        grant('Key Vault Certificates Officer', minutesAgo(30)),
        grant('Key Vault Secrets Officer', minutesAgo(11)),
      ]),
    );
    assert.equal(decision.kind, 'wait');
    assert.match(
      decision.kind === 'wait' ? decision.message : '',
      /^this app's new role assignments on Key Vault kv-contoso-dev \(Key Vault Certificates Officer and Key Vault Secrets Officer\) to apply; until then Key Vault refuses \(GET certificate app-contoso-example: Caller is not authorized .*\), and Azure takes up to 10 minutes$/,
    );
  });

  test('counts an assignment whose creation ARM did not report as just made', () => {
    const decision = vaultAccess(
      refusal([grant('Key Vault Certificates Officer', minutesAgo(60)), grant('X', undefined)]),
    );
    assert.equal(decision.kind, 'wait');
  });

  test('fails at once when a role is missing, naming the role, the scope and the command that grants it', () => {
    const decision = vaultAccess(
      refusal([
        grant('Key Vault Certificates Officer', minutesAgo(1)),
        grant('Key Vault Secrets Officer', 'absent'),
      ]),
    );
    assert.equal(decision.kind, 'fail');
    const failure = decision.kind === 'fail' ? decision.failure : undefined;
    assert.deepEqual([failure?.kind, failure?.code], ['forbidden', 'VaultRoleMissing']);
    assert.equal(
      failure?.message,
      `Key Vault kv-contoso-dev refused this app (GET certificate app-contoso-example: Caller is not authorized to perform action on resource. (HTTP 403 Forbidden)): its identity (principal ${PRINCIPAL}) holds no Key Vault Secrets Officer on ${VAULT_ID}. Deploy the environment again (its key-vault stage grants the roles), or grant them yourself: az role assignment create --assignee-object-id ${PRINCIPAL} --assignee-principal-type ServicePrincipal --role "Key Vault Secrets Officer" --scope ${VAULT_ID}`,
    );
  });

  test('fails when the plan grants no role on the vault at all', () => {
    const decision = vaultAccess(refusal([]));
    assert.equal(
      decision.kind === 'fail' ? decision.failure.code : decision.kind,
      'VaultRoleMissing',
    );
  });

  test('fails once the assignments are older than Azure takes to apply them, pointing at the principal id', () => {
    const decision = vaultAccess(
      refusal([
        grant('Key Vault Certificates Officer', minutesAgo(13)),
        grant('Key Vault Secrets Officer', minutesAgo(12)),
      ]),
    );
    assert.equal(decision.kind, 'fail');
    const failure = decision.kind === 'fail' ? decision.failure : undefined;
    assert.deepEqual([failure?.kind, failure?.code], ['forbidden', 'VaultAccessDenied']);
    assert.match(
      failure?.message ?? '',
      new RegExp(
        `^Key Vault kv-contoso-dev still refuses this app \\(GET certificate .*\\) more than 12 minutes after it was granted Key Vault Certificates Officer and Key Vault Secrets Officer on ${VAULT_ID}, longer than Azure takes to apply a role assignment \\(up to 10 minutes\\)\\. Check that ACI_VNET_SIDECARS_PRINCIPAL_ID \\(${PRINCIPAL}\\) is the object \\(principal\\) id of this app's managed identity`,
      ),
    );
  });

  test('waits at least the 10 minutes Azure documents, within a stage’s own not-ready deadline', () => {
    assert.ok(ROLE_ASSIGNMENT_WAIT.deadlineMs >= 10 * 60_000);
    assert.ok(ROLE_ASSIGNMENT_WAIT.deadlineMs < NOT_READY_WAIT.deadlineMs);
    const at = (minutes: number) =>
      vaultAccess(refusal([grant('Key Vault Secrets Officer', minutesAgo(minutes))])).kind;
    assert.deepEqual([at(10), at(11.9), at(12)], ['wait', 'wait', 'fail']);
  });
});
