// A GET response as Azure gives it for a body that was PUT, built from Azure's documented habits
// rather than echoed back, so that drift checks are tested against what Azure really answers.
// Each transformation names where the behaviour is shown.

type Json = Record<string, unknown>;

/**
 * ARM and the Managed Identity RP return `resourcegroups` lower-cased in ids they compose, map
 * keys of `identity.userAssignedIdentities` included (Azure/azure-rest-api-specs#17038,
 * Azure/azure-cli#27099); Compute even upper-cases the group's name (#13491, #8068).
 */
export function recasedId(id: string): string {
  return id.replace(/\/resourceGroups\//i, '/resourcegroups/');
}

function recaseIds(value: unknown): unknown {
  if (typeof value === 'string')
    return value.startsWith('/subscriptions/') ? recasedId(value) : value;
  if (Array.isArray(value)) return value.map(recaseIds);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k.startsWith('/subscriptions/') ? recasedId(k) : k,
        recaseIds(v),
      ]),
    );
  }
  return value;
}

/**
 * A container group GET after a PUT of `body`, shaped like the ContainerInstance 2023-05-01
 * example responses (azure-rest-api-specs `.../2023-05-01/examples/ContainerGroupsList.json`):
 * the location in Azure's display casing, ids re-cased, read-only state added (`id`, `name`,
 * `provisioningState`, each container's `instanceView`, the group's IP), identity entries
 * carrying `principalId` / `clientId`, ports given their default `protocol`, and credentials'
 * secure values omitted.
 */
export function containerGroupAsAzureAnswers(id: string, body: Json, ip: string): Json {
  const shaped = structuredClone(recaseIds(body)) as Json & {
    properties: Json & { containers?: Json[]; ipAddress?: Json };
    identity?: { userAssignedIdentities?: Record<string, Json> };
  };
  const properties = shaped.properties;
  for (const container of properties.containers ?? []) {
    const p = container.properties as Json & {
      ports?: Json[];
      environmentVariables?: Json[];
    };
    p.instanceView = {
      restartCount: 0,
      currentState: { state: 'Running', startTime: '2026-11-30T06:00:00Z', detailStatus: '' },
      events: [],
    };
    for (const port of p.ports ?? []) port.protocol ??= 'TCP';
    for (const variable of p.environmentVariables ?? []) delete variable.secureValue;
  }
  if (properties.ipAddress) properties.ipAddress = { ...properties.ipAddress, ip };
  properties.provisioningState = 'Succeeded';
  for (const entry of Object.values(shaped.identity?.userAssignedIdentities ?? {})) {
    entry.principalId = '6d2a1b0c-0000-4000-8000-00000000a001';
    entry.clientId = '6d2a1b0c-0000-4000-8000-00000000a002';
  }
  return {
    id: recasedId(id),
    name: id.split('/').at(-1),
    type: 'Microsoft.ContainerInstance/containerGroups',
    ...shaped,
    location: displayLocation(typeof body.location === 'string' ? body.location : ''),
  };
}

/** `westeurope` → `WestEurope`, as the example answers `WestUs` for `westus`. */
function displayLocation(location: string): string {
  return location.replace(/(^|north|south|east|west|central)/g, (w) =>
    w ? w[0]!.toUpperCase() + w.slice(1) : w,
  );
}
