// One run of a container group on this machine, from the moment ACI reports it running with an
// address until it stops, restarts or is deleted: fresh volumes, init containers one by one to
// completion, then every container at once, each restarted by the group's restart policy. A
// run-once group (`restartPolicy: Never`) reports each container's exit to the emulator.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  containerLaunch,
  type ContainerRecord,
  type GroupPlace,
  type LaunchContext,
} from './container-launch.js';
import {
  startContainerProcess,
  type ContainerExit,
  type RunningContainer,
} from './container-process.js';
import { groupIdentities, type IdentityLookup } from './group-identities.js';
import type { ArmRecord, GroupIdentity } from './types.js';

export interface IdentityRegistry {
  register(caller: {
    group: string;
    container: string;
    init: boolean;
    identities: GroupIdentity[];
  }): {
    authorityHost: string;
    revoke(): void;
  };
}

export interface GroupRunDeps {
  launch: Omit<LaunchContext, 'authorityHost' | 'database'>;
  /** Folder under which each group gets `<name>/tmp` and `<name>/volumes/<volume>`. */
  groupsDir: string;
  /** Folder under which each group gets `<name>/<container>.log`. */
  logsDir: string;
  identity?: IdentityRegistry;
  /** The twin database's settings for a container of this group (database/). */
  database?: (
    env: Record<string, string>,
    group: { identityName: string | undefined; address: string },
  ) => Record<string, string>;
  reportExit(
    groupId: string,
    container: string,
    exit: { exitCode: number; log: string },
  ): Promise<void>;
  log(line: string): void;
  /** Principal and client ids of the identities, from their records. */
  identities: () => IdentityLookup;
  /** How long a stopped container has to exit before SIGKILL. */
  stopGraceMs: number;
}

export type ContainerState = 'waiting' | 'running' | 'restarting' | 'terminated' | 'failed';

export interface ContainerStatus {
  name: string;
  init: boolean;
  state: ContainerState;
  pid?: number;
  restarts: number;
  lastExit?: string;
  problem?: string;
}

export interface GroupStatus {
  id: string;
  name: string;
  privateIp: string;
  address: string;
  state: 'starting' | 'running' | 'failed' | 'completed' | 'stopping';
  containers: ContainerStatus[];
}

