// A deployment run stage by stage in this process against an in-process emulator, as the deploy
// orchestrator runs it (waves in order, a stage answering "not ready" run again), for tests that
// need a deployed environment without the local host. The stages that need more than the
// emulator gives (an ACME server, a run-once container's exit, healthy backends) are stood in for.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type EmulatorHandle } from '../../local/emulator/index.js';
import { StillRunning } from '../../src/activity-deadline.js';
import { environmentContext } from '../../src/environments/index.js';
import { classifyFailure, isRetriable } from '../../src/errors.js';
import {
  resourcesOfStage,
  stageGraph,
  stageWaves,
  type StageName,
} from '../../src/provisioning/stage-graph.js';
import { stageDefinition } from '../../src/provisioning/stage-table.js';
import type { AppServices } from '../../src/services.js';

/**
 * An emulator for running stages: Azure's latencies x 0.0001, every resource provider registered
 * (the resource-providers stage has its own tests) and role assignments applied at once
 * (propagation has its own tests), so no stage waits for either.
 */
export function startStageEmulator(name: string): Promise<EmulatorHandle> {
  return startEmulator({
    stateDir: mkdtempSync(join(tmpdir(), `avs-${name}-`)),
    timeScale: 0.0001,
    freshSubscription: false,
    roleAssignmentDelayMs: 0,
  });
}

/** What runs instead of a stage; a stage absent from the map runs itself. */
export type StandIns = Partial<Record<StageName, (() => Promise<void>) | 'skip'>>;

const ATTEMPTS = 200;

/** Runs every stage of `spec`'s deployment, wave after wave; fails naming a stage that never got ready. */
export async function deployByStages(
  services: AppServices,
  spec: unknown,
  standIns: StandIns,
): Promise<void> {
  const plan = environmentContext(services, spec, 'plan').plan;
  for (const wave of stageWaves(stageGraph(plan))) {
    for (const stage of wave) {
      const standIn = standIns[stage];
      if (standIn === 'skip') continue;
      if (standIn) await standIn();
      else await runUntilDone(services, spec, stage);
    }
  }
}

async function runUntilDone(services: AppServices, spec: unknown, stage: StageName) {
  let last = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const env = environmentContext(services, spec, stage);
    try {
      const report = await stageDefinition(stage).run({
        ...env,
        resources: resourcesOfStage(env.plan, stage),
      });
      if (!('notReady' in report)) return;
      last = report.notReady;
    } catch (error) {
      // What the orchestrator's retry policy would run again.
      if (!(error instanceof StillRunning) && !isRetriable(classifyFailure(error))) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(20);
  }
  throw new Error(`stage ${stage} still not done after ${ATTEMPTS} attempts: ${last}`);
}
