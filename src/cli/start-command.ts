// `aci-vnet-sidecars start [--spec examples/full.json] [--port 7071] [--state-dir .state]
// [--time-scale 0.01] [--gateway-port 10443] [--no-fresh-subscription]`: runs the whole system
// locally as child processes (emulator, container runtime, Pebble, the Functions host), deploys
// the spec, shows each stage as it changes, prints how to open the app through the local gateway,
// and keeps everything running until Ctrl-C, which stops every child it started.
import type { Command } from 'commander';
import { CliUsageError, type CliIo } from './io.js';
import { parsePort } from './options.js';
import { openLines } from './local-stack/open-lines.js';
import { servedStatus } from './local-stack/served-status.js';
import {
  addRunOptions,
  followDeployment,
  Interrupted,
  launch,
  outcomeLine,
  succeeded,
  readRunOptions,
  withSession,
  type RawRunOptions,
} from './local-stack/index.js';

export function registerStartCommand(program: Command, io: CliIo): void {
  addRunOptions(
    program
      .command('start')
      .description(
        'run the whole system locally (emulator, container runtime, local gateway, Pebble, Functions host), deploy a spec and keep running until Ctrl-C',
      ),
    '0.01',
  )
    .option(
      '--gateway-port <port>',
      "local port of the gateway's HTTPS listener (frontend port 443) on 127.0.0.1; 0 picks a free one",
      '10443',
    )
    .option(
      '--acme-certificate-days <days>',
      "how long the local ACME CA's certificates last (Let's Encrypt's: 90)",
      '90',
    )
    .action(async (raw: RawRunOptions & { gatewayPort: string; acmeCertificateDays: string }) => {
      const run = await readRunOptions(raw);
      const gatewayPort = parsePort('gateway-port', raw.gatewayPort);
      const acmeCertificateDays = Number(raw.acmeCertificateDays);
      if (!/^\d{1,4}$/.test(raw.acmeCertificateDays) || acmeCertificateDays < 1) {
        throw new CliUsageError(
          `--acme-certificate-days must be a whole number of days from 1 to 9999, got "${raw.acmeCertificateDays}".`,
        );
      }
      await withSession(async (session) => {
        try {
          const { client, stack } = await launch(session, io, run, {
            gatewayPort,
            acmeCertificateDays,
          });
          const status = await session.guard(
            followDeployment(client, run.spec.name, {
              intervalMs: 250,
              maxPolls: 4 * 60 * 30,
              say: (line) => io.stdout(`${line}\n`),
            }),
          );
          io.stdout(`${outcomeLine(status)}\n`);
          if (stack.runtime && succeeded(status)) {
            const view = await session.guard(servedStatus(stack.runtime.statusUrl));
            io.stdout(
              openLines({
                hostName: run.spec.gateway.hostName,
                status: view,
                rootCaFile: stack.acmeRootFile,
                command: 'npx aci-vnet-sidecars',
                stateDir: run.stateDir,
              }),
            );
          }
          io.stdout('running; press Ctrl-C to stop\n');
          await session.untilSignalOrDeath();
        } catch (error) {
          if (!(error instanceof Interrupted)) throw error;
        }
        io.stdout('stopping the local stack\n');
      });
      io.stdout('stopped\n');
    });
}
