/**
 * The webhook URL lives in a Key Vault secret, and the app setting names that secret. The URL is a
 * credential, and an app setting is an environment variable of the Functions process; a Key Vault
 * reference (`@Microsoft.KeyVault(...)`) in an app setting is resolved by the platform into the
 * same variable. So the app reads the secret itself, with its own identity, when it sends: the
 * URL is never in its environment, and a new version of the secret (a rotated webhook) is used by
 * the next notification, without a restart. What the setting holds, the secret's id, is not
 * secret and is quoted in every message about it; the secret's value never is.
 */

import { classifyFailure } from '../errors.js';
import { NOTIFICATION_FORMATS, type NotificationFormat } from './types.js';
import { isLoopback, webhookTarget, type WebhookTarget } from './webhook-target.js';

export const WEBHOOK_SECRET_SETTING = 'ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_SECRET';
export const FORMAT_SETTING = 'ACI_VNET_SIDECARS_NOTIFY_FORMAT';
/** The webhook URL as an app setting: refused, so that a URL left there is noticed and removed. */
export const URL_SETTING = 'ACI_VNET_SIDECARS_NOTIFY_WEBHOOK_URL';

/** The Key Vault secret holding the webhook URL: `https://<vault>.vault.azure.net/secrets/<name>`. */
export interface WebhookSecret {
  /** The secret's version-less id, as given: not a secret, safe to log. */
  id: string;
  /** `https://<vault>.vault.azure.net`: what the Key Vault adapter is pointed at. */
  vaultUrl: string;
  name: string;
  /** The vault's name, for the `az` commands of a message; undefined locally (a loopback origin). */
  vaultName: string | undefined;
}

/** Where and how to notify: read once from the settings, holding no secret. */
export interface NotifySettings {
  secret: WebhookSecret;
  format: NotificationFormat;
}

export type NotifySettingsResult =
  { ok: true; notify: NotifySettings | undefined } | { ok: false; path: string; message: string };

// The value is never quoted: someone may have pasted the webhook URL itself.
const NOT_SHOWN = '(the value is not shown, in case it is the webhook URL itself)';
const SHAPE = 'https://<vault>.vault.azure.net/secrets/<name>';

/** Key Vault's names: a vault 3-24 letters, digits and single hyphens; a secret 1-127 of those. */
const AZURE_VAULT_HOST = /^([a-z](?:[a-z0-9]|-(?!-)){1,22}[a-z0-9])\.vault\.azure\.net$/;
const SECRET_PATH = /^\/secrets\/([0-9A-Za-z-]{1,127})(?:\/([^/]*))?\/?$/;

/**
 * The notification settings, or the problem with them. Off when the secret setting is empty.
 * In Azure the secret must be in a vault of Azure's public cloud, `https://<vault>.vault.azure.net`
 * (the only cloud this app's settings know); locally (`cloud` local) in a vault of the emulator,
 * whose origins are https on loopback.
 */
export function notifySettings(
  rawSecret: string | undefined,
  rawFormat: string | undefined,
  cloud: 'azure' | 'local',
  rawUrl?: string,
): NotifySettingsResult {
  if (rawUrl?.trim())
    return {
      ok: false,
      path: URL_SETTING,
      message:
        'must not be set: a webhook URL is a credential and app settings are environment variables. ' +
        `Store the URL in a Key Vault secret, give the secret's id in ${WEBHOOK_SECRET_SETTING} ` +
        `(${SHAPE}), and remove this setting ${NOT_SHOWN}`,
    };
  const secretText = rawSecret?.trim() ?? '';
  const formatText = rawFormat?.trim().toLowerCase() ?? '';
  const format = formatText || 'json';
  if (!(NOTIFICATION_FORMATS as readonly string[]).includes(format))
    return { ok: false, path: FORMAT_SETTING, message: 'must be json, teams or slack' };
  if (!secretText) {
    return formatText
      ? {
          ok: false,
          path: FORMAT_SETTING,
          message: `is set but ${WEBHOOK_SECRET_SETTING} is empty`,
        }
      : { ok: true, notify: undefined };
  }
  const secret = webhookSecret(secretText, cloud);
  if (typeof secret === 'string')
    return { ok: false, path: WEBHOOK_SECRET_SETTING, message: `${secret} ${NOT_SHOWN}` };
  return { ok: true, notify: { secret, format: format as NotificationFormat } };
}

