// Completion time of two orchestrations on the local host, against the fixture app:
// 100 sequential activities, and a 100-way fan-out. Goal: each under 2 s on this machine.
// Run: node --import tsx bench/host/orchestrations.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { silentLogger, startHost } from '../../local/host/index.js';

const appRoot = fileURLToPath(new URL('../../test/fixtures/host-app/', import.meta.url));
const goalMs = 2000;

async function timeOrchestration(url: string, name: string, input: unknown): Promise<number> {
  const started = performance.now();
  const res = await fetch(
    `${url}/runtime/webhooks/durabletask/orchestrators/${name}?code=fixture-master-key`,
    {
      method: 'POST',
      body: JSON.stringify(input),
    },
  );
  const { statusQueryGetUri } = (await res.json()) as { statusQueryGetUri: string };
  for (;;) {
    const status = (await (await fetch(statusQueryGetUri)).json()) as { runtimeStatus: string };
    if (status.runtimeStatus === 'Completed') return performance.now() - started;
    if (status.runtimeStatus === 'Failed')
      throw new Error(`${name} failed: ${JSON.stringify(status)}`);
    await sleep(5);
  }
}

const stateDir = mkdtempSync(join(tmpdir(), 'host-bench-'));
const host = await startHost({
  appRoot,
  stateDir,
  port: 0,
  runTimers: false,
  logger: silentLogger(),
});
try {
  const rows = [
    ['100 sequential activities', await timeOrchestration(host.url, 'sequence', { count: 100 })],
    ['100-way fan-out', await timeOrchestration(host.url, 'fanOut', { count: 100 })],
  ] as const;
  for (const [label, ms] of rows) {
    const verdict = ms < goalMs ? 'ok' : 'OVER GOAL';
    process.stdout.write(
      `${label}: ${ms.toFixed(0)} ms (goal < ${goalMs} ms, ${(ms / goalMs).toFixed(2)}x of goal) ${verdict}\n`,
    );
  }
} finally {
  await host.stop();
  rmSync(stateDir, { recursive: true, force: true });
}
