// `aci-vnet-sidecars destroy NAME --url URL [--yes]`: tears an environment down through the HTTP
// API of a deployed app (in Azure or the local host), following its steps as `deploy` does.
import type { Command } from 'commander';
import { appClient, type AppOptions } from './app-client.js';
import { terminalConfirmation, type Confirmation } from './confirmation.js';
import { CliUsageError, type CliIo } from './io.js';
import {
  followTeardown,
  requestTeardown,
  teardownOutcomeLine,
  teardownSummaryLines,
  teardownUrl,
} from './local-stack/index.js';
import { pollInterval } from './options.js';

interface DestroyOptions extends AppOptions {
  yes?: boolean;
  pollSeconds: string;
}

export function registerDestroyCommand(
  program: Command,
  io: CliIo,
  confirmation: Confirmation = terminalConfirmation,
): void {
  program
    .command('destroy')
    .description(
      'tear an environment down through a running aci-vnet-sidecars app and follow its steps',
    )
    .argument('<name>', 'environment name')
    .requiredOption('--url <url>', "the app's base URL, such as https://myapp.azurewebsites.net")
    .option('--key <key>', 'function key (prefer the ACI_VNET_SIDECARS_FUNCTION_KEY variable)')
    .option('--yes', 'tear it down without asking for confirmation')
    .option('--poll-seconds <seconds>', 'how often to read the progress', '5')
    .action(async (name: string, options: DestroyOptions) => {
      const client = appClient(options);
      const intervalMs = pollInterval(options.pollSeconds);
      if (!options.yes) await confirm(name, client.hostUrl, confirmation);
      await requestTeardown(client, name);
      io.stdout(`teardown of ${name} accepted; status: ${teardownUrl(client, name)}\n`);
      const view = await followTeardown(client, name, {
        intervalMs,
        maxPolls: Math.ceil((90 * 60_000) / intervalMs),
        say: (line) => io.stdout(`${line}\n`),
      });
      for (const line of teardownSummaryLines(view)) io.stdout(`${line}\n`);
      io.stdout(`${teardownOutcomeLine(view)}\n`);
      if (view.runtimeStatus !== 'Completed') throw new CliUsageError(teardownOutcomeLine(view), 1);
    });
}

/**
 * The person at the terminal types the environment's name, as GitHub asks before deleting a
 * repository: a `y` typed by habit does not delete an environment. Without a terminal nobody can
 * answer, so only `--yes` goes on.
 */
async function confirm(name: string, hostUrl: string, confirmation: Confirmation): Promise<void> {
  if (!confirmation.interactive())
    throw new CliUsageError(
      `refusing to tear down ${name} without confirmation: standard input is not a terminal, so nobody can confirm; pass --yes to tear it down`,
    );
  const answer = await confirmation.ask(
    `This deletes every resource of environment ${name} that the app at ${hostUrl} created (its Key Vault is soft-deleted, recoverable). Type the environment's name to confirm: `,
  );
  if (answer.trim() !== name)
    throw new CliUsageError(`not confirmed (typed "${answer.trim()}"): nothing was deleted`, 1);
}