export interface GroupRun {
  readonly status: () => GroupStatus;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 30_000;
const LOG_REPORT_BYTES = 64 * 1024;

function list(record: ArmRecord, field: 'containers' | 'initContainers'): ContainerRecord[] {
  const value = record.properties[field];
  return Array.isArray(value) ? (value as ContainerRecord[]) : [];
}

function volumeNames(record: ArmRecord): string[] {
  const volumes = record.properties.volumes;
  return Array.isArray(volumes)
    ? (volumes as { name?: string }[]).flatMap((v) => (v.name ? [v.name] : []))
    : [];
}

function declaredPorts(record: ArmRecord): number[] {
  return list(record, 'containers').flatMap((c) =>
    (c.properties?.ports ?? []).flatMap((p) => (typeof p.port === 'number' ? [p.port] : [])),
  );
}

function restartPolicy(record: ArmRecord): string {
  const policy = record.properties.restartPolicy;
  return typeof policy === 'string' ? policy.toLowerCase() : 'always';
}

function logTail(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  return text.length > LOG_REPORT_BYTES ? text.slice(-LOG_REPORT_BYTES) : text;
}

/** Fresh folders for the run: emptyDir volumes live as long as the group runs. */
function preparePlace(
  record: ArmRecord,
  privateIp: string,
  address: string,
  deps: GroupRunDeps,
): GroupPlace {
  const root = join(deps.groupsDir, record.name);
  rmSync(root, { recursive: true, force: true });
  const tmpDir = join(root, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const volumeDirs: Record<string, string> = {};
  for (const volume of volumeNames(record)) {
    volumeDirs[volume] = join(root, 'volumes', volume);
    mkdirSync(volumeDirs[volume], { recursive: true });
  }
  mkdirSync(join(deps.logsDir, record.name), { recursive: true });
  return { privateIp, address, ports: declaredPorts(record), tmpDir, volumeDirs };
}

export function startGroupRun(record: ArmRecord, privateIp: string, deps: GroupRunDeps): GroupRun {
  const address = deps.launch.loopback.address(privateIp);
  const place = preparePlace(record, privateIp, address, deps);
  const identities = groupIdentities(record, deps.identities());
  const policy = restartPolicy(record);
  let stopping = false;
  const stopped = new AbortController();
  let state: GroupStatus['state'] = 'starting';
  const statuses: ContainerStatus[] = [
    ...list(record, 'initContainers').map((c) => ({
      name: c.name ?? '',
      init: true,
      state: 'waiting' as const,
      restarts: 0,
    })),
    ...list(record, 'containers').map((c) => ({
      name: c.name ?? '',
      init: false,
      state: 'waiting' as const,
      restarts: 0,
    })),
  ];
  const running = new Map<string, RunningContainer>();
  const revokes: (() => void)[] = [];
  const say = (line: string) => deps.log(`${record.name}: ${line}`);

  function statusOf(name: string, init: boolean): ContainerStatus {
    return statuses.find((s) => s.name === name && s.init === init)!;
  }

  function launchOf(container: ContainerRecord, init: boolean) {
    const name = container.name ?? '';
    const registration = deps.identity?.register({
      group: record.name,
      container: name,
      init,
      identities,
    });
    if (registration) revokes.push(() => registration.revoke());
    const identityName = identities[0]?.name;
    return containerLaunch(container, place, {
      ...deps.launch,
      ...(registration ? { authorityHost: registration.authorityHost } : {}),
      ...(deps.database
        ? {
            database: (env: Record<string, string>) =>
              deps.database!(env, { identityName, address }),
          }
        : {}),
    });
  }

  function start(container: ContainerRecord, init: boolean): RunningContainer | undefined {
    const status = statusOf(container.name ?? '', init);
    const result = launchOf(container, init);
    if (!result.ok) {
      status.state = 'failed';
      status.problem = result.problem;
      say(result.problem);
      return undefined;
    }
    if (!existsSync(result.launch.entry)) {
      status.state = 'failed';
      status.problem = `image ${result.launch.image} is not one of this project's images (no ${result.launch.entry}; run npm run build); the local runtime runs only images built from images/`;
      say(status.problem);
      return undefined;
    }
    const logFile = join(deps.logsDir, record.name, `${status.name}.log`);
    const process = startContainerProcess(
      result.launch,
      logFile,
      `${init ? 'init container' : 'container'} ${status.name} of ${record.name} on ${address} (${privateIp})`,
    );
    status.state = 'running';
    status.pid = process.pid;
    return process;
  }

  async function runInit(container: ContainerRecord): Promise<boolean> {
    const process = start(container, true);
    if (!process) return false;
    running.set(`init/${container.name ?? ''}`, process);
    const exit = await process.exited;
    running.delete(`init/${container.name ?? ''}`);
    const status = statusOf(container.name ?? '', true);
    status.lastExit = exit.description;
    status.state = exit.code === 0 ? 'terminated' : 'failed';
    if (exit.code !== 0)
      say(
        `init container ${status.name} failed (${exit.description}); the group's containers do not start`,
      );
    return exit.code === 0;
  }

  async function supervise(container: ContainerRecord): Promise<void> {
    const name = container.name ?? '';
    const status = statusOf(name, false);
    for (let attempt = 0; !stopping; attempt++) {
      const process = start(container, false);
      if (!process) return;
      running.set(name, process);
      const exit: ContainerExit = await process.exited;
      running.delete(name);
      status.lastExit = exit.description;
      status.pid = undefined;
      if (stopping) return;
      const again = policy === 'always' || (policy === 'onfailure' && exit.code !== 0);
      if (!again) {
        status.state = 'terminated';
        await reportExit(name, exit);
        return;
      }
      status.state = 'restarting';
      status.restarts += 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(attempt, 5));
      say(`container ${name} exited (${exit.description}); restarting in ${backoff / 1000} s`);
      await sleep(backoff, undefined, { signal: stopped.signal }).catch(() => undefined);
    }
  }

  async function reportExit(name: string, exit: ContainerExit): Promise<void> {
    const log = logTail(join(deps.logsDir, record.name, `${name}.log`));
    try {
      await deps.reportExit(record.id, name, { exitCode: exit.code, log });
    } catch (error) {
      say(`could not report the exit of ${name} to the emulator: ${String(error)}`);
    }
  }

  const done = (async () => {
    say(`starting on ${address} (private IP ${privateIp})`);
    for (const init of list(record, 'initContainers')) {
      if (stopping) return;
      if (!(await runInit(init))) {
        state = 'failed';
        return;
      }
    }
    if (stopping) return;
    state = 'running';
    await Promise.all(list(record, 'containers').map((c) => supervise(c)));
    if (!stopping) state = statuses.some((s) => s.state === 'failed') ? 'failed' : 'completed';
  })();

  return {
    status: () => ({
      id: record.id,
      name: record.name,
      privateIp,
      address,
      state,
      containers: statuses.map((s) => ({ ...s })),
    }),
    async stop() {
      stopping = true;
      stopped.abort();
      state = 'stopping';
      await Promise.all([...running.values()].map((p) => p.stop(deps.stopGraceMs)));
      await done;
      for (const revoke of revokes) revoke();
      say('stopped');
    },
  };
}
