// Key Vault refuses this app until the roles the deployment grants it have applied, which Azure
// says can take up to 10 minutes (articles/role-based-access-control/troubleshooting.md). The
// local stack makes that delay longer than a Durable retry budget (five stage attempts, about
// 75 s): the deployment must wait for the assignment, not give up; and a role that is gone must
// fail with a message naming it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { param, planIds, buildPlan } from '../../src/plan/index.js';
import { parseSpec, type EnvironmentSpec } from '../../src/spec/index.js';
import { adminRequest } from '../support/admin.js';
import { until } from '../support/eventually.js';
import { startLocalStack, type LocalStack } from '../support/local-stack.js';
import { skipWithout } from '../support/requires.js';
import { exampleInput, withImportedImages } from '../support/specs.js';

const skip = skipWithout('pebble');
const input = withImportedImages(exampleInput('minimal'));
const TIME_SCALE = 0.0001;
/** Real time a new role assignment takes to apply here: longer than the old 75 s retry budget. */
const REAL_DELAY_MS = 100_000;

interface StageStatus {
  stage: string;
  state: string;
  startedAt?: string;
  endedAt?: string;
  waitingFor?: string;
}

function parsed(): EnvironmentSpec {
  const result = parseSpec(input);
  assert.ok(result.ok);
  return result.spec;
}

/** The ids of the role assignments the plan gives this app on the environment's vault. */
function appRolesOnVault(spec: EnvironmentSpec): string[] {
  const vault = planIds(spec).keyVault.toLowerCase();
  return buildPlan(spec)
    .resources.filter(
      (r) =>
        r.type === 'Microsoft.Authorization/roleAssignments' &&
        r.scope?.toLowerCase() === vault &&
        (r.body.properties as Record<string, unknown>).principalId === param('deployerPrincipalId'),
    )
    .map((r) => r.id);
}

describe('Key Vault refuses this app until its new role assignments apply', { skip }, () => {
  let stack: LocalStack;
  const spec = parsed();

  before(async () => {
    stack = await startLocalStack({
      publicZones: [
        {
          subscriptionId: spec.subscriptionId,
          resourceGroup: spec.resourceGroup,
          zone: 'contoso.example',
        },
      ],
      timeScale: TIME_SCALE,
      roleAssignmentDelayMs: REAL_DELAY_MS / TIME_SCALE,
      // Not-ready checks every 5 s (ten polls): about twenty during the delay, not a thousand.
      settings: { ACI_VNET_SIDECARS_POLL_INTERVAL_MS: '500' },
    });
  });
  after(() => stack?.stop());

  test('the deployment waits for the role assignments with Durable timers, saying so, and succeeds', async () => {
    assert.equal((await stack.api('POST', '/api/environments', input)).status, 202);
    const waitedFor = new Set<string>();
    let final: { runtimeStatus: string; stages: StageStatus[]; error?: string } | undefined;
    await until(
      async () => {
        const { body } = await stack.api('GET', `/api/environments/${spec.name}`);
        final = body as unknown as typeof final;
        const certificate = final?.stages.find((s) => s.stage === 'certificate');
        if (certificate?.waitingFor) waitedFor.add(certificate.waitingFor);
        return !['Running', 'Pending'].includes(final?.runtimeStatus ?? 'Pending');
      },
      { deadlineMs: 600_000, what: `the deployment of ${spec.name} to finish` },
    );
    assert.equal(final?.runtimeStatus, 'Completed', JSON.stringify(final, null, 2));
    assert.ok(
      [...waitedFor].some((m) =>
        m.startsWith(
          `this app's new role assignments on Key Vault ${spec.names.keyVault} (Key Vault Certificates Officer and Key Vault Secrets Officer) to apply`,
        ),
      ),
      [...waitedFor].join('\n') || 'the certificate stage never said it was waiting',
    );
    // It could only succeed once the assignment had applied: no earlier than its delay.
    const [firstRole] = appRolesOnVault(spec);
    const assignment = await adminRequest(stack.emu, 'GET', `${firstRole}?api-version=2022-04-01`);
    const createdOn = Date.parse(
      String((assignment.properties as Record<string, unknown>).createdOn),
    );
    const certificate = final?.stages.find((s) => s.stage === 'certificate');
    assert.ok(Date.parse(certificate?.endedAt ?? '') >= createdOn + REAL_DELAY_MS);
  });

  test('a renewal refused because the role is gone fails at once, naming the role and the scope', async () => {
    for (const id of appRolesOnVault(spec))
      await adminRequest(stack.emu, 'DELETE', `${id}?api-version=2022-04-01`);
    await stack.fire('renewCertificates');
    let status: Record<string, unknown> | undefined;
    await until(
      async () => {
        // The status of a failed instance comes with 400, so not through `stack.instance`.
        const answer = await stack.durable(`renew-${spec.name}`);
        if (answer.status === 404 || !answer.body) return false;
        status = answer.body;
        return status.runtimeStatus === 'Failed' || status.runtimeStatus === 'Completed';
      },
      { what: 'the renewal to finish' },
    );
    assert.equal(status?.runtimeStatus, 'Failed', JSON.stringify(status));
    const vaultId = planIds(spec).keyVault;
    const output = String(status?.output);
    assert.ok(
      output.includes(
        `[forbidden/VaultRoleMissing] Key Vault ${spec.names.keyVault} refused this app`,
      ),
      output,
    );
    for (const role of ['Key Vault Certificates Officer', 'Key Vault Secrets Officer'])
      assert.ok(
        output.includes(`--role "${role}" --scope ${vaultId}`),
        `${role} on ${vaultId} in: ${output}`,
      );
  });
});
