// `aci-vnet-sidecars deploy --spec FILE --url URL` and `status NAME --url URL`: the HTTP API of a
// deployed app (in Azure or the local host), with the same progress lines as `npm start`.
import type { Command } from 'commander';
import { appClient, type AppOptions } from './app-client.js';
import { CliUsageError, type CliIo } from './io.js';
import { pollInterval } from './options.js';
import {
  followDeployment,
  outcomeLine,
  readStatus,
  stageLine,
  submitSpec,
  succeeded,
  warningLines,
} from './local-stack/index.js';
import { readSpecInput } from './read-spec.js';

interface DeployOptions extends AppOptions {
  spec: string;
  wait: boolean;
  pollSeconds: string;
}

export function registerDeployCommands(program: Command, io: CliIo): void {
  program
    .command('deploy')
    .description('deploy a spec through a running aci-vnet-sidecars app and follow its stages')
    .requiredOption('--spec <file>', 'environment spec (JSON)')
    .requiredOption('--url <url>', "the app's base URL, such as https://myapp.azurewebsites.net")
    .option('--key <key>', 'function key (prefer the ACI_VNET_SIDECARS_FUNCTION_KEY variable)')
    .option('--no-wait', 'return once the deployment is accepted')
    .option('--poll-seconds <seconds>', 'how often to read the progress', '5')
    .action(async (options: DeployOptions) => {
      const { input, spec } = await readSpecInput(options.spec);
      const client = appClient(options);
      await submitSpec(client, input);
      io.stdout(
        `deployment of ${spec.name} accepted; status: ${client.hostUrl}/api/environments/${spec.name}\n`,
      );
      if (!options.wait) return;
      const intervalMs = pollInterval(options.pollSeconds);
      const status = await followDeployment(client, spec.name, {
        intervalMs,
        maxPolls: Math.ceil((90 * 60_000) / intervalMs),
        say: (line) => io.stdout(`${line}\n`),
      });
      for (const line of warningLines(status)) io.stdout(`${line}\n`);
      io.stdout(`${outcomeLine(status)}\n`);
      if (!succeeded(status)) throw new CliUsageError(outcomeLine(status), 1);
    });

  program
    .command('status')
    .description('show the stages of an environment deployment')
    .argument('<name>', 'environment name')
    .requiredOption('--url <url>', "the app's base URL")
    .option('--key <key>', 'function key (prefer the ACI_VNET_SIDECARS_FUNCTION_KEY variable)')
    .action(async (name: string, options: AppOptions) => {
      const status = await readStatus(appClient(options), name);
      io.stdout(`${status.environment}: ${status.runtimeStatus}\n`);
      for (const line of warningLines(status)) io.stdout(`${line}\n`);
      for (const stage of status.stages) io.stdout(`${stageLine(stage)}\n`);
    });
}
