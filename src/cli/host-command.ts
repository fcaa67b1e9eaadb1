// `aci-vnet-sidecars host [--port 7071] [--state-dir DIR] [--entry FILE]`: runs the app's functions
// on one machine with the local Functions host (local/host) until interrupted.
import type { Command } from 'commander';
import { startHost } from '../../local/host/index.js';
import { parsePort, untilSignal } from './options.js';

interface HostCommandOptions {
  readonly port: string;
  readonly stateDir?: string;
  readonly entry?: string;
}

export function registerHostCommand(program: Command): void {
  program
    .command('host')
    .description(
      'run the Functions app locally (HTTP, Event Grid, timers, Durable) without Core Tools',
    )
    .option('--port <port>', 'port on 127.0.0.1', '7071')
    .option(
      '--state-dir <dir>',
      'where durable histories and timer status live (default .state/host)',
    )
    .option('--entry <file>', 'entry point to load (default: package.json "main")')
    .action(async (options: HostCommandOptions) => {
      const port = parsePort('port', options.port);
      const host = await startHost({
        port,
        ...(options.stateDir ? { stateDir: options.stateDir } : {}),
        ...(options.entry ? { entryPoint: options.entry } : {}),
      });
      await untilSignal();
      await host.stop();
    });
}
