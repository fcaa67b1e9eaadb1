/**
 * Deleting one target of a teardown: read it (absent is done: the teardown is idempotent and
 * resumable), wait while an operation still runs on it (a delete an earlier run started), keep it
 * when it is not this environment's or still serves someone else, otherwise delete it and wait
 * for the long-running delete (bounded by the activity's budget: past it, "not ready", and the
 * next run reads where Azure got to).
 */
import { StillRunning } from '../activity-deadline.js';
import { createDeletedVaults } from '../azure/deleted-vaults.js';
import { shortId, type ArmResource } from '../azure/resources.js';
import { AppError } from '../errors.js';
import { ownershipRefusal } from '../environments/apply.js';
import { resolvedBody, type EnvironmentContext } from '../environments/index.js';
import { deleteOwned } from '../environments/ownership-delete.js';
import { metadataProblem, ownershipMarks, tagsProblem } from '../environments/ownership.js';
import type { PlannedResource } from '../plan/index.js';
import { foreignGrants, whyStillServing } from './still-serving.js';
import type { TeardownTarget } from './teardown-targets.js';
import type { SoftDeletion, TargetOutcome } from './types.js';

type Planned = ReadonlyMap<string, PlannedResource>;

export async function tearDownTarget(
  ctx: EnvironmentContext,
  target: TeardownTarget,
  planned: Planned,
): Promise<TargetOutcome> {
  const actual = await ctx.apply.store.get(target.id, target.apiVersion);
  if (!actual) return withSoftDeletion(ctx, target, outcome(target, 'absent'));
  requireSettled(actual);
  const notOurs = await whyNotOurs(ctx, target, planned.get(target.id.toLowerCase()), actual);
  if (notOurs) return outcome(target, 'kept', notOurs);
  const serving =
    (await whyStillServing(ctx, target)) ?? (await foreignGrants(ctx, target, actual));
  if (serving) return outcome(target, 'kept', serving);
  await deleteTarget(ctx, target, actual);
  return withSoftDeletion(ctx, target, outcome(target, 'deleted'));
}

function outcome(
  target: TeardownTarget,
  result: TargetOutcome['outcome'],
  why?: string,
): TargetOutcome {
  return { id: target.id, type: target.type, outcome: result, ...(why ? { why } : {}) };
}

/**
 * An operation still runs on it: a delete an earlier run started and stopped watching (its
 * budget, a crash), or a write. Waiting for it is "not ready", not a second DELETE.
 */
function requireSettled(actual: ArmResource): void {
  const state = actual.properties?.provisioningState;
  if (
    typeof state !== 'string' ||
    /^(succeeded|failed|canceled|awaitingmanualaction)$/i.test(state)
  )
    return;
  throw new StillRunning(
    `${shortId(actual.id ?? '')} is ${state}: ${/^deleting$/i.test(state) ? 'its delete' : 'an operation on it'} still runs; the next run checks again`,
  );
}

/** Why the resource is not this environment's to delete (ownership.ts), or undefined. */
async function whyNotOurs(
  ctx: EnvironmentContext,
  target: TeardownTarget,
  planned: PlannedResource | undefined,
  actual: ArmResource,
): Promise<string | undefined> {
  const marks = ownershipMarks(ctx.plan.environment);
  switch (target.owner) {
    case 'metadata':
      return notOursBecause(metadataProblem(actual, marks));
    case 'tags':
      return notOursBecause(tagsProblem(actual, marks));
    case 'shared': {
      const problem = tagsProblem(actual, marks);
      return (
        problem &&
        `shared by the environments of the resource group and created by another one (${problem}); this environment's link to it was deleted`
      );
    }
    case 'assignment':
    case 'parent': {
      if (!planned)
        return "it is not part of this environment's plan, so whose it is cannot be told";
      let body;
      try {
        body = await resolvedBody(ctx.apply, planned);
      } catch (error) {
        if (target.owner === 'parent') body = planned.body;
        else
          return `whose it is cannot be told: ${error instanceof AppError ? error.detail : String(error)}`;
      }
      const refusal = await ownershipRefusal(ctx.apply, planned, body, actual);
      return notOursBecause(refusal?.problem);
    }
  }
}

const notOursBecause = (problem: string | undefined) =>
  problem && `not this environment's: ${problem}`;

/**
 * Azure's refusals to delete what something else still uses: a subnet with a container group or
 * private endpoint in it (`InUseSubnetCannotBeDeleted`, which ACI may answer for a while after its
 * groups are gone: SupportArticles-docs cannot-delete-vnet-subnet.md), a public IP, NSG or NAT
 * gateway still associated (`PublicIPAddressCannotBeDeleted`,
 * `InUseNetworkSecurityGroupCannotBeDeleted`, `InUseNatGatewayCannotBeDeleted`), a resource with
 * children left (`CannotDeleteResource`). The order of the steps avoids them; one that happens
 * anyway is waited for (Durable timers, NOT_READY_WAIT) and, if it lasts, fails the step with
 * Azure's message naming what still uses it.
 */
const IN_USE = /^(InUse\w*CannotBeDeleted|PublicIPAddressCannotBeDeleted|CannotDeleteResource)$/i;

async function deleteTarget(
  ctx: EnvironmentContext,
  target: TeardownTarget,
  actual: ArmResource,
): Promise<void> {
  try {
    if (target.owner === 'assignment' || target.owner === 'parent') {
      ctx.log(`deleting ${shortId(target.id)}`);
      await ctx.apply.store.delete(target.id, target.apiVersion);
    } else {
      const recordedIn = target.owner === 'metadata' ? 'metadata' : 'tags';
      await deleteOwned(ctx.apply, { ...target, recordedIn }, actual);
    }
  } catch (error) {
    if (!(error instanceof AppError) || !IN_USE.test(error.code)) throw error;
    throw new StillRunning(
      `${shortId(target.id)} cannot be deleted yet, something still uses it: ${error.detail}`,
    );
  }
}

/**
 * A Key Vault's delete only soft-deletes it (soft-delete-overview.md): what Azure keeps of it and
 * until when, for the summary. The app never purges.
 */
async function withSoftDeletion(
  ctx: EnvironmentContext,
  target: TeardownTarget,
  result: TargetOutcome,
): Promise<TargetOutcome> {
  if (target.type.toLowerCase() !== 'microsoft.keyvault/vaults') return result;
  const name = target.id.split('/').at(-1) ?? '';
  const deleted = await createDeletedVaults(ctx.services.connection, ctx.spec.subscriptionId).find(
    name,
  );
  if (!deleted) return result;
  const softDeleted: SoftDeletion = {
    ...(deleted.scheduledPurgeDate
      ? { recoverableUntil: deleted.scheduledPurgeDate.toISOString() }
      : {}),
    purgeProtection: deleted.purgeProtectionEnabled,
  };
  return { ...result, softDeleted };
}
