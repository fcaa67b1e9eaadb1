// How ARM gives back what was PUT when it does not echo it: values it never returns, and values
// it returns in its own spelling. bodyDrift (drift.ts) compares through these rules, so a second
// deployment of an unchanged spec sees no drift where Azure only answers in its own form. Each
// rule names where Azure shows it (docs/azure-constraints.md, "ARM answers with its own casing").
import type { JsonValue } from './types.js';

/**
 * Write-only values: taken by a PUT, never returned by a GET. `secureValue` of an ACI environment
 * variable ("aren't visible in your container's properties",
 * container-instances-environment-variables.md); `administratorLoginPassword` (`x-ms-secret`,
 * Sql Servers.json); `password` of registry credentials and gateway certificates and
 * `storageAccountKey` of Azure Files volumes (absent from ContainerGroupsList.json and
 * ApplicationGatewayCreate.json answers); a WebHook's `endpointUrl`, answered as
 * `endpointBaseUrl` (Event Grid EventSubscriptions_CreateOrUpdateForResourceGroup.json).
 */
const WRITE_ONLY = new Set([
  'secureValue',
  'administratorLoginPassword',
  'password',
  'storageAccountKey',
  'endpointUrl',
]);

/**
 * Returned only when asked for: a SQL server's `administrators` ("can only be used at server
 * create time"), which a GET omits without `$expand=administrators/activedirectory` (Sql
 * 2022-08-01-preview ServerGet.json against ServerGetWithExpandEqualsAdministrators.json); and a
 * gateway certificate's PFX `data` (ApplicationGatewayCreate.json).
 */
const READ_ON_REQUEST = [
  /^properties\.administrators$/,
  /sslCertificates\[\d+\]\.properties\.data$/,
];

/**
 * The drift of a desired value Azure did not return, when that is how Azure answers: none for a
 * write-only value, or a WebHook URL compared through the `endpointBaseUrl` Azure gives instead
 * (the URL without its query, which holds the key: inferred from the examples). `undefined` when
 * the value is to be compared as usual.
 */
export function unreturnedDrift(
  key: string,
  desired: JsonValue,
  actual: Record<string, unknown>,
  path: string,
): string[] | undefined {
  if (key in actual) return undefined;
  if (
    key === 'endpointUrl' &&
    typeof desired === 'string' &&
    typeof actual.endpointBaseUrl === 'string'
  )
    return desired.split('?')[0] === actual.endpointBaseUrl ? [] : [path];
  if (WRITE_ONLY.has(key) || READ_ON_REQUEST.some((rule) => rule.test(path))) return [];
  return undefined;
}

/**
 * A role definition id PUT with its subscription scope comes back without it
 * (`/providers/Microsoft.Authorization/roleDefinitions/{guid}`, Authorization 2022-04-01
 * RoleAssignments_CreateForResource.json); ids otherwise compare ignoring case, as ARM does.
 */
function armIdKey(id: string): string {
  return id
    .toLowerCase()
    .replace(
      /^\/subscriptions\/[^/]+(?=\/providers\/microsoft\.authorization\/roledefinitions\/)/,
      '',
    );
}

const sameText = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const normaliseLocation = (location: string) => location.toLowerCase().replace(/\s/g, '');

/**
 * Whether ARM's spelling of a string is the desired one: ids (including their map keys, drift.ts)
 * ignoring case; locations ignoring case and spaces (`Japan East` → `japaneast`, ServerCreate.json;
 * `WestUs`, ContainerGroupsList.json); an Event Grid `topicType` ignoring case (answered
 * lower-cased, SystemTopics_Get.json). Anything else exactly.
 */
export function sameArmString(desired: string, actual: string, path: string): boolean {
  if (desired.startsWith('/subscriptions/') || desired.startsWith('/providers/'))
    return armIdKey(desired) === armIdKey(actual);
  if (path === 'location') return normaliseLocation(desired) === normaliseLocation(actual);
  if (path.endsWith('topicType')) return sameText(desired, actual);
  return desired === actual;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The resource with its SKU named as the desired body names it, when they are the same SKU in
 * another spelling: SQL answers a DTU objective (`S1`) as its edition and DTUs (`Standard`,
 * capacity 20) with `properties.currentServiceObjectiveName: S1` (Sql 2022-08-01-preview
 * CreateDatabaseMin.json: no SKU asked, `Standard`/10 and `S0` answered).
 */
export function inDesiredSpelling(desired: JsonValue, actual: unknown): unknown {
  if (!isObject(desired) || !isObject(actual) || !isObject(actual.properties)) return actual;
  const sku = desired.sku;
  if (!isObject(sku) || typeof sku.name !== 'string' || !isObject(actual.sku)) return actual;
  const objective = actual.properties.currentServiceObjectiveName;
  if (typeof objective !== 'string' || !sameText(objective, sku.name)) return actual;
  return { ...actual, sku: { ...actual.sku, name: sku.name } };
}
