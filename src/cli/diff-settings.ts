// The app settings `diff` builds its plan with, since the plan depends on them (the Event Grid
// destination, the app's principal, its outbound subnet, the ACME roots): locally the running
// stack's own, against Azure the settings the app has there, from options or the environment.
import { readFileSync } from 'node:fs';
import { findReferences, type Plan } from '../plan/index.js';
import { readSettings, type AppSettings } from '../settings.js';
import { formatProblems } from '../spec/index.js';
import { CliUsageError } from './io.js';
import { readStackFile } from './local-stack/stack-file.js';

/** Where `diff` reads, and with which settings. */
export interface DiffTarget {
  settings: AppSettings;
  /** For messages: "the local stack in .state", "Azure". */
  where: string;
  /** The file the settings were read from (the local stack's); none for options and environment. */
  settingsFile?: string;
}

export interface AzureDiffOptions {
  principalId?: string;
  eventHandlerId?: string;
}

/**
 * The running local stack (`<state-dir>/stack.json`), with the app settings its Functions host
 * runs with: the same plan, byte for byte, as the stack's deployments. Only the file's `Values`
 * are read; its function key is left alone.
 */
export function localStackTarget(stateDir: string): DiffTarget {
  const stack = readStackFile(stateDir);
  if (!stack.appSettingsFile) {
    throw new CliUsageError(
      `the local stack in ${stateDir} does not say where its app settings are (it was started by an older version): restart it`,
    );
  }
  return {
    settings: validSettings(appSettingValues(stack.appSettingsFile), stack.appSettingsFile),
    where: `the local stack in ${stateDir}`,
    settingsFile: stack.appSettingsFile,
  };
}

function appSettingValues(file: string): Record<string, string | undefined> {
  let values: unknown;
  try {
    values = (JSON.parse(readFileSync(file, 'utf8')) as { Values?: unknown }).Values;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'not JSON';
    throw new CliUsageError(`cannot read the local stack's app settings ${file}: ${reason}`);
  }
  if (typeof values !== 'object' || values === null)
    throw new CliUsageError(`${file} has no Values: is it the local stack's local.settings.json?`);
  return values as Record<string, string | undefined>;
}

/** The settings of the app in Azure that shape its plan; the others do not matter to a diff. */
const PLAN_SETTINGS = [
  'ACI_VNET_SIDECARS_ARM_ENDPOINT',
  'ACI_VNET_SIDECARS_PRINCIPAL_ID',
  'ACI_VNET_SIDECARS_EVENT_HANDLER_ID',
  'ACI_VNET_SIDECARS_EVENT_WEBHOOK_URL',
  'ACI_VNET_SIDECARS_OUTBOUND_SUBNET_ID',
  'ACI_VNET_SIDECARS_ACME_TRUSTED_ROOTS',
] as const;

/**
 * Azure, through DefaultAzureCredential (the user's `az login`, environment or managed identity):
 * the app's settings that shape the plan come from the environment, under the names the app has
 * them (`az functionapp config appsettings list`), and options win over them.
 */
export function azureTarget(
  env: Record<string, string | undefined>,
  options: AzureDiffOptions,
): DiffTarget {
  const values: Record<string, string | undefined> = Object.fromEntries(
    PLAN_SETTINGS.map((name) => [name, env[name]]),
  );
  values.ACI_VNET_SIDECARS_CLOUD = 'azure';
  if (options.principalId !== undefined)
    values.ACI_VNET_SIDECARS_PRINCIPAL_ID = options.principalId;
  if (options.eventHandlerId !== undefined)
    values.ACI_VNET_SIDECARS_EVENT_HANDLER_ID = options.eventHandlerId;
  return { settings: validSettings(values, 'the options and environment'), where: 'Azure' };
}

function validSettings(values: Record<string, string | undefined>, from: string): AppSettings {
  const result = readSettings(values);
  if (result.ok) return result.settings;
  throw new CliUsageError(`invalid settings in ${from}:\n${formatProblems(result.problems)}`);
}

/** Where each deployment parameter of the plan comes from; tenantId is read from an identity. */
const PARAMETERS: Readonly<Record<string, { what: string; option: string; setting: string }>> = {
  deployerPrincipalId: {
    what: "the object id of the app's managed identity",
    option: '--principal-id',
    setting: 'ACI_VNET_SIDECARS_PRINCIPAL_ID',
  },
  eventHandlerFunctionId: {
    what: "the resource id of the app's Event Grid function",
    option: '--event-handler-id',
    setting: 'ACI_VNET_SIDECARS_EVENT_HANDLER_ID',
  },
};

/**
 * Every `${param:…}` of the plan has a value, but tenantId (the stages read it from an identity):
 * without one, the resources it is in could not be compared, so the diff stops before reading.
 */
export function requireParameters(
  plan: Plan,
  params: Readonly<Record<string, string | undefined>>,
  target: Pick<DiffTarget, 'settingsFile'>,
): void {
  const names = new Set(
    plan.resources.flatMap((r) =>
      findReferences(r.body).flatMap((ref) => (ref.kind === 'param' ? [ref.name] : [])),
    ),
  );
  const missing = [...names].filter((name) => name !== 'tenantId' && !params[name]).sort();
  if (missing.length === 0) return;
  const needs = missing.map((name) => {
    const parameter = PARAMETERS[name];
    if (!parameter) return `the parameter ${name}`;
    const from = target.settingsFile
      ? `${parameter.setting} in ${target.settingsFile}`
      : `${parameter.option} or ${parameter.setting}`;
    return `${parameter.what} (${from})`;
  });
  throw new CliUsageError(`the plan needs ${needs.join(' and ')}`);
}
