// `aci-vnet-sidecars emulator [--port N] [--state-dir DIR] [--time-scale F] [--dns-port N]
// [--no-fresh-subscription]`: runs the local Azure emulator (local/emulator) until SIGINT/SIGTERM
// and prints its endpoints.
import type { Command } from 'commander';
import {
  startEmulator,
  type EmulatorHandle,
  type RestartIpPolicy,
} from '../../local/emulator/index.js';
import { CliUsageError, processIo, type CliIo } from './io.js';
import { addFreshSubscriptionOptions, parsePort, untilSignal } from './options.js';

interface EmulatorCommandOptions {
  readonly port: string;
  readonly stateDir: string;
  readonly timeScale: string;
  readonly dnsPort: string;
  readonly restartIp: string;
  readonly freshSubscription: boolean;
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

export function describeEndpoints(emu: EmulatorHandle, freshSubscription = true): string {
  return [
    `ARM endpoint     ${emu.armUrl}`,
    `CA certificate   ${emu.caFile}   (export NODE_EXTRA_CA_CERTS=${emu.caFile})`,
    `DNS server       ${emu.dnsAddress} (UDP and TCP)`,
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
      '--restart-ip <policy>',
      'new IP on container group restart: always, never, or a probability',
      'always',
    );
  addFreshSubscriptionOptions(command).action(async (options: EmulatorCommandOptions) => {
    const emu = await startEmulator({
      port: parsePort('port', options.port),
      dnsPort: parsePort('dns-port', options.dnsPort),
      stateDir: options.stateDir,
      timeScale: timeScaleOption(options.timeScale),
      restartIp: restartIpOption(options.restartIp),
      freshSubscription: options.freshSubscription,
    });
    io.stdout(describeEndpoints(emu, options.freshSubscription));
    await untilSignal();
    await emu.stop();
    io.stdout('emulator stopped\n');
  });
}
