// `aci-vnet-sidecars start [--spec examples/full.json] [--port 7071] [--state-dir .state]
// [--time-scale 0.01] [--no-fresh-subscription]`: runs the whole system locally as child processes (emulator, Pebble, the
// Functions host), deploys the spec, shows each stage as it changes, and keeps everything running
// until Ctrl-C, which stops every child it started.
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import {
  addRunOptions,
  followDeployment,
  Interrupted,
  launch,
  outcomeLine,
  readRunOptions,
  withSession,
  type RawRunOptions,
} from './local-stack/index.js';

export function registerStartCommand(program: Command, io: CliIo): void {
  addRunOptions(
    program
      .command('start')
      .description(
        'run the whole system locally (emulator, Pebble, Functions host), deploy a spec and keep running until Ctrl-C',
      ),
    '0.01',
  ).action(async (raw: RawRunOptions) => {
    const run = await readRunOptions(raw);
    await withSession(async (session) => {
      try {
        const { client } = await launch(session, io, run);
        const status = await session.guard(
          followDeployment(client, run.spec.name, {
            intervalMs: 250,
            maxPolls: 4 * 60 * 30,
            say: (line) => io.stdout(`${line}\n`),
          }),
        );
        io.stdout(`${outcomeLine(status)}\nrunning; press Ctrl-C to stop\n`);
        await session.untilSignalOrDeath();
      } catch (error) {
        if (!(error instanceof Interrupted)) throw error;
      }
      io.stdout('stopping the local stack\n');
    });
    io.stdout('stopped\n');
  });
}
