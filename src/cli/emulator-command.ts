// `aci-vnet-sidecars emulator [--port N] [--state-dir DIR] [--time-scale F] [--dns-port N]
// [--name-server-ports N,N,N,N] [--name-server-delays S,S,S,S] [--no-fresh-subscription]
// [--endpoints-file F]`: runs the local Azure emulator (local/emulator) until SIGINT/SIGTERM and
// prints its endpoints.
import type { Command } from 'commander';
import {
  AZURE_NAME_SERVERS,
  NAME_SERVER_DELAYS_MS,
  startEmulator,
  type EmulatorHandle,
  type RestartIpPolicy,
} from '../../local/emulator/index.js';
import { writeEndpointsFile } from './emulator-endpoints-file.js';
import { CliUsageError, processIo, type CliIo } from './io.js';
import { addFreshSubscriptionOptions, parsePort, untilSignal } from './options.js';

interface EmulatorCommandOptions {
  readonly port: string;
  readonly stateDir: string;
  readonly timeScale: string;
  readonly dnsPort: string;
  readonly nameServerPorts: string;
  readonly nameServerDelays: string;
  readonly restartIp: string;
  readonly freshSubscription: boolean;
  readonly externalContainerRuntime: boolean;
  readonly endpointsFile?: string;
}

function restartIpOption(value: string): RestartIpPolicy {
  if (value === 'always' || value === 'never') return value;
  const p = Number(value);
  if (Number.isFinite(p) && p >= 0 && p <= 1) return p;
  throw new CliUsageError(
    `--restart-ip must be always, never or a probability 0..1, got "${value}".`,
  );
}

function timeScaleOption(value: string): number {
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale < 0) {
    throw new CliUsageError(`--time-scale must be a number >= 0, got "${value}".`);
  }
  return scale;
}

/** One value per name server, comma-separated, each checked by `parse`. */
function perNameServer(option: string, value: string, parse: (item: string) => number): number[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.length !== AZURE_NAME_SERVERS.length) {
    throw new CliUsageError(
      `--${option} takes ${AZURE_NAME_SERVERS.length} comma-separated values (${AZURE_NAME_SERVERS.join(', ')}), got "${value}".`,
    );
  }
  return items.map(parse);
}

function delaySeconds(item: string): number {
  const seconds = Number(item);
  if (item === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new CliUsageError(`--name-server-delays takes seconds >= 0, got "${item}".`);
  }
  return seconds * 1000;
}

export function describeEndpoints(emu: EmulatorHandle, freshSubscription = true): string {
  return [
    `ARM endpoint     ${emu.armUrl}`,
    `CA certificate   ${emu.caFile}   (export NODE_EXTRA_CA_CERTS=${emu.caFile})`,
    `DNS server       ${emu.dnsAddress} (UDP and TCP)`,
    ...emu.nameServers.map(
      (ns) =>
        `Name server      ${ns.name} at ${ns.host}:${ns.port} (changes reach it after ${ns.delayMs / 1000} s of Azure time)`,
    ),
    `Admin API        ${emu.adminUrl}/state`,
    `Tenant           ${emu.tenantId}`,
    freshSubscription
      ? "Subscriptions    fresh: only Azure's default resource providers are registered"
      : 'Subscriptions    every resource provider is registered',
    '',
  ].join('\n');
}

export function registerEmulatorCommand(program: Command, io: CliIo = processIo): void {
  const command = program
    .command('emulator')
    .description('run the local Azure emulator (ARM, Key Vault, DNS, Event Grid) until interrupted')
    .option('--port <port>', 'ARM port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--state-dir <dir>', 'where the CA and server certificate live', '.state/emulator')
    .option('--time-scale <factor>', "multiplies Azure's typical latencies", '1')
    .option('--dns-port <port>', 'DNS port on 127.0.0.1 (0 picks a free one)', '0')
    .option(
      '--name-server-ports <ports>',
      "ports on 127.0.0.1 of the public zones' four name servers (0 picks a free one)",
      AZURE_NAME_SERVERS.map(() => '0').join(','),
    )
    .option(
      '--name-server-delays <seconds>',
      'how long a public DNS change takes to reach each of the four name servers (Azure time)',
      NAME_SERVER_DELAYS_MS.map((ms) => String(ms / 1000)).join(','),
    )
    .option(
      '--restart-ip <policy>',
      'new IP on container group restart: always, never, or a probability',
      'always',
    )
    .option(
      '--external-container-runtime',
      'a local container runtime runs the groups and reports when run-once containers exit',
      false,
    )
    .option(
      '--endpoints-file <file>',
      'once listening, write the ports it bound there as JSON (for a parent that passed 0)',
    );
  addFreshSubscriptionOptions(command).action(async (options: EmulatorCommandOptions) => {
    const emu = await startEmulator({
      port: parsePort('port', options.port),
      dnsPort: parsePort('dns-port', options.dnsPort),
      nameServerPorts: perNameServer('name-server-ports', options.nameServerPorts, (item) =>
        parsePort('name-server-ports', item),
      ),
      nameServerDelaysMs: perNameServer(
        'name-server-delays',
        options.nameServerDelays,
        delaySeconds,
      ),
      stateDir: options.stateDir,
      timeScale: timeScaleOption(options.timeScale),
      restartIp: restartIpOption(options.restartIp),
      freshSubscription: options.freshSubscription,
      externalContainerRuntime: options.externalContainerRuntime,
    });
    if (options.endpointsFile) {
      writeEndpointsFile(options.endpointsFile, {
        armPort: Number(new URL(emu.armUrl).port),
        dnsPort: emu.dnsPort,
        nameServers: emu.nameServers.map(({ name, host, port, delayMs }) => ({
          name,
          host,
          port,
          delayMs,
        })),
      });
    }
    io.stdout(describeEndpoints(emu, options.freshSubscription));
    await untilSignal();
    await emu.stop();
    io.stdout('emulator stopped\n');
  });
}
