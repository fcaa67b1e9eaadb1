// The `aci-vnet-sidecars` command line: registers every subcommand and maps errors to exit codes.
import { Command, CommanderError } from 'commander';
import type { Confirmation } from './confirmation.js';
import { CliExit, CliUsageError, processIo, type CliIo } from './io.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerHostCommand } from './host-command.js';
import { registerPlanCommand } from './plan-command.js';
import { registerStartCommand } from './start-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDiffCommand } from './diff-command.js';
import { registerDeployCommands } from './deploy-command.js';
import { registerDestroyCommand } from './destroy-command.js';
import { registerRuntimeCommand } from './runtime-command.js';
import { registerRestartCommand } from './restart-command.js';

/**
 * The `aci-vnet-sidecars` command. Returns the exit code instead of exiting, so tests run it
 * in-process. Usage errors (exit 2) print one message; unexpected errors print their message
 * and exit 1.
 */
export async function runCli(
  argv: string[],
  io: CliIo = processIo,
  confirmation?: Confirmation,
): Promise<number> {
  const program = buildProgram(io, confirmation);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io);
  }
}

function buildProgram(io: CliIo, confirmation?: Confirmation): Command {
  const program = new Command('aci-vnet-sidecars')
    .description(
      'Deploy and keep alive ACI container groups with nginx TLS sidecars behind Application Gateway.',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  registerPlanCommand(program, io);
  registerDiffCommand(program, io);
  registerEmulatorCommand(program, io);
  registerHostCommand(program);
  registerStartCommand(program, io);
  registerDemoCommand(program, io);
  registerDeployCommands(program, io);
  registerDestroyCommand(program, io, confirmation);
  registerRuntimeCommand(program, io);
  registerRestartCommand(program, io);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message; help and version exit 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CliUsageError) {
    io.stderr(`aci-vnet-sidecars: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`aci-vnet-sidecars: unexpected error: ${message}\n`);
  return 1;
}
