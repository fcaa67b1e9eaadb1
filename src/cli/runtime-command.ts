// `aci-vnet-sidecars runtime --arm-url URL --ca-file FILE --dns-server HOST:PORT [...]`: runs the
// local container runtime (local/runtime) against a running emulator until SIGINT/SIGTERM. `start`
// runs it as a child; it is a command of its own so that its processes form one process group.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { startRuntime } from '../../local/runtime/index.js';
import { CliUsageError, type CliIo } from './io.js';
import { parsePort, untilSignal } from './options.js';

interface RuntimeCommandOptions {
  readonly armUrl: string;
  readonly caFile: string;
  readonly dnsServer: string;
  readonly stateDir: string;
  readonly logsDir: string;
  readonly imagesDir: string;
  readonly timeScale: string;
  readonly gatewayPort: string;
  readonly statusPort: string;
  readonly wellKnownRoot: string[];
}

function loopbackUrl(value: string): string {
  if (!/^https:\/\/127\.\d+\.\d+\.\d+:\d+$/.test(value)) {
    throw new CliUsageError(`--arm-url must be https://127.x.x.x:PORT, got "${value}".`);
  }
  return value;
}

function dnsServer(value: string): string {
  if (!/^127\.\d+\.\d+\.\d+:\d{1,5}$/.test(value)) {
    throw new CliUsageError(`--dns-server must be 127.x.x.x:PORT, got "${value}".`);
  }
  return value;
}

function readCa(file: string, option = '--ca-file'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new CliUsageError(`${option} ${file} cannot be read.`);
  }
}

export function registerRuntimeCommand(program: Command, io: CliIo): void {
  program
    .command('runtime', { hidden: true })
    .description(
      "run the emulator's container groups as local processes, with their identities, database and gateway (started by `start`)",
    )
    .requiredOption('--arm-url <url>', "the emulator's ARM origin, https://127.0.0.1:PORT")
    .requiredOption('--ca-file <file>', "the emulator's CA certificate (PEM)")
    .requiredOption('--dns-server <address>', "the emulator's DNS server, 127.0.0.1:PORT")
    .option('--state-dir <dir>', 'group folders and database data', '.state/runtime')
    .option('--logs-dir <dir>', 'container and database logs', '.state/logs')
    .option('--images-dir <dir>', 'bundled images (npm run build)', 'dist/image-contexts')
    .option('--time-scale <factor>', "the emulator's time scale", '1')
    .option(
      '--gateway-port <port>',
      "local port of the gateway's HTTPS listener (frontend port 443); 0 picks a free one",
      '10443',
    )
    .option('--status-port <port>', 'port of GET /status on 127.0.0.1 (0 picks a free one)', '0')
    .option(
      '--well-known-root <file>',
      "a root the gateway trusts as a well-known CA, as Azure's trusts Let's Encrypt's (repeatable; `start` passes Pebble's)",
      (file: string, previous: string[]) => [...previous, file],
      [] as string[],
    )
    .action(async (options: RuntimeCommandOptions) => {
      const timeScale = Number(options.timeScale);
      if (!(timeScale > 0)) {
        throw new CliUsageError(`--time-scale must be a number > 0, got "${options.timeScale}".`);
      }
      const httpsPort = parsePort('gateway-port', options.gatewayPort);
      const runtime = await startRuntime({
        armUrl: loopbackUrl(options.armUrl),
        caFile: options.caFile,
        caPem: readCa(options.caFile),
        dnsServer: dnsServer(options.dnsServer),
        stateDir: options.stateDir,
        logsDir: options.logsDir,
        imagesDir: options.imagesDir,
        timeScale,
        // The HTTPS listener on the port asked for; the others (HTTP, the dashboard's) on free ones.
        gatewayPort: (frontendPort) => (frontendPort === 443 ? httpsPort : 0),
        statusPort: parsePort('status-port', options.statusPort),
        wellKnownRoots: options.wellKnownRoot.map((file) => readCa(file, '--well-known-root')),
        log: (line) => io.stdout(`${line}\n`),
      });
      io.stdout(`runtime ready: ${runtime.statusUrl}\n`);
      await untilSignal();
      await runtime.stop();
      io.stdout('runtime stopped\n');
    });
}
