// Every activity of every workflow ends well within host.json's functionTimeout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deployWorkflow } from '../../../src/provisioning/deploy.orchestrator.js';
import { reconcileWorkflow } from '../../../src/reconcile/reconcile.orchestrator.js';
import { renewalWorkflow } from '../../../src/renewal/renewal.orchestrator.js';
import {
  acmeStatusWorstCaseMs,
  activityWorstCaseMs,
  requestWorstCaseMs,
} from '../../../src/retry-policies.js';
import { repoRoot } from '../../support/cli.js';

/** Seconds in a host.json timespan (`hh:mm:ss`). */
function seconds(timespan: string | undefined): number {
  const match = /^(\d{2}):([0-5]\d):([0-5]\d)$/.exec(timespan ?? '');
  assert.ok(match, `functionTimeout ${timespan} is not hh:mm:ss`);
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

const hostJson = JSON.parse(readFileSync(join(repoRoot, 'host.json'), 'utf8')) as {
  functionTimeout?: string;
};
const functionTimeoutMs = seconds(hostJson.functionTimeout) * 1000;
/** "Well under": a quarter of the timeout stays free for what no bound covers (a cold start). */
const WELL_UNDER = 0.75;

const activities = [deployWorkflow, reconcileWorkflow, renewalWorkflow].flatMap((w) =>
  w.activities.map((a) => ({ workflow: w.orchestrator, activity: a })),
);

describe("activities and host.json's functionTimeout", () => {
  test('every activity of every workflow declares the budget runActivity gives it', () => {
    assert.ok(activities.length >= 16, `${activities.length} activities`);
    for (const { workflow, activity } of activities) {
      assert.ok(
        Number.isFinite(activity.budget.waitMs) && activity.budget.waitMs > 0,
        `${workflow}/${activity.name}`,
      );
    }
  });

  for (const { workflow, activity } of activities) {
    test(`${workflow}/${activity.name}: its worst case stays under ${WELL_UNDER} of functionTimeout`, () => {
      const worst = activityWorstCaseMs(activity.budget);
      assert.equal(worst, activity.budget.waitMs + acmeStatusWorstCaseMs() + requestWorstCaseMs());
      assert.ok(
        worst <= functionTimeoutMs * WELL_UNDER,
        `${activity.name}: ${worst / 60_000} minutes against functionTimeout ${hostJson.functionTimeout}`,
      );
    });
  }

  test('the parts of the worst case are the bounds the code runs with', () => {
    // HTTP_RETRY: 6 retries, each delay capped at 60 s.
    assert.equal(requestWorstCaseMs(), 6 * 60_000);
    // acme-client util.Backoff with ACME_STATUS_POLL: 5, 10, 20, then 30 s six times.
    assert.equal(acmeStatusWorstCaseMs(), (5 + 10 + 20 + 6 * 30) * 1000);
  });
});