/** The secret the setting names, or why it names none. */
function webhookSecret(text: string, cloud: 'azure' | 'local'): WebhookSecret | string {
  if (/^@Microsoft\.KeyVault\(/i.test(text))
    return (
      'is a Key Vault reference, which the platform resolves into an environment variable of the ' +
      `app: give the secret's id itself, ${SHAPE}, and the app reads the URL with its own identity when it sends`
    );
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `must be the id of the Key Vault secret that holds the webhook URL, ${SHAPE}`;
  }
  const vaultName = AZURE_VAULT_HOST.exec(url.hostname)?.[1];
  const isVault = cloud === 'local' ? isLoopback(url.hostname) : vaultName !== undefined;
  const path = SECRET_PATH.exec(url.pathname);
  if (!isVault || !path)
    return (
      'must be the id of a Key Vault secret, not the webhook URL: a webhook URL is a credential and ' +
      'app settings are environment variables, so store the URL in a Key Vault secret ' +
      '(az keyvault secret set --vault-name <vault> --name <name> --file <file holding the URL>) ' +
      `and give the secret's id here, ${SHAPE}` +
      (cloud === 'local' ? ' (locally, a vault of the emulator: https on 127.0.0.1)' : '')
    );
  if (url.protocol !== 'https:') return `must be an https:// Key Vault secret id, ${SHAPE}`;
  if (url.username || url.password || url.search || url.hash)
    return `must be a bare Key Vault secret id, without user name, query or fragment: ${SHAPE}`;
  if (path[2])
    return (
      `must be the version-less id of the secret, ${SHAPE}: the app reads its current version ` +
      'at each notification, so a rotated webhook URL (a new version) is used without a restart'
    );
  const name = path[1] ?? '';
  return {
    id: `${url.origin}/secrets/${name}`,
    vaultUrl: url.origin,
    name,
    vaultName: cloud === 'local' ? undefined : vaultName,
  };
}

/** The current version of a secret as the app's Key Vault adapter reads it; undefined: absent. */
export type ReadSecret = (
  vaultUrl: string,
  name: string,
) => Promise<{ value: string; enabled: boolean } | undefined>;

export type SecretTargetResult =
  { ok: true; target: WebhookTarget } | { ok: false; message: string };

/**
 * The webhook target, read from the secret now, or one line saying why it could not be, naming
 * the secret's id and what to do, never its value. Never throws.
 */
export async function readWebhookTarget(
  read: ReadSecret,
  notify: NotifySettings,
  cloud: 'azure' | 'local',
  principalId: string | undefined,
): Promise<SecretTargetResult> {
  const { secret } = notify;
  const fail = (message: string): SecretTargetResult => ({ ok: false, message });
  const setCommand = `az keyvault secret set --vault-name ${secret.vaultName ?? '<vault>'} --name ${secret.name} --file <file holding the URL>`;
  let current: Awaited<ReturnType<ReadSecret>>;
  try {
    current = await read(secret.vaultUrl, secret.name);
  } catch (error) {
    const failure = classifyFailure(error);
    const status = /\(HTTP (\d{3}) ([\w.-]+)\)\s*$/.exec(failure.message);
    const why = status ? `HTTP ${status[1]} ${status[2]}` : `${failure.kind}/${failure.code}`;
    if (failure.kind === 'forbidden')
      return fail(
        `cannot read the webhook URL from Key Vault secret ${secret.id} (${why}): grant this app's ` +
          `identity "Key Vault Secrets User" on that secret, ${grantCommand(secret, principalId)} ` +
          '(a new role assignment can take up to 10 minutes to apply), and check that the vault ' +
          "lets this app's network in",
      );
    return fail(
      `cannot read the webhook URL from Key Vault secret ${secret.id} (${why}); the next notification tries again`,
    );
  }
  if (!current)
    return fail(
      `Key Vault secret ${secret.id} does not exist: create it holding the webhook URL, ${setCommand}`,
    );
  if (!current.enabled)
    return fail(`Key Vault secret ${secret.id} is disabled: enable it, or ${setCommand}`);
  const target = webhookTarget(current.value, notify.format, cloud);
  if (!target.ok)
    return fail(
      `the value of Key Vault secret ${secret.id} is not a webhook URL this app may use: ${target.problem} ` +
        `(the value is not shown: a webhook URL holds its token); set a new version, ${setCommand}`,
    );
  return target;
}

function grantCommand(secret: WebhookSecret, principalId: string | undefined): string {
  const vault = secret.vaultName
    ? `$(az keyvault show --name ${secret.vaultName} --query id -o tsv)`
    : '<vault resource id>';
  return (
    `az role assignment create --assignee-object-id ${principalId ?? "<this app's principal id>"} ` +
    `--assignee-principal-type ServicePrincipal --role "Key Vault Secrets User" --scope "${vault}/secrets/${secret.name}"`
  );
}
