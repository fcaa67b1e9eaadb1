// `aci-vnet-sidecars demo [same options as start] [--teardown]`: `start` in one shot. Deploys the
// spec on the local stack, prints what was created (resources by type, certificate, group IPs,
// gateway pools); with --teardown, tears the environment down again and prints what was deleted
// and what was kept; stops every child, and exits 0; or exits 1 naming the failing stage or step.
import type { Command } from 'commander';
import type { CliIo } from './io.js';
import {
  addRunOptions,
  demoSummary,
  followDeployment,
  followTeardown,
  Interrupted,
  jsonOf,
  launch,
  loopbackRequest,
  outcomeLine,
  readRunOptions,
  requestTeardown,
  StackError,
  succeeded,
  teardownOutcomeLine,
  teardownSummaryLines,
  withSession,
  type AppClient,
  type RawRunOptions,
} from './local-stack/index.js';
import type { Session } from './local-stack/session.js';

/** How the demo follows a workflow: every 100 ms, for up to 20 minutes. */
const FOLLOW = { intervalMs: 100, maxPolls: 10 * 60 * 20 };

export function registerDemoCommand(program: Command, io: CliIo): void {
  addRunOptions(
    program
      .command('demo')
      .description(
        'deploy a spec on the local stack, print what was created, stop everything and exit',
      )
      .option('--teardown', 'then tear the environment down and print what was deleted and kept'),
    '0.001',
  ).action(async (raw: RawRunOptions & { teardown?: boolean }) => {
    const run = await readRunOptions(raw);
    const say = (line: string) => io.stdout(`${line}\n`);
    await withSession(async (session) => {
      try {
        const { client, stack } = await launch(session, io, run);
        const status = await session.guard(
          followDeployment(client, run.spec.name, { ...FOLLOW, say }),
        );
        if (!succeeded(status)) throw new StackError(outcomeLine(status));
        const state = await session.guard(
          loopbackRequest(stack.emulator.stateUrl, { ca: stack.emulator.caPem }),
        );
        io.stdout(`${outcomeLine(status)}\n\n`);
        io.stdout(demoSummary(status, jsonOf(state)));
        if (raw.teardown) await tearDown(session, client, run.spec.name, say);
      } catch (error) {
        if (error instanceof Interrupted) throw new StackError(error.message, 130);
        throw error;
      } finally {
        io.stdout('stopping the local stack\n');
      }
    });
  });
}

async function tearDown(
  session: Session,
  client: AppClient,
  environment: string,
  say: (line: string) => void,
): Promise<void> {
  say(`\ntearing ${environment} down`);
  await session.guard(requestTeardown(client, environment));
  const view = await session.guard(followTeardown(client, environment, { ...FOLLOW, say }));
  for (const line of teardownSummaryLines(view)) say(line);
  say(teardownOutcomeLine(view));
  if (view.runtimeStatus !== 'Completed') throw new StackError(teardownOutcomeLine(view));
}
