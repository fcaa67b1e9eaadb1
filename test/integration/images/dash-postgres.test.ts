// The demo on one machine: accesses recorded through the api from two source addresses on
// 127.0.0.0/8 appear on the dashboard's feed as two bars with the right counts, pushed by its
// event stream. How long they took is measured and reported, not asserted: the deadline below only
// bounds a broken run.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import type { AccessSnapshot } from '../../../images/dash/src/access-chart.js';
import { openPostgresDatabase } from '../../../images/shared/database/postgres.js';
import { startDashboardRig, type DashboardRig } from '../../support/dashboard.js';
import { skipWithout } from '../../support/requires.js';
import { eventReader } from '../../support/event-stream.js';

const skip = skipWithout('postgres');
/** Bounds a broken run; a passing one takes about a second (the stream's interval). */
const DEADLINE_MS = 15_000;

const barsOf = (snapshot: AccessSnapshot) =>
  snapshot.bars.map((b) => [b.containerGroup, b.sourceIp, b.count, b.labelFrom]);

describe('dashboard image against a real PostgreSQL', { skip }, () => {
  let rig: DashboardRig;
  before(async () => {
    rig = await startDashboardRig();
  });
  after(() => rig?.stop());

  test('shows accesses from 127.0.0.2 and 127.0.0.3 as two bars with their counts, pushed live', async (t) => {
    const response = await fetch(`${rig.url}/api/accesses/stream`, {
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    const events = eventReader(response.body);
    try {
      const first = (await events.nextOf('accesses')).data as AccessSnapshot;
      assert.deepEqual(first.bars, [], 'the table starts empty');

      await Promise.all([rig.recordAccesses('127.0.0.2', 5), rig.recordAccesses('127.0.0.3', 3)]);
      const recorded = performance.now();
      const shown = (await events.until('accesses', (d) => (d as AccessSnapshot).total === 8))
        .data as AccessSnapshot;
      t.diagnostic(
        `the stream showed the 8 accesses ${Math.round(performance.now() - recorded)} ms after the last was recorded`,
      );
      assert.deepEqual(barsOf(shown), [
        ['ci-contoso-app-1', '127.0.0.2', 5, 'arm'],
        ['ci-contoso-app-2', '127.0.0.3', 3, 'arm'],
      ]);

      await rig.recordAccesses('127.0.0.3', 4);
      const more = performance.now();
      const moved = (await events.until('accesses', (d) => (d as AccessSnapshot).total === 12))
        .data as AccessSnapshot;
      t.diagnostic(
        `and 4 more ${Math.round(performance.now() - more)} ms after they were recorded`,
      );
      assert.deepEqual(barsOf(moved), [
        ['ci-contoso-app-2', '127.0.0.3', 7, 'arm'],
        ['ci-contoso-app-1', '127.0.0.2', 5, 'arm'],
      ]);
    } finally {
      await events.cancel().catch(() => undefined);
    }
  });

  test('serves the same counts as JSON at /api/accesses', async () => {
    const response = await fetch(`${rig.url}/api/accesses`);
    assert.equal(response.status, 200);
    const body = (await response.json()) as AccessSnapshot;
    assert.deepEqual(
      body.bars.map((b) => [b.sourceIp, b.count]),
      [
        ['127.0.0.3', 7],
        ['127.0.0.2', 5],
      ],
    );
    assert.equal(body.windowSeconds, 300);
  });

  test('reads the table as a user that cannot write to it', async () => {
    const dashboard = openPostgresDatabase(rig.postgres.settings('dashboard'));
    try {
      await assert.rejects(dashboard.recordAccess('ci-contoso-dashboard'), /permission denied/);
      assert.equal((await dashboard.accessCounts(new Date(0))).length, 2);
    } finally {
      await dashboard.close();
    }
  });
});
