// `aci-vnet-sidecars diff --spec FILE [--state-dir .state | --azure]`: what deploying the spec
// would change, read from the running local stack or from Azure, changing nothing. Exit 0: no
// changes, 1: changes, 2: an error (`terraform plan -detailed-exitcode`).
import type { Command } from 'commander';
import { connect } from '../azure/connection.js';
import { diffEnvironment, environmentContext, type ResourceDiff } from '../environments/index.js';
import { createAppServices } from '../services.js';
import { diffText, hasChanges } from './diff-output.js';
import {
  azureTarget,
  localStackTarget,
  requireParameters,
  type DiffTarget,
} from './diff-settings.js';
import { CliExit, CliUsageError, type CliIo } from './io.js';
import { readSpecInput } from './read-spec.js';

interface DiffOptions {
  spec: string;
  stateDir: string;
  azure: boolean;
  principalId?: string;
  eventHandlerId?: string;
}

/**
 * A person waits at the terminal: a failed read is retried twice, not for the minutes an
 * activity's pipeline allows (throttling's Retry-After is still honoured, up to 10 s).
 */
const CLI_RETRY = { maxRetries: 2, baseDelayMs: 1_000, maxDelayMs: 10_000 };

export function registerDiffCommand(
  program: Command,
  io: CliIo,
  env: Record<string, string | undefined> = process.env,
): void {
  program
    .command('diff')
    .description(
      'Show what deploying a spec would change: each resource read from the local stack (or Azure with --azure) and compared as the deployment compares it. Changes nothing. Exit 0: no changes, 1: changes, 2: error.',
    )
    .requiredOption('--spec <file>', 'environment spec (JSON)')
    .option('--state-dir <dir>', "the running local stack's state dir", '.state')
    .option(
      '--azure',
      'read Azure with DefaultAzureCredential (az login, environment or managed identity) instead of the local stack',
      false,
    )
    .option(
      '--principal-id <id>',
      "with --azure: the object id of the app's managed identity (default: ACI_VNET_SIDECARS_PRINCIPAL_ID)",
    )
    .option(
      '--event-handler-id <id>',
      "with --azure: the resource id of the app's Event Grid function (default: ACI_VNET_SIDECARS_EVENT_HANDLER_ID)",
    )
    .action(async (options: DiffOptions) => {
      const { input, spec } = await readSpecInput(options.spec);
      const target = diffTarget(options, env);
      const diffs = await readDiffs(target, input);
      const heading = `What deploying ${options.spec} (environment ${spec.name} in ${spec.resourceGroup}) would change in ${target.where}:`;
      io.stdout(diffText(diffs, heading));
      if (hasChanges(diffs)) throw new CliExit(1);
    });
}

function diffTarget(options: DiffOptions, env: Record<string, string | undefined>): DiffTarget {
  if (options.azure) return azureTarget(env, options);
  if (options.principalId !== undefined || options.eventHandlerId !== undefined) {
    throw new CliUsageError(
      '--principal-id and --event-handler-id work with --azure only: the local stack has its own',
    );
  }
  return localStackTarget(options.stateDir);
}

/** Every failure to read becomes one line and exit 2: a diff that could not read says nothing. */
async function readDiffs(target: DiffTarget, input: unknown): Promise<ResourceDiff[]> {
  try {
    const connection = connect(target.settings, { retry: CLI_RETRY });
    const services = createAppServices(target.settings, connection, () => undefined);
    const ctx = environmentContext(services, input, 'diff');
    requireParameters(ctx.plan, ctx.apply.params, target);
    return await diffEnvironment(ctx);
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CliUsageError(`reading ${target.where} failed: ${message.replace(/\s+/g, ' ')}`);
  }
}
