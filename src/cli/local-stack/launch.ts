// What `start` and `demo` share: start the stack, submit the spec, say where to look.
import { join } from 'node:path';
import type { CliIo } from '../io.js';
import { keyFromFileSnippet } from './app-dir.js';
import { statusUrl, submitSpec, type AppClient } from './deployment.js';
import type { RunOptions } from './run-options.js';
import type { Session } from './session.js';
import { startStack, type RunningStack } from './stack.js';

export interface Launched {
  readonly stack: RunningStack;
  readonly client: AppClient;
}

export async function launch(
  session: Session,
  io: CliIo,
  run: RunOptions,
  workload?: { gatewayPort: number; acmeCertificateDays?: number },
): Promise<Launched> {
  const say = (line: string) => io.stdout(`${line}\n`);
  say(`starting the local stack for ${run.spec.name} (state: ${run.stateDir})`);
  const stack = await startStack(session, {
    stateDir: run.stateDir,
    hostPort: run.port,
    timeScale: run.timeScale,
    freshSubscription: run.freshSubscription,
    publicZone: {
      subscriptionId: run.spec.subscriptionId,
      resourceGroup: run.spec.dns.publicZoneResourceGroup,
      zone: run.spec.dns.publicZone,
      location: run.spec.location,
    },
    // As `azd provision` leaves the group when the environment is listed in
    // `preparedEnvironments` (infra/README.md): its gateway identity's grant already applies.
    environment: {
      subscriptionId: run.spec.subscriptionId,
      resourceGroup: run.spec.resourceGroup,
      location: run.spec.location,
      preparedEnvironments: [run.spec.name],
    },
    say,
    ...(workload ? { workload: { gatewayPort: workload.gatewayPort } } : {}),
    ...(workload?.acmeCertificateDays ? { acmeCertificateDays: workload.acmeCertificateDays } : {}),
  });
  const client: AppClient = { hostUrl: stack.hostUrl, functionKey: stack.app.functionKey };
  await session.guard(submitSpec(client, run.specBody));
  io.stdout(whereToLook(stack, run.spec.name, statusUrl(client, run.spec.name)));
  return { stack, client };
}

function whereToLook(stack: RunningStack, environment: string, status: string): string {
  const key = keyFromFileSnippet(stack.app.settingsFile);
  return [
    `deployment of ${environment} submitted; where to look:`,
    `  status          ${status}`,
    `                  curl -H "x-functions-key: ${key}" ${status}`,
    `  emulator state  ${stack.emulator.stateUrl}`,
    `                  curl --cacert ${stack.emulator.caFile} ${stack.emulator.stateUrl}`,
    `  host            ${stack.hostUrl}`,
    `  logs            ${join(stack.logsDir, stack.runtime ? '{emulator,runtime,pebble,host}.log' : '{emulator,pebble,host}.log')}`,
    ...(stack.runtime
      ? [`                  ${join(stack.logsDir, '<group>/<container>.log')}`]
      : []),
    'progress:',
    '',
  ].join('\n');
}
