// `aci-vnet-sidecars demo [same options as start]`: `start` in one shot. Deploys the spec on the
// local stack, prints what was created (resources by type, certificate, group IPs, gateway
// pools), stops every child, and exits 0; or exits 1 naming the failing stage and its error.
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import {
  addRunOptions,
  demoSummary,
  followDeployment,
  Interrupted,
  jsonOf,
  launch,
  loopbackRequest,
  outcomeLine,
  readRunOptions,
  StackError,
  succeeded,
  withSession,
  type RawRunOptions,
} from './local-stack/index.js';

export function registerDemoCommand(program: Command, io: CliIo): void {
  addRunOptions(
    program
      .command('demo')
      .description(
        'deploy a spec on the local stack, print what was created, stop everything and exit',
      ),
    '0.001',
  ).action(async (raw: RawRunOptions) => {
    const run = await readRunOptions(raw);
    await withSession(async (session) => {
      try {
        const { client, stack } = await launch(session, io, run);
        const status = await session.guard(
          followDeployment(client, run.spec.name, {
            intervalMs: 100,
            maxPolls: 10 * 60 * 20,
            say: (line) => io.stdout(`${line}\n`),
          }),
        );
        if (!succeeded(status)) throw new StackError(outcomeLine(status));
        const state = await session.guard(
          loopbackRequest(stack.emulator.stateUrl, { ca: stack.emulator.caPem }),
        );
        io.stdout(`${outcomeLine(status)}\n\n`);
        io.stdout(demoSummary(status, jsonOf(state)));
      } catch (error) {
        if (error instanceof Interrupted) throw new StackError(error.message, 130);
        throw error;
      } finally {
        io.stdout('stopping the local stack\n');
      }
    });
  });
}
