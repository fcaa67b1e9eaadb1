// Per resource type: how its RP answers a GET or a PUT, shaped on Microsoft's x-ms-examples in
// azure-rest-api-specs (each rule names its example). Types without an entry get only the
// generic shaping of arm-shape.ts.
import type { ArmResource, Json } from '../core/model.js';
import type { ArmRead } from './arm-shape.js';
import { applicationGateway, privateEndpoint, virtualNetwork } from './arm-shape-network.js';
import { sqlDatabase } from './arm-shape-sql.js';
import { armCasedId, emptyListsAbsent, listAt, propertiesOf } from './arm-shape-values.js';

type Shape = (resource: ArmResource, read: ArmRead) => void;

/**
 * ContainerInstance 2023-05-01 (`…/Microsoft.ContainerInstance/stable/2023-05-01/examples/`):
 * - ContainerGroupsList.json: the location in display casing (`WestUs`); a registry credential
 *   with `server` and `username`, no `password`; an Azure Files volume without
 *   `storageAccountKey`; containers with `command: []` and `environmentVariables: []`.
 * - ContainerGroupCreateConfidential.json: `initContainers: []` and `imageRegistryCredentials: []`
 *   added when the request had none.
 * - Secure environment variables "aren't visible in your container's properties"
 *   (`articles/container-instances/container-instances-environment-variables.md`).
 * - `sku: Standard` when absent: inferred (the examples always show a SKU).
 */
function containerGroup(group: ArmResource): void {
  const p = propertiesOf(group);
  p.sku ??= 'Standard';
  emptyListsAbsent(p, ['initContainers', 'imageRegistryCredentials']);
  for (const container of listAt(p, 'containers'))
    emptyListsAbsent(propertiesOf(container), ['command', 'environmentVariables']);
  for (const container of [...listAt(p, 'containers'), ...listAt(p, 'initContainers')]) {
    for (const variable of listAt(propertiesOf(container), 'environmentVariables'))
      delete variable.secureValue;
  }
  for (const credential of listAt(p, 'imageRegistryCredentials')) delete credential.password;
  for (const volume of listAt(p, 'volumes')) {
    const share = volume.azureFile as Json | undefined;
    if (share && typeof share === 'object') delete share.storageAccountKey;
  }
  if (typeof group.location === 'string') group.location = displayLocation(group.location);
}

/** Words of Azure region names, capitalised in the display form. */
const REGION_WORDS =
  /north|south|east|west|central|europe|us|asia|pacific|uk|japan|india|brazil|canada|australia|france|germany|korea|norway|switzerland|uae|africa|sweden|poland|italy|israel|mexico|qatar|spain/g;

/** `westeurope` → `WestEurope`, as ContainerGroupsList.json answers `WestUs` for `westus`. */
function displayLocation(location: string): string {
  return location
    .replace(REGION_WORDS, (word) => word[0]!.toUpperCase() + word.slice(1))
    .replace(/^[a-z]/, (first) => first.toUpperCase());
}

/**
 * SQL 2022-08-01-preview (`…/Microsoft.Sql/preview/2022-08-01-preview/`): `administratorLoginPassword`
 * is `x-ms-secret` (Servers.json) and never returned; `administrators` ("can only be used at
 * server create time", mutability read/create) is in the PUT's answer (ServerCreate.json) but a GET
 * returns it only with `$expand=administrators/activedirectory` (ServerGet.json against
 * ServerGetWithExpandEqualsAdministrators.json); `kind: v12.0` (both).
 */
function sqlServer(server: ArmResource, read: ArmRead): void {
  const p = propertiesOf(server);
  delete p.administratorLoginPassword;
  const expanded = (read.expand ?? '')
    .toLowerCase()
    .split(',')
    .includes('administrators/activedirectory');
  if (read.method === 'GET' && !expanded) delete p.administrators;
  server.kind ??= 'v12.0';
}

/**
 * Managed Identity 2024-11-30 (IdentityGet.json, IdentityCreate.json): its own id with
 * `resourcegroups` lower-cased (also azure-cli#27099, pulumi-azure-native#2152), and
 * `isolationScope: None`.
 */
function userAssignedIdentity(identity: ArmResource): void {
  identity.id = armCasedId(identity.id);
  propertiesOf(identity).isolationScope ??= 'None';
}

/**
 * Authorization 2022-04-01 (RoleAssignments_CreateForResource.json): a role definition PUT as
 * `/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}` comes back as
 * `/providers/Microsoft.Authorization/roleDefinitions/{guid}`.
 */
function roleAssignment(assignment: ArmResource): void {
  const p = propertiesOf(assignment);
  if (typeof p.roleDefinitionId === 'string')
    p.roleDefinitionId = p.roleDefinitionId.replace(
      /^\/subscriptions\/[^/]+(?=\/providers\/Microsoft\.Authorization\/roleDefinitions\/)/i,
      '',
    );
}

/** Event Grid 2022-06-15 (SystemTopics_Get.json): `topicType` lower-cased. */
function systemTopic(topic: ArmResource): void {
  const p = propertiesOf(topic);
  if (typeof p.topicType === 'string') p.topicType = p.topicType.toLowerCase();
}

/**
 * Event Grid 2022-06-15 (EventSubscriptions_CreateOrUpdateForResourceGroup.json,
 * …_GetForCustomTopic_WebhookDestination.json, SystemTopicEventSubscriptions_Get.json): a WebHook
 * destination answers `endpointBaseUrl`, never the `endpointUrl` it was given (its query holds
 * the function key; the base being the URL without its query is inferred); `topic` is the
 * parent; `filter.isSubjectCaseSensitive` false when not set.
 */
function eventSubscription(subscription: ArmResource): void {
  const p = propertiesOf(subscription);
  const destination = p.destination as Json | undefined;
  if (destination && typeof destination === 'object') {
    const d = propertiesOf(destination);
    if (typeof d.endpointUrl === 'string') d.endpointBaseUrl = d.endpointUrl.split('?')[0];
    delete d.endpointUrl;
  }
  p.topic ??= subscription.id.split(/\/eventSubscriptions\//i)[0];
  if (p.filter && typeof p.filter === 'object') (p.filter as Json).isSubjectCaseSensitive ??= false;
}

const SHAPES: Record<string, Shape> = {
  'microsoft.containerinstance/containergroups': containerGroup,
  'microsoft.sql/servers': sqlServer,
  'microsoft.sql/servers/databases': sqlDatabase,
  'microsoft.managedidentity/userassignedidentities': userAssignedIdentity,
  'microsoft.authorization/roleassignments': roleAssignment,
  'microsoft.eventgrid/systemtopics': systemTopic,
  'microsoft.eventgrid/systemtopics/eventsubscriptions': eventSubscription,
  'microsoft.eventgrid/eventsubscriptions': eventSubscription,
  'microsoft.network/applicationgateways': applicationGateway,
  'microsoft.network/virtualnetworks': virtualNetwork,
  'microsoft.network/privateendpoints': privateEndpoint,
};

export function typeShape(type: string): Shape | undefined {
  return SHAPES[type.toLowerCase()];
}
