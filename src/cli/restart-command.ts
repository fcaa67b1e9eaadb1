// `aci-vnet-sidecars restart GROUP [--platform] [--state-dir .state] [--no-wait]`: restarts a
// container group of the running local stack, the two ways Azure restarts one. By default through
// ARM, as `az container restart` does: ARM raises ResourceActionSuccess and the app follows the
// event. `--platform`: as when Azure moves the group to another host: a new IP and no event, so
// the app's reconcile timer finds it. Then waits until the group runs again and says where.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { emulatorAdmin } from '../../local/runtime/emulator-admin.js';
import { loopbackAddress } from '../../local/runtime/loopback.js';
import { connect } from '../azure/connection.js';
import { restartContainerGroup } from '../azure/container-restart.js';
import { LOCAL_PRINCIPAL_ID, readSettings } from '../settings.js';
import { CliUsageError, type CliIo } from './io.js';
import { loopbackRequest } from './local-stack/loopback-http.js';
import { readStackFile, type StackFile } from './local-stack/stack-file.js';

interface RestartOptions {
  readonly platform: boolean;
  readonly stateDir: string;
  readonly wait: boolean;
}

const GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
const WAIT_MS = 120_000;

interface GroupRecord {
  id: string;
  name: string;
  properties: { ipAddress?: { ip?: string } };
}

async function findGroup(stack: StackFile, caPem: string, name: string): Promise<GroupRecord> {
  const admin = emulatorAdmin(stack.armUrl, caPem);
  try {
    const groups = (await admin.resources([GROUP_TYPE])) as unknown as GroupRecord[];
    const group = groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    if (group) return group;
    const names = groups.map((g) => g.name).sort();
    throw new CliUsageError(
      `no container group named ${name}; the emulator has ${names.length ? names.join(', ') : 'none'}`,
    );
  } finally {
    admin.close();
  }
}

async function armRestart(stack: StackFile, group: GroupRecord): Promise<void> {
  const settings = readSettings({
    ACI_VNET_SIDECARS_CLOUD: 'local',
    ACI_VNET_SIDECARS_ARM_ENDPOINT: stack.armUrl,
    ACI_VNET_SIDECARS_CA_FILE: stack.caFile,
    ACI_VNET_SIDECARS_PRINCIPAL_ID: LOCAL_PRINCIPAL_ID,
  });
  if (!settings.ok) throw new Error(settings.problems.map((p) => p.message).join('; '));
  const [, subscriptionId = '', resourceGroup = ''] =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\//i.exec(group.id) ?? [];
  await restartContainerGroup(connect(settings.settings), {
    subscriptionId,
    resourceGroup,
    name: group.name,
  });
}

async function platformRestart(stack: StackFile, caPem: string, group: GroupRecord): Promise<void> {
  const admin = emulatorAdmin(stack.armUrl, caPem);
  try {
    await admin.post('/_emulator/platform/restart', { containerGroupId: group.id });
  } finally {
    admin.close();
  }
}

interface RuntimeGroup {
  id: string;
  privateIp: string;
  state: string;
}

/** The group's run in the container runtime once it differs from `before` and runs. */
async function nextRun(statusUrl: string, id: string, before: string | undefined) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const answer = await loopbackRequest(statusUrl).catch(() => undefined);
    if (answer?.status === 200) {
      const groups = (JSON.parse(answer.text) as { groups: RuntimeGroup[] }).groups;
      const run = groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
      if (run && run.state === 'running' && run.privateIp !== before) return run;
    }
    await sleep(200);
  }
  return undefined;
}

export function registerRestartCommand(program: Command, io: CliIo): void {
  program
    .command('restart')
    .argument('<group>', 'container group name, such as ci-contoso-prod-app-1')
    .description('restart a container group of the local stack (`npm start`)')
    .option(
      '--platform',
      'restart it as the platform does: new IP, no ARM operation, no event',
      false,
    )
    .option('--state-dir <dir>', "the running stack's state dir", '.state')
    .option('--no-wait', 'return once the restart is requested')
    .action(async (name: string, options: RestartOptions) => {
      const stack = readStackFile(options.stateDir);
      const caPem = readFileSync(stack.caFile, 'utf8');
      const group = await findGroup(stack, caPem, name);
      const before = group.properties.ipAddress?.ip;
      try {
        if (options.platform) {
          await platformRestart(stack, caPem, group);
          io.stdout(
            `${group.name}: restarted by the platform (no ARM operation, no Event Grid event); the app's reconcile timer finds its new IP\n`,
          );
        } else {
          await armRestart(stack, group);
          io.stdout(
            `${group.name}: restarted through ARM (POST …/restart); ARM raised ResourceActionSuccess and the app follows it\n`,
          );
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new CliUsageError(`restarting ${group.name} failed: ${message}`, 1);
      }
      if (!options.wait || !stack.runtimeStatusUrl) return;
      const run = await nextRun(stack.runtimeStatusUrl, group.id, before);
      io.stdout(
        run
          ? `${group.name}: running again on ${run.privateIp} (locally ${loopbackAddress(run.privateIp)})\n`
          : `${group.name}: not running again after ${WAIT_MS / 1000} s; see the runtime log\n`,
      );
    });
}
